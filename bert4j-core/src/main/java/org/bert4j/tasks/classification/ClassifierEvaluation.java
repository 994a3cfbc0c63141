package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.model.PackedBatch;

/**
 * Runs a {@link ClassifierModel} over features in evaluation mode and scores the predictions: the GLUE
 * task's metrics ({@link GlueMetrics}) or, for a user's own data, accuracy and macro-averaged F1
 * (classification) or Pearson/Spearman (regression), plus the {@link ClassificationReport}.
 */
public final class ClassifierEvaluation {
    private ClassifierEvaluation() {}

    /**
     * The outcome on one set of features.
     *
     * @param metrics     metric name → value (empty when the features have no labels)
     * @param predictions [n] predicted label indices (classification; null for regression)
     * @param scores      [n] predicted scores (regression; null for classification)
     * @param report      confusion matrix and per-class scores (null for regression or unlabeled data)
     */
    public record Result(Map<String, Double> metrics, int[] predictions, double[] scores, ClassificationReport report) {}

    /** The metric names for a task: the GLUE task's, or ours for other data. */
    public static List<String> metricNames(GlueTask task, LabelSet labels) {
        if (task != null) return task.metrics();
        return labels.isRegression() ? List.of("pearson", "spearmanr", "corr") : List.of("acc", "macro_f1");
    }

    /** The metric that chooses the best epoch: the paper's for a GLUE task, else accuracy / Spearman. */
    public static String primaryMetric(GlueTask task, LabelSet labels) {
        if (task != null) return task.primaryMetric();
        return labels.isRegression() ? "spearmanr" : "acc";
    }

    /** Logits {@code [n, numOutputs]} of every feature, computed {@code batchSize} at a time. */
    public static float[] logits(ClassifierModel model, List<Feature> features, int batchSize, int padId) {
        int k = model.labels().numOutputs(), n = features.size();
        float[] all = new float[n * k];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            PackedBatch b = GlueTrainingTask.pack(PaddedBatch.of(features.subList(from, to), padId));
            float[] l = model.logits(b);
            System.arraycopy(l, 0, all, from * k, l.length);
        }
        return all;
    }

    /** Predicts every feature and, where they carry labels, scores the predictions. */
    public static Result evaluate(ClassifierModel model, List<Feature> features, GlueTask task, int batchSize, int padId) {
        LabelSet labels = model.labels();
        float[] logits = logits(model, features, batchSize, padId);
        int n = features.size(), k = labels.numOutputs();
        boolean labeled = !features.isEmpty() && features.stream().allMatch(Feature::hasLabel);
        if (labels.isRegression()) {
            double[] scores = new double[n], gold = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = logits[i];
                gold[i] = features.get(i).score();
            }
            Map<String, Double> m = new LinkedHashMap<>();
            if (labeled) {
                if (task != null) m = GlueMetrics.computeRegression(task, scores, gold);
                else {
                    double p = GlueMetrics.pearson(scores, gold), s = GlueMetrics.spearman(scores, gold);
                    m.put("pearson", p);
                    m.put("spearmanr", s);
                    m.put("corr", (p + s) / 2);
                }
            }
            return new Result(m, null, scores, null);
        }
        int[] predictions = new int[n], gold = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
            predictions[i] = best;
            gold[i] = features.get(i).labelIndex();
        }
        if (!labeled) return new Result(Map.of(), predictions, null, null);
        ClassificationReport report = ClassificationReport.of(labels.labels(), gold, predictions);
        Map<String, Double> m;
        if (task != null) m = GlueMetrics.compute(task, predictions, gold);
        else {
            m = new LinkedHashMap<>();
            m.put("acc", GlueMetrics.accuracy(predictions, gold));
            m.put("macro_f1", report.macroAverage()[2]);
        }
        return new Result(m, predictions, null, report);
    }

    /** The label names of predictions (classification) or the scores as text (regression). */
    public static List<String> predictionStrings(Result r, LabelSet labels) {
        List<String> out = new ArrayList<>();
        if (r.predictions() != null) for (int p : r.predictions()) out.add(labels.label(p));
        else for (double s : r.scores()) out.add(Double.toString(s));
        return out;
    }
}
