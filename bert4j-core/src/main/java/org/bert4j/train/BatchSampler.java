package org.bert4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Yields batches of example indices, epoch after epoch, like a PyTorch {@code DataLoader} with
 * a {@code RandomSampler} and length bucketing.
 *
 * <p>With shuffling, each epoch: shuffle all indices; cut them into windows of
 * {@code windowBatches * batchSize}; sort each window by example length (stable), so a batch holds
 * examples of similar length and padding work is small; cut windows into batches; shuffle the
 * batches (so the lengths seen by the model are still random). This is the "bucket by length within
 * a shuffled window" scheme of fairseq and tensor2tensor. Without shuffling, batches are taken in
 * file order, untouched.
 *
 * <p>The order of epoch {@code e} is a pure function of {@code (seed, e)}, so the sampler's
 * {@link Position} (epoch, batch index) is all a checkpoint needs: {@link #restore} puts a fresh
 * sampler exactly where the saved one was.
 */
public final class BatchSampler {

    /** Where the sampler is: the next batch returned is batch {@code index} of epoch {@code epoch}. */
    public record Position(long epoch, int index) {}

    private final int[] lengths;
    private final int batchSize;
    private final boolean shuffle;
    private final int windowBatches;
    private final boolean dropLast;
    private final long seed;
    private long epoch;
    private int index;
    private List<int[]> order; // batches of the current epoch

    /**
     * @param lengths       token length of each example (used for bucketing; any values if {@code windowBatches <= 1})
     * @param batchSize     examples per batch
     * @param seed          seed of the shuffling
     * @param shuffle       false keeps file order ({@code --no-shuffle})
     * @param windowBatches bucketing window in batches (1 = no bucketing; 50 is a good default)
     * @param dropLast      drop the last, smaller batch of each epoch
     */
    public BatchSampler(int[] lengths, int batchSize, long seed, boolean shuffle, int windowBatches, boolean dropLast) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive");
        if (lengths.length == 0) throw new IllegalArgumentException("no examples");
        if (dropLast && lengths.length < batchSize) throw new IllegalArgumentException("fewer examples than one batch and dropLast set");
        this.lengths = lengths.clone();
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.windowBatches = Math.max(1, windowBatches);
        this.dropLast = dropLast;
    }

    /** Number of batches in one epoch. */
    public int batchesPerEpoch() {
        return dropLast ? lengths.length / batchSize : (lengths.length + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The next batch (indices into the data set), moving to the next epoch when one ends. */
    public int[] next() {
        if (order == null) order = epochBatches(epoch);
        if (index >= order.size()) {
            epoch++;
            index = 0;
            order = epochBatches(epoch);
        }
        return order.get(index++).clone();
    }

    /** The position to save; batches returned after {@code restore(position())} continue this sequence. */
    public Position position() {
        if (order != null && index >= order.size()) return new Position(epoch + 1, 0);
        return new Position(epoch, index);
    }

    /** Moves to {@code p} (from {@link #position()} of a sampler over the same data and settings). */
    public void restore(Position p) {
        if (p.epoch() < 0 || p.index() < 0 || p.index() > batchesPerEpoch()) throw new IllegalArgumentException("bad position " + p);
        epoch = p.epoch();
        index = p.index();
        order = null;
    }

    /** All batches of epoch {@code e}, in the order they are served. */
    public List<int[]> epochBatches(long e) {
        int n = lengths.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        List<int[]> batches = new ArrayList<>();
        if (!shuffle) {
            cut(idx, 0, n, batches);
        } else {
            Rng rng = Rng.seeded(seed ^ Rng.mix(e + 1));
            rng.shuffle(idx, 0, n);
            int window = windowBatches * batchSize;
            if (windowBatches > 1) {
                Integer[] boxed = new Integer[n];
                for (int i = 0; i < n; i++) boxed[i] = idx[i];
                for (int from = 0; from < n; from += window) {
                    int to = Math.min(n, from + window);
                    Arrays.sort(boxed, from, to, Comparator.comparingInt(i -> lengths[i]));
                }
                for (int i = 0; i < n; i++) idx[i] = boxed[i];
            }
            cut(idx, 0, n, batches);
            // shuffle the batches, keeping a short last batch anywhere in the order (as fairseq does)
            for (int i = batches.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int[] t = batches.get(i);
                batches.set(i, batches.get(j));
                batches.set(j, t);
            }
        }
        return batches;
    }

    private void cut(int[] idx, int from, int to, List<int[]> out) {
        for (int s = from; s < to; s += batchSize) {
            int e = Math.min(to, s + batchSize);
            if (e - s < batchSize && dropLast) continue;
            out.add(Arrays.copyOfRange(idx, s, e));
        }
    }
}
