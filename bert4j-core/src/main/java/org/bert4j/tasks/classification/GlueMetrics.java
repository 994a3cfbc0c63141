package org.bert4j.tasks.classification;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GLUE's metrics, with scikit-learn / SciPy semantics, as HF {@code glue_compute_metrics} computes them:
 * accuracy ({@code (preds == labels).mean()}), F1 of the positive class (sklearn {@code f1_score},
 * {@code pos_label=1}), Matthews correlation (sklearn {@code matthews_corrcoef}, multi-class formula),
 * Pearson ({@code scipy.stats.pearsonr}) and Spearman ({@code scipy.stats.spearmanr}: Pearson of
 * average ranks, so ties share the mean of their ranks).
 *
 * <p>Edge cases follow the references: Matthews correlation is 0 when its denominator is 0 (a constant
 * predictor or constant labels); F1 and precision are 0 when there are no positive predictions
 * (sklearn's {@code zero_division} default, without the warning); Pearson and Spearman are NaN when
 * either side is constant (SciPy returns NaN with a {@code ConstantInputWarning}), and so is their mean
 * {@code corr}. Accuracy of no examples is NaN.
 */
public final class GlueMetrics {
    private GlueMetrics() {}

    /**
     * The task's metrics ({@link GlueTask#metrics()} keys, in that order) for predicted and gold label indices.
     * For STS-B use {@link #computeRegression}.
     */
    public static Map<String, Double> compute(GlueTask task, int[] predictions, int[] labels) {
        if (task.isRegression()) throw new IllegalArgumentException(task.displayName() + " is a regression task: use computeRegression");
        checkLengths(predictions.length, labels.length);
        Map<String, Double> m = new LinkedHashMap<>();
        switch (task) {
            case COLA, AX -> m.put("mcc", matthewsCorrcoef(labels, predictions));
            case MRPC, QQP -> {
                double acc = accuracy(predictions, labels), f1 = f1(labels, predictions, 1);
                m.put("acc", acc);
                m.put("f1", f1);
                m.put("acc_and_f1", (acc + f1) / 2);
            }
            case MNLI -> m.put("mnli/acc", accuracy(predictions, labels));
            case MNLI_MM -> m.put("mnli-mm/acc", accuracy(predictions, labels));
            default -> m.put("acc", accuracy(predictions, labels));
        }
        return m;
    }

    /** STS-B's metrics: {@code pearson}, {@code spearmanr} and their mean {@code corr}. */
    public static Map<String, Double> computeRegression(GlueTask task, double[] predictions, double[] labels) {
        if (!task.isRegression()) throw new IllegalArgumentException(task.displayName() + " is a classification task: use compute");
        checkLengths(predictions.length, labels.length);
        double p = pearson(predictions, labels), s = spearman(predictions, labels);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pearson", p);
        m.put("spearmanr", s);
        m.put("corr", (p + s) / 2);
        return m;
    }

    /** The fraction of predictions equal to the labels; NaN for none. */
    public static double accuracy(int[] predictions, int[] labels) {
        checkLengths(predictions.length, labels.length);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predictions[i] == labels[i]) correct++;
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }

    /** Precision of one class: tp / (tp + fp), 0 when nothing was predicted as it. */
    public static double precision(int[] labels, int[] predictions, int positive) {
        long[] c = binaryCounts(labels, predictions, positive);
        return c[0] + c[1] == 0 ? 0.0 : (double) c[0] / (c[0] + c[1]);
    }

    /** Recall of one class: tp / (tp + fn), 0 when it never occurs. */
    public static double recall(int[] labels, int[] predictions, int positive) {
        long[] c = binaryCounts(labels, predictions, positive);
        return c[0] + c[2] == 0 ? 0.0 : (double) c[0] / (c[0] + c[2]);
    }

    /** F1 of one class, sklearn {@code f1_score(labels, predictions, pos_label=positive)}: 2tp / (2tp + fp + fn), 0 if that is 0/0. */
    public static double f1(int[] labels, int[] predictions, int positive) {
        long[] c = binaryCounts(labels, predictions, positive);
        long denominator = 2 * c[0] + c[1] + c[2];
        return denominator == 0 ? 0.0 : 2.0 * c[0] / denominator;
    }

    /** {tp, fp, fn} of one class. */
    private static long[] binaryCounts(int[] labels, int[] predictions, int positive) {
        checkLengths(predictions.length, labels.length);
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean p = predictions[i] == positive, t = labels[i] == positive;
            if (p && t) tp++;
            else if (p) fp++;
            else if (t) fn++;
        }
        return new long[] {tp, fp, fn};
    }

    /**
     * sklearn {@code matthews_corrcoef} for any number of classes (Gorodkin's R_K; for two classes the
     * usual (tp·tn − fp·fn) / sqrt(...)): from the confusion matrix C,
     * (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)) with c the correct count, s the total, t_k and p_k
     * the true and predicted counts of class k; 0 when the denominator is 0.
     */
    public static double matthewsCorrcoef(int[] labels, int[] predictions) {
        checkLengths(predictions.length, labels.length);
        Map<Integer, long[]> counts = new java.util.HashMap<>(); // class -> {true count, predicted count}
        long correct = 0, n = labels.length;
        for (int i = 0; i < labels.length; i++) {
            counts.computeIfAbsent(labels[i], k -> new long[2])[0]++;
            counts.computeIfAbsent(predictions[i], k -> new long[2])[1]++;
            if (labels[i] == predictions[i]) correct++;
        }
        double tp = 0, pp = 0, tt = 0;
        for (long[] c : counts.values()) {
            tp += (double) c[0] * c[1];
            pp += (double) c[1] * c[1];
            tt += (double) c[0] * c[0];
        }
        double nn = (double) n * n;
        double cov = (double) correct * n - tp, covPP = nn - pp, covTT = nn - tt;
        if (covPP * covTT == 0) return 0.0;
        return cov / Math.sqrt(covTT * covPP);
    }

    /** Pearson's r (scipy.stats.pearsonr's statistic); NaN if either side is constant or there are fewer than 2 points. */
    public static double pearson(double[] x, double[] y) {
        checkLengths(x.length, y.length);
        int n = x.length;
        if (n < 2) return Double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        return Math.max(-1.0, Math.min(1.0, r)); // scipy clips rounding error the same way
    }

    /** Spearman's rho (scipy.stats.spearmanr): Pearson of the average ranks; NaN if either side is constant. */
    public static double spearman(double[] x, double[] y) {
        checkLengths(x.length, y.length);
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** Ranks from 1, ties sharing the mean of their ranks (scipy.stats.rankdata, method='average'). */
    public static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1; // positions i..j hold ranks i+1..j+1
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    private static void checkLengths(int predictions, int labels) {
        if (predictions != labels) {
            throw new IllegalArgumentException("predictions and labels differ in length: " + predictions + " vs " + labels);
        }
    }
}
