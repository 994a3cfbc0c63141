package org.bert4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    static int[] lengths(int n, long seed) {
        Rng r = Rng.seeded(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = 5 + r.nextInt(250);
        return l;
    }

    static List<int[]> draw(BatchSampler s, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.next());
        return out;
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        int[] len = lengths(103, 1);
        List<int[]> a = draw(new BatchSampler(len, 8, 7, true, 4, false), 30);
        List<int[]> b = draw(new BatchSampler(len, 8, 7, true, 4, false), 30);
        List<int[]> c = draw(new BatchSampler(len, 8, 8, true, 4, false), 30);
        for (int i = 0; i < 30; i++) assertArrayEquals(a.get(i), b.get(i));
        boolean differs = false;
        for (int i = 0; i < 30; i++) differs |= !Arrays.equals(a.get(i), c.get(i));
        assertTrue(differs);
    }

    @Test
    void everyEpochIsAPermutationAndEpochsDiffer() {
        BatchSampler s = new BatchSampler(lengths(103, 2), 8, 3, true, 4, false);
        assertEquals(13, s.batchesPerEpoch());
        List<int[]> e0 = s.epochBatches(0), e1 = s.epochBatches(1);
        for (List<int[]> e : List.of(e0, e1)) {
            int[] all = e.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            int[] expect = new int[103];
            for (int i = 0; i < 103; i++) expect[i] = i;
            assertArrayEquals(expect, all);
            assertEquals(13, e.size());
        }
        assertFalse(Arrays.equals(e0.get(0), e1.get(0)));
    }

    @Test
    void noShuffleIsFileOrder() {
        BatchSampler s = new BatchSampler(lengths(10, 3), 4, 3, false, 50, false);
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.next());
        assertArrayEquals(new int[] {4, 5, 6, 7}, s.next());
        assertArrayEquals(new int[] {8, 9}, s.next());
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.next()); // next epoch, same order
    }

    @Test
    void dropLastDropsTheShortBatch() {
        BatchSampler s = new BatchSampler(lengths(10, 3), 4, 3, true, 2, true);
        assertEquals(2, s.batchesPerEpoch());
        for (int[] b : s.epochBatches(0)) assertEquals(4, b.length);
    }

    @Test
    void bucketingCutsPadding() {
        int[] len = lengths(4000, 4);
        long plain = padded(new BatchSampler(len, 32, 5, true, 1, false), len);
        long bucketed = padded(new BatchSampler(len, 32, 5, true, 50, false), len);
        long tokens = Arrays.stream(len).asLongStream().sum();
        System.out.printf("padded tokens: %d unbucketed, %d bucketed, %d real%n", plain, bucketed, tokens);
        assertTrue(bucketed < tokens * 1.1, "bucketed batches pad little");
        assertTrue(plain > tokens * 1.5, "random batches pad a lot");
    }

    private static long padded(BatchSampler s, int[] len) {
        long total = 0;
        for (int[] b : s.epochBatches(0)) total += (long) b.length * Arrays.stream(b).map(i -> len[i]).max().orElse(0);
        return total;
    }

    @Test
    void restoredSamplerContinuesExactly() {
        int[] len = lengths(50, 6);
        BatchSampler a = new BatchSampler(len, 8, 11, true, 3, false); // 7 batches per epoch
        draw(a, 13);
        BatchSampler.Position p = a.position();
        assertEquals(new BatchSampler.Position(1, 6), p);
        List<int[]> rest = draw(a, 20);
        BatchSampler b = new BatchSampler(len, 8, 11, true, 3, false);
        b.restore(p);
        List<int[]> again = draw(b, 20);
        for (int i = 0; i < 20; i++) assertArrayEquals(rest.get(i), again.get(i), "batch " + i);
        // the end of an epoch reports the start of the next
        BatchSampler c = new BatchSampler(len, 8, 11, true, 3, false);
        draw(c, 7);
        assertEquals(new BatchSampler.Position(1, 0), c.position());
    }

    @Test
    void rngStateRoundTrips() {
        Rng r = Rng.seeded(99);
        r.nextLong();
        Rng copy = Rng.fromState(r.state());
        for (int i = 0; i < 100; i++) assertEquals(r.nextLong(), copy.nextLong());
        int[] counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[r.nextInt(3)]++;
        for (int c : counts) assertTrue(Math.abs(c - 10000) < 400, "uniform nextInt: " + Arrays.toString(counts));
    }
}
