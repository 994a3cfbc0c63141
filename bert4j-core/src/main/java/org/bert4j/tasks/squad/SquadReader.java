package org.bert4j.tasks.squad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the official SQuAD v1.1 and v2.0 JSON files (Google run_squad.py {@code read_squad_examples}).
 *
 * <p>Every answer is checked against its context: the text must appear at {@code answer_start}
 * (a code-point offset). A mismatch is reported in {@link SquadDataset#answerProblems()} with the
 * file and question id, counted, and the answer kept, never silently dropped. Structural errors
 * (missing {@code data}, {@code context}, {@code id}...) throw {@link IllegalArgumentException} naming
 * the file and the question or paragraph.
 */
public final class SquadReader {
    private SquadReader() {}

    public static SquadDataset read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQuAD file " + file + ": " + e.getMessage(), e);
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) throw new IllegalArgumentException(file + ": no \"data\" array");
        String version = root.path("version").asText("");
        List<String> titles = new ArrayList<>();
        List<SquadExample> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int paragraphs = 0;
        for (int a = 0; a < data.size(); a++) {
            JsonNode article = data.get(a);
            String title = article.path("title").asText("");
            titles.add(title);
            JsonNode paras = article.get("paragraphs");
            if (paras == null || !paras.isArray()) throw new IllegalArgumentException(file + ": article " + a + " (" + title + ") has no paragraphs");
            for (int p = 0; p < paras.size(); p++) {
                paragraphs++;
                JsonNode para = paras.get(p);
                String context = text(para, "context", file, "article " + a + " paragraph " + p);
                int contextLength = context.codePointCount(0, context.length());
                for (JsonNode qa : para.path("qas")) {
                    String id = text(qa, "id", file, "article " + a + " paragraph " + p);
                    String question = text(qa, "question", file, "question " + id);
                    boolean impossible = qa.path("is_impossible").asBoolean(false);
                    List<SquadAnswer> answers = new ArrayList<>();
                    int k = 0;
                    for (JsonNode ans : qa.path("answers")) {
                        String answerText = text(ans, "text", file, "question " + id + " answer " + k);
                        if (!ans.has("answer_start")) throw new IllegalArgumentException(file + ": question " + id + " answer " + k + " has no answer_start");
                        int start = ans.get("answer_start").asInt();
                        int end = start + answerText.codePointCount(0, answerText.length());
                        String found = start >= 0 && end <= contextLength
                            ? context.substring(context.offsetByCodePoints(0, start), context.offsetByCodePoints(0, end))
                            : null;
                        boolean ok = answerText.equals(found);
                        if (!ok) {
                            problems.add(file + ": question " + id + " answer " + k + ": text \"" + answerText
                                + "\" not at answer_start " + start + " (context has " + (found == null
                                    ? "only " + contextLength + " characters" : "\"" + found + "\"") + ")");
                        }
                        answers.add(new SquadAnswer(answerText, start, ok));
                        k++;
                    }
                    if (impossible && !answers.isEmpty()) {
                        problems.add(file + ": question " + id + " is_impossible but has " + answers.size() + " answers");
                    }
                    examples.add(new SquadExample(id, title, a, question, context, answers, impossible));
                }
            }
        }
        return new SquadDataset(file, version, titles, paragraphs, examples, problems);
    }

    private static String text(JsonNode node, String field, Path file, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(file + ": " + where + " has no \"" + field + "\" string");
        return v.asText();
    }
}
