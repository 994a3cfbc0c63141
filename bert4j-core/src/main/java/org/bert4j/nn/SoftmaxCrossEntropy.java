package org.bert4j.nn;

/**
 * Softmax cross-entropy over the rows of {@code logits[rows, classes]}, forward and backward in one
 * pass (as {@code torch.nn.functional.cross_entropy}), computed in double for the log-sum-exp.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Returns {@code sum_r -log softmax(logits_r)[labels[r]]} and, if {@code dLogits} is not null,
     * writes {@code dLogits_r = scale * (softmax(logits_r) - onehot(labels[r]))}.
     */
    public static double forwardBackward(float[] logits, int rows, int classes, int[] labels, float[] dLogits, double scale) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * classes, y = labels[r];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " out of range [0, " + classes + ")");
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[off + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(logits[off + c] - max);
            double logZ = max + Math.log(sum);
            total += logZ - logits[off + y];
            if (dLogits != null) {
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logits[off + c] - logZ);
                    dLogits[off + c] = (float) (scale * (p - (c == y ? 1.0 : 0.0)));
                }
            }
        }
        return total;
    }
}
