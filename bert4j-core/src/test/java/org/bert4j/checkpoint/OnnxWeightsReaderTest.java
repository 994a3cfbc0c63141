package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sentence-transformers all-MiniLM-L6-v2 (6 layers, hidden 384, intermediate 1536) as exported to ONNX.
 * Golden values from reference/checkpoint_golden.py (numpy-only protobuf reader).
 */
class OnnxWeightsReaderTest {
    static Path model;

    @BeforeAll
    static void extract() throws Exception {
        model = Fixtures.miniLmOnnx();
    }

    @Test
    void allCanonicalEncoderWeightsArePresent() {
        try (TensorSource s = Checkpoints.open(model)) {
            List<String> expected = new ArrayList<>(List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
            for (int l = 0; l < 6; l++) {
                for (String p : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                        "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")) {
                    expected.add("encoder.layer." + l + "." + p + ".weight");
                    expected.add("encoder.layer." + l + "." + p + ".bias");
                }
            }
            assertEquals(new java.util.TreeSet<>(expected), s.names());
            assertArrayEquals(new long[] {30522, 384}, s.get("embeddings.word_embeddings.weight").shape());
            for (int l = 0; l < 6; l++) {
                assertArrayEquals(new long[] {384, 384}, s.get("encoder.layer." + l + ".attention.self.key.weight").shape());
                assertArrayEquals(new long[] {1536, 384}, s.get("encoder.layer." + l + ".intermediate.dense.weight").shape());
                assertArrayEquals(new long[] {384, 1536}, s.get("encoder.layer." + l + ".output.dense.weight").shape());
            }
            assertEquals(236.85435231029987, Fixtures.sum(s.get("embeddings.LayerNorm.weight").toFloatArray()), 1e-9);
        }
    }

    @Test
    void anonymousMatMulWeightsAreNamedFromTheGraphAndTransposed() {
        try (OnnxWeightsReader raw = OnnxWeightsReader.open(model); TensorSource s = Checkpoints.open(model)) {
            assertEquals("onnx::MatMul_787", raw.storedName("encoder.layer.0.attention.self.query.kernel"));
            assertEquals("onnx::MatMul_798", raw.storedName("encoder.layer.0.intermediate.dense.kernel"));
            assertEquals("onnx::MatMul_864", raw.storedName("encoder.layer.5.output.dense.kernel"));
            // onnx::MatMul_787 is [in, out] and starts -0.1486196219921112 0.035969655960798264
            float[] q = s.get("encoder.layer.0.attention.self.query.weight").toFloatArray();
            assertEquals(13.52819408863644, Fixtures.sum(q), 1e-9);
            assertEquals(-0.1486196219921112f, q[0]);
            assertEquals(0.035969655960798264f, q[384]);
            // onnx::MatMul_798 (intermediate, [384, 1536]) starts -0.028725892305374146 -0.011768140830099583
            float[] inter = s.get("encoder.layer.0.intermediate.dense.weight").toFloatArray();
            assertEquals(-0.011768140830099583f, inter[384]);
            // a whole row of the weight is a column of the stored matrix
            float[] stored = raw.get("encoder.layer.3.attention.output.dense.kernel").toFloatArray();
            float[] w = s.get("encoder.layer.3.attention.output.dense.weight").toFloatArray();
            for (int o = 0; o < 384; o++) for (int i = 0; i < 384; i++) assertEquals(stored[i * 384 + o], w[o * 384 + i]);
        }
    }
}
