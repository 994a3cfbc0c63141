package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationFeaturesTest {
    @TempDir Path tmp;

    // ids: [PAD]0 [UNK]1 [CLS]2 [SEP]3 [MASK]4 a5 b6 c7 d8 e9 f10 g11 h12
    private BertTokenizer tokenizer() throws IOException {
        Path f = tmp.resolve("vocab.txt");
        Files.write(f, List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "d", "e", "f", "g", "h"));
        return BertTokenizer.fromVocab(f, true);
    }

    /** run_classifier.py _truncate_seq_pair, literally. */
    private static int[] googleLoop(int n1, int n2, int budget) {
        while (n1 + n2 > budget) {
            if (n1 > n2) n1--;
            else n2--;
        }
        return new int[] {n1, n2};
    }

    @Test
    void truncateSeqPairEqualsGooglesLoop() {
        for (int a = 0; a <= 14; a++) {
            for (int b = 0; b <= 14; b++) {
                for (int budget = 0; budget <= 30; budget++) {
                    assertArrayEquals(googleLoop(a, b, budget), ClassificationFeatures.truncateSeqPair(a, b, budget),
                                      "len1 " + a + " len2 " + b + " budget " + budget);
                }
            }
        }
    }

    @Test
    void pairIsPackedWithSegmentIdsAndLabelIndex() throws IOException {
        List<Feature> fs = ClassificationFeatures.encode(tokenizer(),
            List.of(Example.pair("dev-0", "a b", "c", "not_entailment")), 128, GlueTask.RTE);
        Feature f = fs.getFirst();
        assertArrayEquals(new int[] {2, 5, 6, 3, 7, 3}, f.inputIds());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, f.typeIds());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, f.attentionMask());
        assertEquals(1, f.labelIndex());
        assertTrue(Float.isNaN(f.score()));
        assertFalse(f.truncated());
        assertEquals("dev-0", f.guid());
    }

    @Test
    void longerSequenceIsCutFirst() throws IOException {
        // A has 6 tokens, B 2; max 8 leaves 5: A keeps 3, B keeps 2
        Feature f = ClassificationFeatures.encode(tokenizer(),
            List.of(Example.pair("x", "a b c d e f", "g h", "1")), 8, GlueTask.MRPC).getFirst();
        assertArrayEquals(new int[] {2, 5, 6, 7, 3, 11, 12, 3}, f.inputIds());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, f.typeIds());
        assertTrue(f.truncated());
    }

    @Test
    void equalLengthsGiveTheOddTokenToAAsGoogleDoes() throws IOException {
        BertTokenizer tok = tokenizer();
        // 3 + 3 tokens, max 8 leaves 5. Google: A 3, B 2. The tokenizer's Rust-style LONGEST_FIRST: A 2, B 3.
        Feature f = ClassificationFeatures.encode(tok, List.of(Example.pair("x", "a b c", "d e f", "1")), 8, GlueTask.MRPC).getFirst();
        assertArrayEquals(new int[] {2, 5, 6, 7, 3, 8, 9, 3}, f.inputIds());
        int[] hfFast = tok.encode("a b c", "d e f", EncodeOptions.maxLength(8)).ids();
        assertArrayEquals(new int[] {2, 5, 6, 3, 8, 9, 10, 3}, hfFast, "documented difference from HF fast tokenizers");
    }

    @Test
    void singleSentenceIsCutToTheBudget() throws IOException {
        Feature f = ClassificationFeatures.encode(tokenizer(),
            List.of(Example.single("x", "a b c d e f", "0")), 5, GlueTask.COLA).getFirst();
        assertArrayEquals(new int[] {2, 5, 6, 7, 3}, f.inputIds());
        assertArrayEquals(new int[5], f.typeIds());
        assertEquals(0, f.labelIndex());
    }

    @Test
    void regressionKeepsTheScoreAndTestHasNoLabel() throws IOException {
        BertTokenizer tok = tokenizer();
        List<Feature> fs = ClassificationFeatures.encode(tok, List.of(
            new Example("train-0", "a", "b", null, 3.8f),
            new Example("test-0", "a", "b", null, null)), 16, GlueTask.STSB);
        assertEquals(3.8f, fs.get(0).score());
        assertEquals(-1, fs.get(0).labelIndex());
        assertTrue(fs.get(0).hasLabel());
        assertFalse(fs.get(1).hasLabel());
    }

    @Test
    void aLabelOutsideTheSetFailsNamingTheExample() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassificationFeatures.encode(
            tokenizer(), List.of(Example.pair("dev-17", "a", "b", "contradiction")), 16, GlueTask.RTE));
        assertTrue(e.getMessage().contains("dev-17") && e.getMessage().contains("contradiction"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationFeatures.encode(
            tokenizer(), List.of(Example.pair("x", "a", "b", "1")), 4, GlueTask.MRPC), "too small for a pair");
    }

    @Test
    void batchesArePaddedToTheLongest() throws IOException {
        BertTokenizer tok = tokenizer();
        List<Feature> fs = ClassificationFeatures.encode(tok,
            List.of(Example.single("0", "a", "1"), Example.single("1", "a b c", "0")), 32, GlueTask.SST2);
        PaddedBatch b = PaddedBatch.of(fs, tok.padId());
        assertEquals(2, b.batchSize());
        assertEquals(5, b.seqLen());
        assertArrayEquals(new int[] {2, 5, 3, 0, 0, 2, 5, 6, 7, 3}, b.inputIds());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, b.attentionMask());
        assertArrayEquals(new int[] {1, 0}, b.labels());
        assertEquals(10, Arrays.stream(b.typeIds()).filter(t -> t == 0).count());
    }
}
