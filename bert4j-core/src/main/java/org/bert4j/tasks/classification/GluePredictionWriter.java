package org.bert4j.tasks.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes test-set predictions in the format the GLUE submission site takes: one file per task
 * ({@link GlueTask#submissionFileName()}, e.g. {@code MNLI-m.tsv}), a header {@code index\tprediction}, then
 * one row per test example in file order with the row number from 0 and the label name
 * ({@code entailment}, {@code 1}); STS-B scores as floats with 3 decimals. Mirrors HF run_glue.py's
 * {@code predict_results_<task>.txt} ({@code index\tprediction}, label names via {@code label_list}).
 */
public final class GluePredictionWriter {
    private GluePredictionWriter() {}

    /** Writes predicted label indices of a classification task to {@code dir/<submission file>}; returns the file. */
    public static Path write(Path dir, GlueTask task, int[] predictions) {
        return writeRows(dir.resolve(task.submissionFileName()), names(task, predictions));
    }

    private static String[] names(GlueTask task, int[] predictions) {
        if (task.isRegression()) throw new IllegalArgumentException(task.displayName() + " is a regression task: use writeScores");
        String[] names = new String[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            int p = predictions[i];
            if (p < 0 || p >= task.labels().size()) {
                throw new IllegalArgumentException("prediction " + i + " is " + p + ", outside " + task.displayName()
                    + "'s label indices 0.." + (task.labels().size() - 1));
            }
            names[i] = task.labels().get(p);
        }
        return names;
    }

    /** Writes predicted label indices of a classification task to the given file (same format as {@link #write}). */
    public static Path writeFile(Path file, GlueTask task, int[] predictions) {
        return writeRows(file, names(task, predictions));
    }

    /** Writes STS-B's predicted scores to the given file (same format as {@link #writeScores}). */
    public static Path writeScoresFile(Path file, GlueTask task, double[] scores) {
        return writeRows(file, values(task, scores));
    }

    /** Writes STS-B's predicted scores (3 decimals) to {@code dir/STS-B.tsv}; returns the file. */
    public static Path writeScores(Path dir, GlueTask task, double[] scores) {
        return writeRows(dir.resolve(task.submissionFileName()), values(task, scores));
    }

    private static String[] values(GlueTask task, double[] scores) {
        if (!task.isRegression()) throw new IllegalArgumentException(task.displayName() + " is a classification task: use write");
        String[] values = new String[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) throw new IllegalArgumentException("score " + i + " is " + scores[i]);
            values[i] = threeDecimals(scores[i]);
        }
        return values;
    }

    /**
     * Python's {@code f"{x:.3f}"} (HF run_glue.py writes STS-B predictions so): the exact binary value
     * rounded half-even, so 0.0625 gives 0.062 and -0.0001 gives -0.000.
     */
    static String threeDecimals(double x) {
        String s = new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    private static Path writeRows(Path file, String[] predictions) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("index\tprediction\n");
                for (int i = 0; i < predictions.length; i++) w.write(i + "\t" + predictions[i] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
