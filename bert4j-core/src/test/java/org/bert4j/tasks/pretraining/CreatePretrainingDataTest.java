package org.bert4j.tasks.pretraining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins google-research/bert's create_instances_from_document and create_masked_lm_predictions on a numbered corpus. */
class CreatePretrainingDataTest {
    static final PretrainingConfig CONFIG = new PretrainingConfig(64, 10, 0.15, 0.1, 5, false, 42);

    static CreatePretrainingData.Result create(NumberedCorpus c, PretrainingConfig config, int threads) {
        return new CreatePretrainingData(c.tokenizer, config, threads).createInstances(c.documents, CreatePretrainingData.Progress.NONE);
    }

    /** The ids before masking. */
    static int[] original(PretrainingInstance inst) {
        int[] ids = inst.inputIds().clone();
        for (int k = 0; k < inst.maskedLmPositions().length; k++) ids[inst.maskedLmPositions()[k]] = inst.maskedLmIds()[k];
        return ids;
    }

    static int firstSep(int[] ids) {
        for (int i = 1; i < ids.length; i++) if (ids[i] == NumberedCorpus.SEP) return i;
        throw new AssertionError("no [SEP]");
    }

    @Test
    void layoutLengthsAndSegmentIds() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 1);
        var r = create(c, CONFIG, 2);
        assertTrue(r.instances().size() > 50, "instances: " + r.instances().size());
        for (PretrainingInstance inst : r.instances()) {
            int[] ids = original(inst);
            int n = ids.length;
            assertTrue(n <= CONFIG.maxSeqLength(), "length " + n);
            assertEquals(NumberedCorpus.CLS, ids[0]);
            assertEquals(NumberedCorpus.SEP, ids[n - 1]);
            int sep = firstSep(ids);
            assertTrue(sep >= 2 && sep <= n - 3, "A and B are both non-empty");
            for (int i = 0; i < n; i++) {
                assertEquals(i <= sep ? 0 : 1, inst.segmentIds()[i], "segment id at " + i);
                if (i != 0 && i != sep && i != n - 1) assertTrue(ids[i] >= NumberedCorpus.BASE, "only corpus tokens inside A and B");
            }
        }
    }

    @Test
    void isNextContinuesTheDocumentAndNotNextComesFromAnother() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 2);
        var r = create(c, CONFIG, 1);
        int exactContinuations = 0, isNext = 0, notNext = 0;
        for (PretrainingInstance inst : r.instances()) {
            int[] ids = original(inst);
            int sep = firstSep(ids);
            int[] a = Arrays.copyOfRange(ids, 1, sep), b = Arrays.copyOfRange(ids, sep + 1, ids.length - 1);
            assertContiguous(a);
            assertContiguous(b);
            if (!inst.isRandomNext()) {
                isNext++;
                assertEquals(NumberedCorpus.doc(a[0]), NumberedCorpus.doc(b[0]), "IsNext B is from A's document");
                assertTrue(NumberedCorpus.index(b[0]) > NumberedCorpus.index(a[a.length - 1]), "IsNext B comes after A");
                if (a.length + b.length < CONFIG.maxNumTokens()) { // nothing was truncated: B starts exactly where A ends
                    assertEquals(NumberedCorpus.index(a[a.length - 1]) + 1, NumberedCorpus.index(b[0]));
                    exactContinuations++;
                }
            } else {
                notNext++;
                assertNotEquals(NumberedCorpus.doc(a[0]), NumberedCorpus.doc(b[0]), "NotNext B is from another document");
            }
        }
        assertTrue(isNext > 20 && notNext > 20, isNext + " IsNext, " + notNext + " NotNext");
        assertTrue(exactContinuations > 5, "untruncated IsNext pairs: " + exactContinuations);
    }

    static void assertContiguous(int[] xs) {
        for (int i = 1; i < xs.length; i++) assertEquals(xs[i - 1] + 1, xs[i], "a contiguous run of one document: " + Arrays.toString(xs));
    }

    @Test
    void truncationRemovesFromTheLongerSideAndBOnATie() {
        Random rng = new Random(3);
        var a = new InstanceCreator.IntList();
        var b = new InstanceCreator.IntList();
        a.addAll(new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        b.addAll(new int[] {11, 12, 13});
        assertTrue(InstanceCreator.truncateSeqPair(a, b, 8, rng));
        assertEquals(5, a.size());
        assertEquals(3, b.size());
        var c = new InstanceCreator.IntList();
        var d = new InstanceCreator.IntList();
        c.addAll(new int[] {1, 2});
        d.addAll(new int[] {3, 4});
        assertTrue(InstanceCreator.truncateSeqPair(c, d, 3, rng));
        assertEquals(2, c.size(), "a tie cuts B");
        assertEquals(1, d.size());
        assertTrue(!InstanceCreator.truncateSeqPair(c, d, 3, rng));
    }

    @Test
    void masksNeverOnClsOrSepAndCountFollowsGoogle() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 4);
        var r = create(c, CONFIG, 2);
        for (PretrainingInstance inst : r.instances()) {
            int[] ids = original(inst);
            int[] pos = inst.maskedLmPositions();
            int expected = Math.min(CONFIG.maxPredictionsPerSeq(), Math.max(1, (int) Math.rint(ids.length * CONFIG.maskedLmProb())));
            assertEquals(expected, pos.length, "num_to_predict for length " + ids.length);
            for (int k = 0; k < pos.length; k++) {
                if (k > 0) assertTrue(pos[k] > pos[k - 1], "positions ascend");
                assertNotEquals(NumberedCorpus.CLS, inst.maskedLmIds()[k]);
                assertNotEquals(NumberedCorpus.SEP, inst.maskedLmIds()[k]);
            }
            int sep = firstSep(ids);
            assertEquals(NumberedCorpus.CLS, inst.inputIds()[0]);
            assertEquals(NumberedCorpus.SEP, inst.inputIds()[sep]);
            assertEquals(NumberedCorpus.SEP, inst.inputIds()[ids.length - 1]);
        }
    }

    @Test
    void eightyTenTenWithinBinomialTolerance() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 5);
        var r = create(c, CONFIG.withDupeFactor(200), 2);
        PretrainingStatistics s = r.statistics();
        long n = 0;
        for (PretrainingInstance inst : r.instances()) n += inst.maskedLmPositions().length;
        assertTrue(n > 30_000, "masked positions: " + n);
        check(s.maskShare(), 0.8, n);
        check(s.keptShare(), 0.1 + 0.1 / c.tokenizer.vocab().size(), n);
        check(s.randomShare(), 0.1 - 0.1 / c.tokenizer.vocab().size(), n);
    }

    /** Table 8's masking ratios: each row's shares within binomial tolerance; 80,10,10 spelled out is BERT's data draw for draw. */
    @Test
    void tableEightMaskingRatios() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 5);
        PretrainingConfig base = CONFIG.withDupeFactor(100);
        assertEquals(create(c, base, 2).instances(), create(c, base.withRatios(MaskingRatios.parse("80, 10, 10")), 2).instances(),
                "explicit 80/10/10 draws exactly as Google's 0.8 / 0.5 thresholds");
        double v = c.tokenizer.vocab().size();
        for (int[] row : new int[][] {{100, 0, 0}, {80, 0, 20}, {80, 20, 0}, {0, 20, 80}, {0, 0, 100}}) {
            var r = create(c, base.withRatios(new MaskingRatios(row[0], row[1], row[2])), 2);
            PretrainingStatistics s = r.statistics();
            long n = 0;
            for (PretrainingInstance inst : r.instances()) n += inst.maskedLmPositions().length;
            String what = Arrays.toString(row);
            double rnd = row[2] / 100.0;
            // a random draw can land on [MASK] or on the token itself (1 / vocab each)
            check(what + " [MASK]", s.maskShare(), row[0] / 100.0 + rnd / v, n);
            check(what + " same", s.keptShare(), row[1] / 100.0 + rnd / v, n);
            check(what + " random", s.randomShare(), rnd * (1 - 2 / v), n);
            if (row[2] == 0) assertEquals(0.0, s.randomShare(), what + ": no random tokens at all");
            if (row[0] == 0 && row[2] == 0) assertEquals(0.0, s.maskShare(), what);
        }
        assertThrows(IllegalArgumentException.class, () -> MaskingRatios.parse("80,10"));
        assertThrows(IllegalArgumentException.class, () -> MaskingRatios.parse("80,10,20"));
        assertThrows(IllegalArgumentException.class, () -> new MaskingRatios(-10, 10, 100));
    }

    static void check(String what, double observed, double p, long n) {
        double sigma = Math.max(1e-9, Math.sqrt(p * (1 - p) / n));
        assertTrue(Math.abs(observed - p) < 5 * sigma, what + ": share " + observed + " vs " + p + " (sigma " + sigma + ")");
    }

    static void check(double observed, double p, long n) {
        double sigma = Math.sqrt(p * (1 - p) / n);
        assertTrue(Math.abs(observed - p) < 5 * sigma, "share " + observed + " vs " + p + " (sigma " + sigma + ")");
    }

    @Test
    void wholeWordMaskNeverSplitsAWord() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 6);
        var r = create(c, CONFIG.withWholeWordMask(true).withDupeFactor(20), 2);
        int checked = 0;
        for (PretrainingInstance inst : r.instances()) {
            int[] ids = original(inst);
            Set<Integer> masked = new HashSet<>();
            for (int p : inst.maskedLmPositions()) masked.add(p);
            for (int i = 2; i < ids.length; i++) {
                // a ## piece and the token before it (inside the same sequence) are masked together or not at all
                if (ids[i] >= NumberedCorpus.BASE && NumberedCorpus.isContinuation(ids[i]) && ids[i - 1] >= NumberedCorpus.BASE) {
                    assertEquals(masked.contains(i - 1), masked.contains(i), "word split at " + i + " in " + inst);
                    checked++;
                }
            }
            assertTrue(inst.maskedLmPositions().length <= CONFIG.maxPredictionsPerSeq());
        }
        assertTrue(checked > 1000);
        // and without whole-word masking, words are split
        var plain = create(c, CONFIG.withDupeFactor(20), 2);
        boolean split = false;
        for (PretrainingInstance inst : plain.instances()) {
            int[] ids = original(inst);
            Set<Integer> masked = new HashSet<>();
            for (int p : inst.maskedLmPositions()) masked.add(p);
            for (int i = 2; i < ids.length && !split; i++) {
                if (ids[i] >= NumberedCorpus.BASE && NumberedCorpus.isContinuation(ids[i]) && masked.contains(i) != masked.contains(i - 1)) split = true;
            }
        }
        assertTrue(split, "the test can fail: plain masking does split words");
    }

    @Test
    void dupeFactorGivesOtherMasksAndSeedsReproduce() {
        NumberedCorpus c = new NumberedCorpus(3, 60, 7);
        PretrainingConfig one = CONFIG.withDupeFactor(1), two = CONFIG.withDupeFactor(2);
        var r1 = create(c, one, 1);
        var r2 = create(c, two, 2);
        assertTrue(r2.instances().size() > r1.instances().size() * 3 / 2);
        assertEquals(r2.instances().size(), new HashSet<>(r2.instances()).size(), "no two instances alike across passes");
        // same seed: same instances, whatever the number of threads
        assertEquals(r2.instances(), create(c, two, 1).instances());
        assertEquals(r2.instances(), create(c, two, 4).instances());
        List<PretrainingInstance> other = create(c, two.withSeed(43), 2).instances();
        assertNotEquals(r2.instances(), other);
        assertArrayEquals(new long[] {r2.statistics().instances()}, new long[] {r2.instances().size()});
    }
}
