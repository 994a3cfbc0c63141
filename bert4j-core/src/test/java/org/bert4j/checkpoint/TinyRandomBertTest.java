package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same tiny random BERT as pytorch_model.bin and as model.safetensors. */
class TinyRandomBertTest {
    @TempDir Path tmp;

    @Test
    void pytorchBinAndSafetensorsHoldIdenticalTensors() {
        Path dir = Fixtures.tinyRandomBert();
        try (TensorSource bin = PyTorchBinReader.open(dir.resolve("pytorch_model.bin"));
             TensorSource st = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            assertEquals(90, bin.names().size());
            assertEquals(bin.names(), st.names());
            for (String n : bin.names()) {
                TensorData a = bin.get(n), b = st.get(n);
                assertEquals(a.dtype(), b.dtype(), n);
                assertArrayEquals(a.shape(), b.shape(), n);
                assertEquals(a.data(), b.data(), n + " differs");
            }
        }
    }

    @Test
    void canonicalNamesAndShapes() {
        Path dir = Fixtures.tinyRandomBert();
        for (Path p : new Path[] {dir, dir.resolve("pytorch_model.bin")}) {
            try (TensorSource s = Checkpoints.open(p)) {
                assertEquals(89, s.names().size(), "position_ids is dropped");
                assertFalse(s.contains("embeddings.position_ids"));
                assertArrayEquals(new long[] {1124, 32}, s.get("embeddings.word_embeddings.weight").shape());
                assertArrayEquals(new long[] {16, 32}, s.get("embeddings.token_type_embeddings.weight").shape());
                assertArrayEquals(new long[] {37, 32}, s.get("encoder.layer.4.intermediate.dense.weight").shape());
                assertArrayEquals(new long[] {32, 37}, s.get("encoder.layer.4.output.dense.weight").shape());
                assertArrayEquals(new long[] {2, 32}, s.get("classifier.weight").shape());
                assertTrue(s.contains("pooler.dense.bias"));
                assertEquals("encoder.layer.0.attention.self.query.weight", s.get("encoder.layer.0.attention.self.query.weight").name());
                assertTrue(((NormalizedTensorSource) s).unknownNames().isEmpty(), ((NormalizedTensorSource) s).unknownNames().toString());
                for (String n : s.names()) assertTrue(ParamNames.isCanonical(n), n);
                CheckpointException e = assertThrows(CheckpointException.class, () -> s.get("cls.predictions.bias"));
                assertTrue(e.getMessage().contains(p.toString()) || e.getMessage().contains(dir.toString()), e.getMessage());
            }
        }
    }

    @Test
    void pytorchToSafetensorsConversionRoundTrips() {
        Path dir = Fixtures.tinyRandomBert();
        Path out = tmp.resolve("converted.safetensors");
        try (TensorSource bin = PyTorchBinReader.open(dir.resolve("pytorch_model.bin"))) {
            SafetensorsWriter.write(out, bin, Map.of("format", "pt"));
            try (TensorSource back = SafetensorsReader.open(out)) {
                assertEquals(bin.names(), back.names());
                for (String n : bin.names()) assertEquals(bin.get(n), back.get(n), n);
            }
        }
    }
}
