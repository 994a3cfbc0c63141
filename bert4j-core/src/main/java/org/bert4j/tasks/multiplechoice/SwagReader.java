package org.bert4j.tasks.multiplechoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SWAG (Zellers et al. 2018, {@code rowanz/swagaf}) as Hugging Face's {@code run_swag.py} uses it:
 * context = {@code sent1}, second segment = {@code sent2 + " " + ending_i}.
 *
 * <ul>
 *   <li>{@link #readCsv}: the official {@code train.csv}/{@code val.csv}/{@code test.csv} with header
 *       {@code [,]video-id,fold-ind,startphrase,sent1,sent2,gold-source,ending0,ending1,ending2,ending3[,label]}
 *       (columns found by name; {@code test.csv} has no label: -1);</li>
 *   <li>{@link #readJsonl}: one object per line with {@code sent1, sent2, ending0..ending3, label} (the Hugging
 *       Face sample in {@code shared/data/swag}).</li>
 * </ul>
 * Rows with missing fields are reported as "file:line: ..." and left out.
 */
public final class SwagReader {
    private SwagReader() {}

    static final int ENDINGS = 4;

    public static MultipleChoiceDataset readCsv(Path file) {
        List<Csv.Row> rows = Csv.parse(readString(file));
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": empty CSV");
        Map<String, Integer> col = new HashMap<>();
        List<String> header = rows.get(0).fields();
        for (int i = 0; i < header.size(); i++) col.put(header.get(i).strip(), i);
        for (String need : List.of("sent1", "sent2", "ending0", "ending1", "ending2", "ending3")) {
            if (!col.containsKey(need)) throw new IllegalArgumentException(file + ": header has no '" + need + "' column: " + header);
        }
        List<MultipleChoiceExample> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Csv.Row r : rows.subList(1, rows.size())) {
            List<String> f = r.fields();
            if (f.size() != header.size()) {
                problems.add(file + ":" + r.line() + ": " + f.size() + " fields, header has " + header.size());
                continue;
            }
            List<String> endings = new ArrayList<>();
            for (int i = 0; i < ENDINGS; i++) endings.add(f.get(col.get("ending" + i)));
            int label = -1;
            if (col.containsKey("label")) {
                try {
                    label = Integer.parseInt(f.get(col.get("label")).strip());
                } catch (NumberFormatException e) {
                    problems.add(file + ":" + r.line() + ": label '" + f.get(col.get("label")) + "' is not a number");
                    continue;
                }
            }
            String id = col.containsKey("video-id") ? f.get(col.get("video-id")) + "#" + r.line() : "line-" + r.line();
            try {
                out.add(new MultipleChoiceExample(id, f.get(col.get("sent1")), f.get(col.get("sent2")), endings, label, r.line()));
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + e.getMessage());
            }
        }
        return new MultipleChoiceDataset(file, out, problems);
    }

    public static MultipleChoiceDataset readJsonl(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<MultipleChoiceExample> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) continue;
            int lineNo = n + 1;
            try {
                JsonNode o = json.readTree(line);
                List<String> endings = new ArrayList<>();
                for (int i = 0; i < ENDINGS; i++) endings.add(requireText(o, "ending" + i));
                int label = o.has("label") ? o.get("label").asInt(-1) : -1;
                out.add(new MultipleChoiceExample("line-" + lineNo, requireText(o, "sent1"), requireText(o, "sent2"),
                    endings, label, lineNo));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        return new MultipleChoiceDataset(file, out, problems);
    }

    static String requireText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("no \"" + field + "\" string");
        return v.asText();
    }

    static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
