package org.bert4j.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bert4j.model.BertModels;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;
import org.junit.jupiter.api.Test;

class InputsTest {
    final BertTokenizer tok = BertTokenizer.fromModelFolder(SharedData.data("tiny-random-bert"), true);

    @Test
    void longInputsAreTruncatedOrRejected() {
        String text = "the quick brown fox jumps over the lazy dog again and again";
        Inputs full = Inputs.encode(tok, text, null, 0, true);
        Inputs cut = Inputs.encode(tok, text, null, 8, true);
        assertEquals(8, cut.length());
        assertEquals("[SEP]", cut.tokens()[7]);
        assertArrayEquals(java.util.Arrays.copyOf(full.inputIds(), 7), java.util.Arrays.copyOf(cut.inputIds(), 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inputs.encode(tok, text, null, 8, false));
        assertTrue(e.getMessage().contains("longer than") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void embedderPoolingsAgreeWithTheTokenRows() {
        Embedder emb = new Embedder(BertModels.load(SharedData.data("tiny-random-bert")), tok, 0, true);
        List<Inputs> in = List.of(emb.encode("a short one", null), emb.encode("and a somewhat longer second text", "with a pair"));
        List<Embedder.TokenEmbeddings> rows = emb.tokenEmbeddings(in, new int[] {-1, 0});
        List<float[]> cls = emb.pooled(in, new int[] {-1, 0}, Embedder.Pooling.CLS);
        List<float[]> mean = emb.pooled(in, new int[] {-1}, Embedder.Pooling.MEAN);
        for (int i = 0; i < 2; i++) {
            float[][] last = rows.get(i).values()[0];
            assertEquals(in.get(i).length(), last.length);
            assertArrayEquals(last[0], java.util.Arrays.copyOfRange(cls.get(i), 0, 32));
            assertArrayEquals(rows.get(i).values()[1][0], java.util.Arrays.copyOfRange(cls.get(i), 32, 64));
            for (int j = 0; j < 32; j++) {
                double s = 0;
                for (float[] r : last) s += r[j];
                assertEquals(s / last.length, mean.get(i)[j], 1e-6);
            }
        }
        // batched equals alone (to float rounding: a different row count may change the kernels' tiling)
        assertArrayEquals(mean.get(1), emb.pooled(List.of(in.get(1)), new int[] {-1}, Embedder.Pooling.MEAN).get(0), 1e-6f);
        assertEquals(32, emb.pooled(in, new int[] {-1}, Embedder.Pooling.POOLER).get(0).length);
        assertThrows(IllegalArgumentException.class, () -> emb.pooled(in, new int[] {6}, Embedder.Pooling.MEAN));
        assertArrayEquals(emb.pooled(in, new int[] {5}, Embedder.Pooling.MEAN).get(0), mean.get(0));
    }
}
