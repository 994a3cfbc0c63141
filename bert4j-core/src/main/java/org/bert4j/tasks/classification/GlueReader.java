package org.bert4j.tasks.classification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GLUE's TSV files into {@link Example}s, as the run_classifier.py / HF glue.py processors do
 * ({@code _read_tsv}: tab-separated, no quoting; then the task's columns), but strictly.
 *
 * <p>Every row is checked: the number of columns (a headed file's rows must have as many as the header,
 * CoLA's headerless train/dev rows 4), non-empty texts, a label of the task's label list (STS-B: a
 * finite score). Bad rows fail the read by default, each reported as {@code file:line: reason}
 * (lines counted from 1, header included); {@link BadRowPolicy#SKIP} drops and counts them.
 */
public final class GlueReader {
    private GlueReader() {}

    /** Reads a split of a task from its GLUE data folder ({@code glueDir/<task dir>/<file>}), failing on bad rows. */
    public static List<Example> readFromGlueDir(GlueTask task, Path glueDir, Split split) {
        return read(task, file(task, glueDir, split), split);
    }

    /** The path of a split's file under a GLUE data folder (the layout {@code download_glue_data.py} writes). */
    public static Path file(GlueTask task, Path glueDir, Split split) {
        return glueDir.resolve(task.directory()).resolve(task.fileName(split));
    }

    /** Reads one file of a task, failing on bad rows. */
    public static List<Example> read(GlueTask task, Path file, Split split) {
        return read(task, file, split, BadRowPolicy.FAIL).examples();
    }

    /** Reads one file of a task with the given policy for bad rows. */
    public static ReadResult read(GlueTask task, Path file, Split split, BadRowPolicy policy) {
        if (!Files.isRegularFile(file)) throw new DataFormatException("no such file: " + file);
        Columns cols = task.columns(split);
        List<String> lines = TextLines.read(file);
        List<Example> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int first = 0, expected = cols.columnCount();
        if (cols.header()) {
            if (lines.isEmpty()) throw new DataFormatException(file + ": empty file, expected a header line");
            expected = TextLines.splitTabs(lines.getFirst()).length;
            first = 1;
        }
        if (expected < cols.minColumns()) {
            throw new DataFormatException(file + ":" + (cols.header() ? "1: the header has " : " rows have ") + expected
                + " columns but " + task.displayName() + " " + split.prefix() + " files need at least " + cols.minColumns()
                + " (is this the right task and split?)");
        }
        String prefix = split.prefix();
        for (int i = first; i < lines.size(); i++) {
            int lineNo = i + 1;
            String[] f = TextLines.splitTabs(lines.get(i));
            if (f.length != expected) {
                problems.add(file + ":" + lineNo + ": " + f.length + " columns, expected " + expected);
                continue;
            }
            String a = f[cols.textA()];
            String b = cols.textB() == Columns.NONE ? null : f[cols.textB()];
            if (a.isBlank() || (b != null && b.isBlank())) {
                problems.add(file + ":" + lineNo + ": empty text in column " + (a.isBlank() ? cols.textA() : cols.textB()));
                continue;
            }
            String guid = prefix + "-" + (cols.index() == Columns.NONE ? Integer.toString(i - first) : f[cols.index()]);
            int lc = cols.labelColumn(f.length);
            String label = null;
            Float score = null;
            if (lc != Columns.NONE) {
                String raw = f[lc];
                if (task.isRegression()) {
                    try {
                        score = Float.parseFloat(raw.strip());
                        if (!Float.isFinite(score)) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        problems.add(file + ":" + lineNo + ": score '" + raw + "' is not a number");
                        continue;
                    }
                } else if (!task.labels().contains(raw)) {
                    problems.add(file + ":" + lineNo + ": unknown label '" + raw + "' (" + task.displayName()
                        + " labels are " + task.labels() + ")");
                    continue;
                } else {
                    label = raw;
                }
            }
            out.add(new Example(guid, a, b, label, score));
        }
        return ReadResult.finish(file, out, problems, policy);
    }
}
