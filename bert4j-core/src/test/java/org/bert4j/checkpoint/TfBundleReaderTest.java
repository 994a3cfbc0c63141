package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-base uncased (12 layers, hidden 768, vocab 30522) as a TF-Hub SavedModel bundle. The
 * golden sums and first values were computed by reference/checkpoint_golden.py, an independent
 * numpy reader of the same .index/.data files.
 */
class TfBundleReaderTest {
    static Path index;

    @BeforeAll
    static void extract() throws Exception {
        index = Fixtures.easyBertVariablesIndex();
    }

    @Test
    void rawNamesAreTfHubScopedAndChecksumsMatch() {
        try (TfBundleReader r = TfBundleReader.open(index)) {
            assertTrue(r.names().contains("module/bert/encoder/layer_11/output/LayerNorm/gamma"), r.names().toString());
            assertTrue(r.verifyChecksum("module/bert/embeddings/LayerNorm/gamma"));
            assertTrue(r.verifyChecksum("module/bert/encoder/layer_0/attention/self/query/kernel"));
        }
    }

    @Test
    void allCanonicalBertBaseWeightsArePresentWithPyTorchShapes() {
        try (TensorSource s = Checkpoints.open(index.getParent())) {
            List<String> expected = new ArrayList<>(List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
                    "pooler.dense.weight", "pooler.dense.bias", "cls.predictions.transform.dense.weight",
                    "cls.predictions.transform.dense.bias", "cls.predictions.transform.LayerNorm.weight",
                    "cls.predictions.transform.LayerNorm.bias", "cls.predictions.bias"));
            for (int l = 0; l < 12; l++) {
                for (String p : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                        "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")) {
                    expected.add("encoder.layer." + l + "." + p + ".weight");
                    expected.add("encoder.layer." + l + "." + p + ".bias");
                }
            }
            assertEquals(new java.util.TreeSet<>(expected), s.names());
            assertArrayEquals(new long[] {30522, 768}, s.get("embeddings.word_embeddings.weight").shape());
            assertArrayEquals(new long[] {512, 768}, s.get("embeddings.position_embeddings.weight").shape());
            assertArrayEquals(new long[] {2, 768}, s.get("embeddings.token_type_embeddings.weight").shape());
            assertArrayEquals(new long[] {3072, 768}, s.get("encoder.layer.5.intermediate.dense.weight").shape());
            assertArrayEquals(new long[] {768, 3072}, s.get("encoder.layer.5.output.dense.weight").shape());
            assertArrayEquals(new long[] {30522}, s.get("cls.predictions.bias").shape());
        }
    }

    @Test
    void valuesMatchTheIndependentReader() {
        try (TensorSource s = Checkpoints.open(index.getParent())) {
            float[] g = s.get("embeddings.LayerNorm.weight").toFloatArray();
            assertEquals(652.2688983008265, Fixtures.sum(g), 1e-9);
            assertEquals(0.9260566234588623f, g[0]);
            assertEquals(0.8851115107536316f, g[1]);
            float[] words = s.get("embeddings.word_embeddings.weight").toFloatArray();
            assertEquals(-656919.5828168299, Fixtures.sum(words), 1e-4);
            assertEquals(-0.061548829078674316f, words[1]);
            assertEquals(-6889.966620821819, Fixtures.sum(s.get("cls.predictions.bias").toFloatArray()), 1e-7);
            assertEquals(-14.0, Math.rint(Fixtures.sum(s.get("encoder.layer.0.attention.output.LayerNorm.bias").toFloatArray())));
            // The kernel is stored [in, out]: raw [0][0..2] = -0.01640571653842926 -0.0325702540576458 0.010462949052453041
            TensorData q = s.get("encoder.layer.0.attention.self.query.weight");
            float[] w = q.toFloatArray();
            assertEquals(20.988179072366833, Fixtures.sum(w), 1e-7);
            assertEquals(-0.01640571653842926f, w[0]);          // [0][0]
            assertEquals(-0.0325702540576458f, w[768]);         // [1][0]
            assertEquals(0.010462949052453041f, w[2 * 768]);    // [2][0]
            // intermediate kernel [768, 3072] raw [0][1] = -0.06039799749851227 -> weight [1][0]
            float[] inter = s.get("encoder.layer.0.intermediate.dense.weight").toFloatArray();
            assertEquals(-0.06039799749851227f, inter[768]);
            assertEquals(-71.8141439502372, Fixtures.sum(inter), 1e-6);
        }
    }

    @Test
    void everyTransposedKernelIsTheTransposeOfTheStoredOne() {
        try (TfBundleReader raw = TfBundleReader.open(index); TensorSource s = Checkpoints.open(index)) {
            TensorData kernel = raw.get("module/bert/encoder/layer_7/output/dense/kernel"); // [3072, 768]
            TensorData weight = s.get("encoder.layer.7.output.dense.weight");              // [768, 3072]
            float[] k = kernel.toFloatArray(), w = weight.toFloatArray();
            for (int i = 0; i < 3072; i += 7) {
                for (int o = 0; o < 768; o += 5) assertEquals(k[i * 768 + o], w[o * 3072 + i]);
            }
        }
    }
}
