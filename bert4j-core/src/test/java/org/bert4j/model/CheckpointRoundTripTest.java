package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.SafetensorsWriter;
import org.bert4j.checkpoint.TensorData;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.nn.Param;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading: bit-exact round trips, format independence, and loud failures on bad checkpoints. */
class CheckpointRoundTripTest {
    @TempDir Path tmp;

    @Test
    void saveThenLoadIsBitExactAndGivesIdenticalOutputs() throws Exception {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertForPreTraining m = BertForPreTraining.load(f.weights, f.config);
            // kept in target/ so reference/check_saved_folder.py can read it as Hugging Face would
            Path out = Path.of("target", "saved-tiny").toAbsolutePath();
            m.save(out, null);
            try (TensorSource raw = Checkpoints.openRaw(out.resolve("model.safetensors"))) {
                assertTrue(raw.contains("bert.encoder.layer.2.output.LayerNorm.weight"), raw.names().toString());
                assertTrue(raw.contains("cls.predictions.bias"));
                assertTrue(raw.contains("cls.seq_relationship.weight"));
                assertEquals(m.params().size(), raw.names().size());
            }
            JsonNode cfg = new ObjectMapper().readTree(out.resolve("config.json").toFile());
            assertEquals("BertForPreTraining", cfg.get("architectures").get(0).asText());
            assertEquals("bert", cfg.get("model_type").asText());
            assertEquals("gelu", cfg.get("hidden_act").asText());
            assertEquals(0.0, cfg.get("hidden_dropout_prob").asDouble());

            BertForPreTraining back = BertForPreTraining.load(out, null);
            assertEquals(f.config, back.config());
            List<Param> a = m.params(), b = back.params();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).name(), b.get(i).name());
                assertArrayEquals(a.get(i).value(), b.get(i).value(), a.get(i).name());
            }
            BertForPreTraining.Output o1 = m.forward(f.batch()), o2 = back.forward(f.batch());
            assertArrayEquals(o1.mlmLogits(), o2.mlmLogits());
            assertArrayEquals(o1.nspLogits(), o2.nspLogits());
            assertArrayEquals(o1.bert().lastHiddenState(), o2.bert().lastHiddenState());
        }
    }

    @Test
    void tinyRandomBertGivesIdenticalOutputsFromPyTorchBinAndSafetensors() {
        Path dir = SharedData.data("tiny-random-bert");
        BertModel bin = BertModels.load(dir.resolve("pytorch_model.bin"));
        BertModel st = BertModels.load(dir.resolve("model.safetensors"));
        assertEquals(32, bin.config().hiddenSize());
        assertEquals(5, bin.config().numHiddenLayers());
        assertEquals(16, bin.config().typeVocabSize());
        int[][] ids = {{2, 100, 200, 300, 3}, {2, 1000, 3, 0, 0}};
        int[][] types = {{0, 0, 0, 1, 1}, {0, 15, 0, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        BertModel.Output a = bin.forward(ids, types, mask), b = st.forward(ids, types, mask);
        for (int i = 0; i <= 5; i++) assertArrayEquals(a.hiddenStates().get(i), b.hiddenStates().get(i), "layer " + i);
        assertArrayEquals(a.pooled(), b.pooled());
        // and loading the folder picks one of them with the folder's config.json
        assertArrayEquals(a.pooled(), BertModels.load(dir).forward(ids, types, mask).pooled());
    }

    @Test
    void configNotMatchingTheWeightsListsEveryProblemInOneMessage() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertConfig wrong = new BertConfig(99, 36, 2, 4, 40, "gelu", 0f, 0f, 40, 2, 0.02f, 1e-12f); // 2 layers, intermediate 40
            CheckpointException e = assertThrows(CheckpointException.class, () -> BertModel.load(f.weights, wrong));
            String m = e.getMessage();
            assertTrue(m.contains("weights.safetensors"), m);
            assertTrue(m.contains("unexpected keys") && m.contains("encoder.layer.2.output.dense.weight"), m);
            assertTrue(m.contains("shape mismatches") && m.contains("encoder.layer.0.intermediate.dense.weight: checkpoint [37, 36], model [40, 36]"), m);
        }
    }

    @Test
    void checkpointWithMissingTensorsNamesThemAndTheFile() throws Exception {
        Path file = tmp.resolve("partial.safetensors");
        try (TinyFixture f = new TinyFixture("gelu")) {
            List<TensorData> kept = new ArrayList<>();
            for (String n : f.weights.names()) if (!n.startsWith("encoder.layer.1.attention")) kept.add(f.weights.get(n));
            SafetensorsWriter.write(file, kept, Map.of());
            try (TensorSource s = Checkpoints.open(file)) {
                CheckpointException e = assertThrows(CheckpointException.class, () -> BertModel.load(s, f.config));
                assertTrue(e.getMessage().contains("partial.safetensors"), e.getMessage());
                assertTrue(e.getMessage().contains("missing keys (10)"), e.getMessage());
                assertTrue(e.getMessage().contains("encoder.layer.1.attention.self.query.weight"), e.getMessage());
            }
        }
    }

    @Test
    void truncatedCheckpointFailsNamingTheFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("truncated"));
        byte[] all = Files.readAllBytes(TinyFixture.dir().resolve("weights.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length / 2));
        Files.copy(TinyFixture.dir().resolve("config.json"), dir.resolve("config.json"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> BertModels.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("model.safetensors").toString()), e.getMessage());
    }
}
