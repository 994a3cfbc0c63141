package org.bert4j.tasks.multiplechoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generic multiple-choice JSONL format, one object per line:
 * {@code {"context": ..., "question": ... (optional), "endings": [...], "label": k}}; {@code choices} is
 * accepted for {@code endings}, and {@code id} is used when present. {@code label} is an index (number
 * or numeric string); missing = unlabeled (-1).
 *
 * <p>All examples of a file must have the same number of choices (they are batched as
 * {@code [batch, choices, tokens]}): a line whose count differs from the first example's is reported as
 * "file:line: ..." in {@link MultipleChoiceDataset#problems()} and left out.
 */
public final class MultipleChoiceReader {
    private MultipleChoiceReader() {}

    public static MultipleChoiceDataset readJsonl(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<MultipleChoiceExample> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lines = SwagReader.readLines(file);
        int choices = -1;
        int choicesLine = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) continue;
            int lineNo = n + 1;
            try {
                JsonNode o = json.readTree(line);
                JsonNode arr = o.has("endings") ? o.get("endings") : o.get("choices");
                if (arr == null || !arr.isArray() || arr.isEmpty()) throw new IllegalArgumentException("no \"endings\" (or \"choices\") array");
                List<String> endings = new ArrayList<>();
                for (JsonNode e : arr) {
                    if (!e.isTextual()) throw new IllegalArgumentException("choice " + endings.size() + " is not a string");
                    endings.add(e.asText());
                }
                if (choices < 0) {
                    choices = endings.size();
                    choicesLine = lineNo;
                } else if (endings.size() != choices) {
                    throw new IllegalArgumentException(endings.size() + " choices, but line " + choicesLine + " has " + choices);
                }
                String context = SwagReader.requireText(o, "context");
                String question = o.has("question") ? o.get("question").asText("") : "";
                int label = -1;
                if (o.has("label") && !o.get("label").isNull()) {
                    JsonNode l = o.get("label");
                    if (l.isInt()) label = l.asInt();
                    else if (l.isTextual() && l.asText().strip().matches("\\d+")) label = Integer.parseInt(l.asText().strip());
                    else throw new IllegalArgumentException("label " + l + " is not a choice index");
                }
                String id = o.has("id") ? o.get("id").asText() : "line-" + lineNo;
                out.add(new MultipleChoiceExample(id, context, question, endings, label, lineNo));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        return new MultipleChoiceDataset(file, out, problems);
    }
}
