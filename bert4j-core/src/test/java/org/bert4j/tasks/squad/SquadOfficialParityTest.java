package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * {@link SquadEvaluator} against the official SQuAD scorers on the real dev-v1.1.json.
 *
 * <p>Goldens: {@code fixtures/squad/squad-eval-goldens.json}, made by {@code reference/make_squad_eval_goldens.py},
 * which runs the official {@code evaluate-v1.1.py} (copy read from GitHub csarron/QAModels) and
 * {@code evaluate-v2.0.py} (copy read from GitHub qwang70/bert) on seeded varied predictions: v1.1, 800 dev
 * questions (per-question normalized prediction, exact and F1, and the overall scores of the question subset and of the whole dev set,
 * where the other 9,770 are unanswered); v2.0, 300 other questions made into a v2.0-style set (unanswerable
 * ones, golds that normalize to ""), scored without and with no-answer probabilities; and normalize_answer of
 * 95 short strings with characters Python's regex and lower() classify differently from Java's defaults.
 */
class SquadOfficialParityTest {

    static final double TOL = 1e-9;
    static final SquadDataset DEV = SquadReader.read(SharedData.data("squad-v1.1/dev-v1.1.json"));
    static final JsonNode GOLDEN = golden();

    static JsonNode golden() {
        String name = "/fixtures/squad/squad-eval-goldens.json";
        try (InputStream in = SquadOfficialParityTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "missing golden file " + name + " (make it with reference/make_squad_eval_goldens.py)");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + name, e);
        }
    }

    static Map<String, SquadExample> byId() {
        Map<String, SquadExample> m = new LinkedHashMap<>();
        for (SquadExample e : DEV.examples()) m.put(e.id(), e);
        return m;
    }

    @Test
    void goldenIsForThisDevFile() {
        assertEquals(10570, DEV.examples().size());
        assertEquals("dev-v1.1.json", GOLDEN.get("dev_file").asText());
    }

    @Test
    void normalizeAnswerOddCharacters() {
        JsonNode cases = GOLDEN.get("v1").get("normalize_cases");
        assertEquals(95, cases.size());
        for (JsonNode c : cases) {
            String s = c.get(0).asText();
            assertEquals(c.get(1).asText(), SquadEvaluator.normalizeAnswer(s), () -> "normalize_answer of " + escape(s));
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> b.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp) : String.format("\\u%04x", cp)));
        return b.append('"').toString();
    }

    @Test
    void v11PerQuestionAndOverall() {
        JsonNode v1 = GOLDEN.get("v1");
        Map<String, SquadExample> byId = byId();
        Map<String, String> preds = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        int checked = 0;
        for (JsonNode row : v1.get("questions")) {
            String id = row.get(0).asText();
            ids.add(id);
            SquadExample ex = byId.get(id);
            assertNotNull(ex, "question " + id + " not in dev-v1.1.json");
            if (row.get(1).isNull()) continue;
            String pred = row.get(1).asText();
            preds.put(id, pred);
            SquadEvaluator.Score s = SquadEvaluator.scoreV1(ex.answerTexts(), pred);
            String what = "question " + id + " prediction \"" + pred + "\" golds " + ex.answerTexts();
            assertEquals(row.get(2).asText(), SquadEvaluator.normalizeAnswer(pred), "normalize_answer, " + what);
            assertEquals(row.get(3).asDouble(), s.exact(), TOL, "exact, " + what);
            assertEquals(row.get(4).asDouble(), s.f1(), TOL, "f1, " + what);
            checked++;
        }
        assertEquals(800, ids.size());
        assertEquals(789, checked);

        // the dataset cut down to the golden's questions, in file order (the order of the official sums)
        List<SquadExample> subset = DEV.examples().stream().filter(e -> ids.contains(e.id())).toList();
        assertEquals(ids, subset.stream().map(SquadExample::id).toList(), "golden rows are in file order");
        JsonNode o = v1.get("subset");
        SquadEvaluator.V1Result r = SquadEvaluator.evaluateV1(subset, preds);
        assertEquals(o.get("exact_match").asDouble(), r.exact(), TOL);
        assertEquals(o.get("f1").asDouble(), r.f1(), TOL);
        assertEquals(o.get("total").asInt(), r.total());
        assertEquals(o.get("missing").asInt(), r.missing());

        JsonNode full = v1.get("full_dev");
        SquadEvaluator.V1Result rf = SquadEvaluator.evaluateV1(DEV.examples(), preds);
        assertEquals(full.get("exact_match").asDouble(), rf.exact(), TOL);
        assertEquals(full.get("f1").asDouble(), rf.f1(), TOL);
        assertEquals(10570, rf.total());
        assertEquals(full.get("missing").asInt(), rf.missing());
    }

    @Test
    void v20RawScoresAndEvalDicts() {
        JsonNode v2 = GOLDEN.get("v2");
        Map<String, SquadExample> byId = byId();
        List<SquadExample> data = new ArrayList<>();
        Map<String, String> preds = new LinkedHashMap<>();
        Map<String, Double> na = new LinkedHashMap<>();
        for (JsonNode row : v2.get("questions")) {
            SquadExample dev = byId.get(row.get(0).asText());
            assertNotNull(dev, "question " + row.get(0) + " not in dev-v1.1.json");
            boolean impossible = row.get(1).asBoolean();
            List<SquadAnswer> answers = dev.answers();
            if (impossible) {
                answers = List.of();
            } else if (!row.get(2).isNull()) {
                answers = new ArrayList<>();
                for (JsonNode a : row.get(2)) {
                    String text = a.get("text").asText();
                    int start = a.get("answer_start").asInt();
                    assertEquals(text, dev.context().substring(start, start + text.length()), "override is a context span");
                    answers.add(new SquadAnswer(text, start, true));
                }
            }
            data.add(new SquadExample(dev.id(), dev.title(), dev.articleIndex(), dev.question(), dev.context(), answers, impossible));
            preds.put(dev.id(), row.get(3).asText());
            na.put(dev.id(), row.get(4).asDouble());
        }
        assertEquals(300, data.size());

        SquadEvaluator.RawScores raw = SquadEvaluator.rawScores(data, preds);
        for (JsonNode row : v2.get("questions")) {
            String id = row.get(0).asText();
            String what = "question " + id + " prediction \"" + preds.get(id) + "\"";
            assertEquals(row.get(5).asBoolean(), raw.hasAnswer().get(id), "has_ans, " + what);
            assertEquals(row.get(6).asDouble(), raw.exact().get(id), TOL, "exact_raw, " + what);
            assertEquals(row.get(7).asDouble(), raw.f1().get(id), TOL, "f1_raw, " + what);
        }
        assertEquals(List.of(), raw.missing());

        assertSameEval(v2.get("no_na_prob"), SquadEvaluator.evaluateV2(data, preds, null, 1.0));
        assertSameEval(v2.get("na_prob_thresh_0.5"), SquadEvaluator.evaluateV2(data, preds, na, 0.5));
    }

    static void assertSameEval(JsonNode official, Map<String, Double> ours) {
        TreeSet<String> keys = new TreeSet<>();
        official.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, new TreeSet<>(ours.keySet()), "same keys as the official eval dict");
        for (String k : keys) assertEquals(official.get(k).asDouble(), ours.get(k), TOL, k);
    }
}
