package org.bert4j.nn;

/**
 * Mean squared error over {@code predictions[rows]} against {@code targets[rows]}, forward and backward
 * in one pass ({@code torch.nn.MSELoss}, which Hugging Face's {@code BertForSequenceClassification} uses
 * for regression, {@code num_labels == 1}), summed in double.
 */
public final class MeanSquaredError {
    private MeanSquaredError() {}

    /**
     * Returns {@code sum_r (predictions_r - targets_r)^2} and, if {@code dPredictions} is not null,
     * writes {@code dPredictions_r = scale * 2 (predictions_r - targets_r)}.
     */
    public static double forwardBackward(float[] predictions, float[] targets, int rows, float[] dPredictions, double scale) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            if (!Float.isFinite(targets[r])) throw new IllegalArgumentException("regression target " + r + " is " + targets[r]);
            double d = (double) predictions[r] - targets[r];
            total += d * d;
            if (dPredictions != null) dPredictions[r] = (float) (scale * 2 * d);
        }
        return total;
    }
}
