package org.bert4j.tasks.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a user's own classification data with named columns, as HF run_glue.py does for
 * {@code --train_file}/{@code --validation_file} (csv or json lines): a text column, an optional
 * second text column for pairs, a label column (a score for regression) and an optional id column.
 *
 * <ul>
 *   <li>{@link Format#TSV}: a header line of column names, then rows split on tab with no quoting (GLUE's convention).</li>
 *   <li>{@link Format#CSV}: RFC 4180 (quoted fields may hold commas, quotes and line breaks), header line first.</li>
 *   <li>{@link Format#JSONL}: one JSON object per line; labels may be strings, numbers or booleans.</li>
 * </ul>
 *
 * <p>Rows are checked as {@link GlueReader} checks them (column count, empty text, unparsable score);
 * labels are not checked here, since the label set comes from the training file: use
 * {@link LabelSet#fromTraining} and {@link LabelSet#check}. In {@link Split#TEST} files the label column may
 * be absent.
 *
 * @param format         file format
 * @param textColumn     the first text's column (required)
 * @param textPairColumn the second text's column, null for single-sentence tasks
 * @param labelColumn    the label (or score) column, null for unlabeled data
 * @param idColumn       the id column, null to number rows
 * @param regression     whether labels are float scores
 */
public record GenericReader(Format format, String textColumn, String textPairColumn, String labelColumn,
                            String idColumn, boolean regression) {

    /** The file formats. */
    public enum Format {
        TSV, CSV, JSONL;

        /** Parses {@code tsv}, {@code csv}, {@code jsonl} (also {@code json}, as HF's json loader reads JSON lines). */
        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "tsv" -> TSV;
                case "csv" -> CSV;
                case "jsonl", "json", "ndjson" -> JSONL;
                default -> throw new IllegalArgumentException("unknown format '" + s + "': use tsv, csv or jsonl");
            };
        }

        /** The format a file name's extension says. */
        public static Format of(Path file) {
            String n = file.getFileName().toString();
            int dot = n.lastIndexOf('.');
            if (dot < 0) throw new IllegalArgumentException("cannot tell the format of " + file + " (no extension): give it");
            return parse(n.substring(dot + 1));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenericReader {
        if (format == null) throw new IllegalArgumentException("format is null");
        if (textColumn == null || textColumn.isEmpty()) throw new IllegalArgumentException("text column is required");
    }

    /** A reader of single texts with a label column. */
    public static GenericReader of(Format format, String textColumn, String labelColumn) {
        return new GenericReader(format, textColumn, null, labelColumn, null, false);
    }

    public GenericReader withTextPair(String column) {
        return new GenericReader(format, textColumn, column, labelColumn, idColumn, regression);
    }

    public GenericReader withId(String column) {
        return new GenericReader(format, textColumn, textPairColumn, labelColumn, column, regression);
    }

    public GenericReader asRegression() {
        return new GenericReader(format, textColumn, textPairColumn, labelColumn, idColumn, true);
    }

    /** Reads a file, failing on bad rows. */
    public List<Example> read(Path file, Split split) {
        return read(file, split, BadRowPolicy.FAIL).examples();
    }

    /** Reads a file with the given policy for bad rows. */
    public ReadResult read(Path file, Split split, BadRowPolicy policy) {
        if (!Files.isRegularFile(file)) throw new DataFormatException("no such file: " + file);
        return switch (format) {
            case TSV -> readTable(file, split, policy, tsvRows(file));
            case CSV -> readTable(file, split, policy, csvRows(file));
            case JSONL -> readJsonl(file, split, policy);
        };
    }

    private static List<CsvParser.Row> tsvRows(Path file) {
        List<String> lines = TextLines.read(file);
        List<CsvParser.Row> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) rows.add(new CsvParser.Row(i + 1, Arrays.asList(TextLines.splitTabs(lines.get(i)))));
        return rows;
    }

    private static List<CsvParser.Row> csvRows(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return CsvParser.parse(text, file.toString());
    }

    private ReadResult readTable(Path file, Split split, BadRowPolicy policy, List<CsvParser.Row> rows) {
        if (rows.isEmpty()) throw new DataFormatException(file + ": empty file, expected a header line");
        List<String> header = rows.getFirst().fields();
        int text = column(header, textColumn, file, true);
        int pair = textPairColumn == null ? -1 : column(header, textPairColumn, file, true);
        int label = labelColumn == null ? -1 : column(header, labelColumn, file, split != Split.TEST);
        int id = idColumn == null ? -1 : column(header, idColumn, file, true);
        List<Example> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            CsvParser.Row row = rows.get(r);
            List<String> f = row.fields();
            String where = file + ":" + row.line() + ": ";
            if (f.size() != header.size()) {
                problems.add(where + f.size() + " columns, expected " + header.size());
                continue;
            }
            String guid = id >= 0 ? f.get(id) : split.prefix() + "-" + (r - 1);
            add(out, problems, where, guid, f.get(text), pair < 0 ? null : f.get(pair), label < 0 ? null : f.get(label));
        }
        return ReadResult.finish(file, out, problems, policy);
    }

    private ReadResult readJsonl(Path file, Split split, BadRowPolicy policy) {
        List<String> lines = TextLines.read(file);
        List<Example> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file + ":" + (i + 1) + ": ";
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(where + "not valid JSON (" + e.getOriginalMessage() + ")");
                continue;
            }
            if (o == null || !o.isObject()) {
                problems.add(where + "not a JSON object");
                continue;
            }
            String guid = split.prefix() + "-" + row++;
            if (idColumn != null) {
                if (!hasValue(o, idColumn)) { problems.add(where + "no field '" + idColumn + "'"); continue; }
                guid = o.get(idColumn).asText();
            }
            String missing = null;
            for (String c : new String[] {textColumn, textPairColumn}) {
                if (c != null && !hasValue(o, c)) missing = c;
            }
            if (labelColumn != null && split != Split.TEST && !hasValue(o, labelColumn)) missing = labelColumn;
            if (missing != null) {
                problems.add(where + "no field '" + missing + "' (fields: " + fieldNames(o) + ")");
                continue;
            }
            String l = labelColumn != null && hasValue(o, labelColumn) ? o.get(labelColumn).asText() : null;
            add(out, problems, where, guid, o.get(textColumn).asText(),
                textPairColumn == null ? null : o.get(textPairColumn).asText(), l);
        }
        return ReadResult.finish(file, out, problems, policy);
    }

    private void add(List<Example> out, List<String> problems, String where, String guid, String a, String b, String label) {
        if (a.isBlank() || (b != null && b.isBlank())) {
            problems.add(where + "empty text in '" + (a.isBlank() ? textColumn : textPairColumn) + "'");
            return;
        }
        Float score = null;
        if (label != null && regression) {
            try {
                score = Float.parseFloat(label.strip());
                if (!Float.isFinite(score)) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(where + "score '" + label + "' is not a number");
                return;
            }
            label = null;
        } else if (label != null && label.isEmpty()) {
            problems.add(where + "empty label in '" + labelColumn + "'");
            return;
        }
        out.add(new Example(guid, a, b, label, score));
    }

    private static boolean hasValue(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && !v.isNull() && (v.isValueNode());
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int column(List<String> header, String name, Path file, boolean required) {
        int i = header.indexOf(name);
        if (i < 0 && required) {
            throw new DataFormatException(file + ":1: no column '" + name + "' in the header " + header);
        }
        return i;
    }

    /** The settings as a map (for run logs). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("format", format.name().toLowerCase(Locale.ROOT));
        m.put("text_column", textColumn);
        if (textPairColumn != null) m.put("text_pair_column", textPairColumn);
        if (labelColumn != null) m.put("label_column", labelColumn);
        if (idColumn != null) m.put("id_column", idColumn);
        m.put("regression", regression);
        return m;
    }
}
