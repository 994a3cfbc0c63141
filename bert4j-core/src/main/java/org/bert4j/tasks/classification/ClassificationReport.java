package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A confusion matrix with per-class precision, recall, F1 and support, accuracy, and macro and
 * support-weighted averages: sklearn's {@code confusion_matrix} and {@code classification_report}
 * (precision/recall/F1 of a class that is never predicted / never present are 0, as sklearn's
 * {@code zero_division} default).
 *
 * <p>{@link #render()} gives a text table, {@link #toMap()} the same as JSON-ready maps.
 */
public final class ClassificationReport {
    private final List<String> labels;
    private final long[][] confusion; // [gold][predicted]

    private ClassificationReport(List<String> labels, long[][] confusion) {
        this.labels = List.copyOf(labels);
        this.confusion = confusion;
    }

    /**
     * Builds the report from gold and predicted label indices into {@code labels}.
     *
     * @throws IllegalArgumentException if lengths differ or an index is outside the label list
     */
    public static ClassificationReport of(List<String> labels, int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("gold and predicted differ in length: " + gold.length + " vs " + predicted.length);
        }
        int k = labels.size();
        long[][] c = new long[k][k];
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0 || gold[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("example " + i + ": label index out of range 0.." + (k - 1)
                    + " (gold " + gold[i] + ", predicted " + predicted[i] + ")");
            }
            c[gold[i]][predicted[i]]++;
        }
        return new ClassificationReport(labels, c);
    }

    public List<String> labels() { return labels; }

    /** {@code [gold][predicted]} counts (a copy). */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < copy.length; i++) copy[i] = confusion[i].clone();
        return copy;
    }

    public long total() {
        long n = 0;
        for (long[] r : confusion) for (long v : r) n += v;
        return n;
    }

    public long support(int k) {
        long n = 0;
        for (long v : confusion[k]) n += v;
        return n;
    }

    private long predictedCount(int k) {
        long n = 0;
        for (long[] r : confusion) n += r[k];
        return n;
    }

    public double precision(int k) {
        long p = predictedCount(k);
        return p == 0 ? 0.0 : (double) confusion[k][k] / p;
    }

    public double recall(int k) {
        long s = support(k);
        return s == 0 ? 0.0 : (double) confusion[k][k] / s;
    }

    public double f1(int k) {
        long d = support(k) + predictedCount(k);
        return d == 0 ? 0.0 : 2.0 * confusion[k][k] / d;
    }

    public double accuracy() {
        long n = total(), c = 0;
        for (int k = 0; k < confusion.length; k++) c += confusion[k][k];
        return n == 0 ? Double.NaN : (double) c / n;
    }

    /** {precision, recall, f1}, unweighted mean over classes. */
    public double[] macroAverage() {
        double p = 0, r = 0, f = 0;
        int k = labels.size();
        for (int i = 0; i < k; i++) { p += precision(i); r += recall(i); f += f1(i); }
        return new double[] {p / k, r / k, f / k};
    }

    /** {precision, recall, f1}, mean weighted by support. */
    public double[] weightedAverage() {
        double p = 0, r = 0, f = 0;
        long n = total();
        if (n == 0) return new double[] {0, 0, 0};
        for (int i = 0; i < labels.size(); i++) {
            double w = (double) support(i) / n;
            p += w * precision(i); r += w * recall(i); f += w * f1(i);
        }
        return new double[] {p, r, f};
    }

    /** The report as nested maps and lists, ready for a JSON writer (sklearn {@code output_dict=True} plus the matrix). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels);
        List<List<Long>> matrix = new ArrayList<>();
        for (long[] r : confusion) {
            List<Long> row = new ArrayList<>();
            for (long v : r) row.add(v);
            matrix.add(row);
        }
        m.put("confusion_matrix", matrix);
        Map<String, Object> classes = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) classes.put(labels.get(k), scores(precision(k), recall(k), f1(k), support(k)));
        m.put("per_class", classes);
        m.put("accuracy", accuracy());
        double[] macro = macroAverage(), weighted = weightedAverage();
        m.put("macro_avg", scores(macro[0], macro[1], macro[2], total()));
        m.put("weighted_avg", scores(weighted[0], weighted[1], weighted[2], total()));
        m.put("support", total());
        return m;
    }

    private static Map<String, Object> scores(double p, double r, double f, long support) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", p);
        m.put("recall", r);
        m.put("f1", f);
        m.put("support", support);
        return m;
    }

    /** A text table: per-class scores (as sklearn prints them), then the confusion matrix (rows gold, columns predicted). */
    public String render() {
        int w = "weighted avg".length();
        for (String l : labels) w = Math.max(w, l.length());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9s %9s %9s %9s%n", "", "precision", "recall", "f1-score", "support"));
        sb.append('\n');
        for (int k = 0; k < labels.size(); k++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s %9.4f %9.4f %9.4f %9d%n", labels.get(k), precision(k), recall(k), f1(k), support(k)));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), total()));
        double[] macro = macroAverage(), weighted = weightedAverage();
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9.4f %9.4f %9.4f %9d%n", "macro avg", macro[0], macro[1], macro[2], total()));
        sb.append(String.format(Locale.ROOT, "%" + w + "s %9.4f %9.4f %9.4f %9d%n", "weighted avg", weighted[0], weighted[1], weighted[2], total()));
        sb.append('\n').append("confusion matrix (rows: gold, columns: predicted)\n");
        int cw = 6;
        for (String l : labels) cw = Math.max(cw, l.length());
        for (long[] r : confusion) for (long v : r) cw = Math.max(cw, Long.toString(v).length());
        sb.append(String.format(Locale.ROOT, "%" + w + "s", ""));
        for (String l : labels) sb.append(' ').append(String.format(Locale.ROOT, "%" + cw + "s", l));
        sb.append('\n');
        for (int g = 0; g < labels.size(); g++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s", labels.get(g)));
            for (long v : confusion[g]) sb.append(' ').append(String.format(Locale.ROOT, "%" + cw + "d", v));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() { return render(); }
}
