package org.bert4j.nn;

import org.bert4j.tensor.KernelsProvider;
import org.bert4j.tensor.Parallel;

/**
 * Softmax cross-entropy over the rows of {@code logits[rows, classes]}, forward and backward in one
 * pass (as {@code torch.nn.functional.cross_entropy}), by {@link org.bert4j.tensor.Kernels#crossEntropyRow}
 * (the vector kernels: float exponentials, the sum and log-sum-exp in double).
 * Large inputs (the masked-LM head: a row per predicted token over the whole vocabulary) are split
 * by rows across the {@link Parallel} team; each row is computed exactly as alone and the losses are
 * added up in row order, so the result does not depend on the thread count.
 */
public final class SoftmaxCrossEntropy {
    /** From this many logits on, rows are spread over the team. */
    private static final long PARALLEL_MIN_LOGITS = 1L << 16;

    private SoftmaxCrossEntropy() {}

    /**
     * Returns {@code sum_r -log softmax(logits_r)[labels[r]]} and, if {@code dLogits} is not null,
     * writes {@code dLogits_r = scale * (softmax(logits_r) - onehot(labels[r]))}.
     */
    public static double forwardBackward(float[] logits, int rows, int classes, int[] labels, float[] dLogits, double scale) {
        for (int r = 0; r < rows; r++) {
            int y = labels[r];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " out of range [0, " + classes + ")");
        }
        double[] loss = new double[rows];
        if ((long) rows * classes >= PARALLEL_MIN_LOGITS) {
            Parallel.forRange(rows, (r0, r1) -> {
                for (int r = r0; r < r1; r++) loss[r] = row(logits, r, classes, labels[r], dLogits, scale);
            });
        } else {
            for (int r = 0; r < rows; r++) loss[r] = row(logits, r, classes, labels[r], dLogits, scale);
        }
        double total = 0;
        for (double l : loss) total += l;
        return total;
    }

    /** Row {@code r}: its loss, and its gradient into {@code dLogits} (nullable). */
    private static double row(float[] logits, int r, int classes, int y, float[] dLogits, double scale) {
        return KernelsProvider.get().crossEntropyRow(logits, r * classes, classes, y, dLogits, r * classes, scale);
    }
}
