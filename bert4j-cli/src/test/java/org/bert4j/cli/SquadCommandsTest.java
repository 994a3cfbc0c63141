package org.bert4j.cli;

import static org.bert4j.cli.FinetuneTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune / evaluate / predict squad end to end on the tiny random BERT and about 50 real questions
 * of dev-v1.1.json (two articles: 30 questions trained on, 20 held out).
 */
class SquadCommandsTest {
    @TempDir static Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();
    static Path small, out;
    static FinetuneTestSupport.Result finetune;

    /** The first paragraphs of the first two articles of dev-v1.1.json, about 50 questions. */
    static Path smallSquad() throws Exception {
        JsonNode dev = JSON.readTree(FinetuneTestSupport.shared().resolve("data/squad-v1.1/dev-v1.1.json").toFile());
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.1");
        ArrayNode data = root.putArray("data");
        int[] paragraphs = {1, 4}; // 30 + 20 questions
        for (int a = 0; a < 2; a++) {
            ObjectNode art = data.addObject();
            art.put("title", dev.get("data").get(a).get("title").asText());
            ArrayNode ps = art.putArray("paragraphs");
            for (int p = 0; p < paragraphs[a]; p++) ps.add(dev.get("data").get(a).get("paragraphs").get(p));
        }
        Path f = tmp.resolve("squad-small.json");
        JSON.writeValue(f.toFile(), root);
        return f;
    }

    @BeforeAll
    static void fineTune() throws Exception {
        small = smallSquad();
        out = tmp.resolve("out");
        finetune = run(new FinetuneSquadCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", small.toString(),
                "--dev-file", small.toString(), "--train-articles", "1", "--output", out.toString(), "--max-seq-length", "128",
                "--doc-stride", "64", "--max-query-length", "32", "--epochs", "4", "--batch-size", "8", "--lr", "1e-3", "--quiet");
    }

    @Test
    void finetuneSplitsByArticleTrainsAndWritesTheOutputs() throws Exception {
        assertEquals(0, finetune.exitCode(), finetune.err());
        assertTrue(finetune.err().contains("split by article"), finetune.err());
        FinetuneTestSupport.assertLossFalls(out, 4);

        JsonNode config = JSON.readTree(out.resolve("best/config.json").toFile());
        assertEquals("BertForQuestionAnswering", config.get("architectures").get(0).asText());
        try (TensorSource w = BertModels.openWeights(out.resolve("best"))) {
            assertTrue(w.contains("qa_outputs.weight") && w.contains("encoder.layer.0.attention.self.query.weight"));
            assertEquals(List.of(2L, 32L), java.util.Arrays.stream(w.get("qa_outputs.weight").shape()).boxed().toList());
        }
        assertTrue(Files.isRegularFile(out.resolve("best/vocab.txt")) || Files.isRegularFile(out.resolve("best/tokenizer.json")));

        // predictions for exactly the held-out article's questions
        Set<String> heldOut = new TreeSet<>();
        for (JsonNode p : JSON.readTree(small.toFile()).get("data").get(1).get("paragraphs")) for (JsonNode q : p.get("qas")) heldOut.add(q.get("id").asText());
        JsonNode predictions = JSON.readTree(out.resolve("predictions.json").toFile());
        Set<String> ids = new TreeSet<>();
        predictions.fieldNames().forEachRemaining(ids::add);
        assertEquals(heldOut, ids);
        JsonNode nbest = JSON.readTree(out.resolve("nbest_predictions.json").toFile());
        for (String id : heldOut) {
            JsonNode list = nbest.get(id);
            assertTrue(list.isArray() && list.size() >= 1 && list.size() <= 20, id + ": " + list);
            assertEquals(predictions.get(id).asText(), list.get(0).get("text").asText());
        }
        JsonNode results = JSON.readTree(finetune.out());
        assertTrue(results.has("exact_match") && results.has("f1"), finetune.out());
    }

    @Test
    void evaluatePrintsExactMatchAndF1AsJson() throws Exception {
        assertEquals(0, finetune.exitCode(), finetune.err());
        var r = run(new EvaluateSquadCommand(), "--model", out.resolve("best").toString(), "--eval-file", small.toString(),
                "--max-seq-length", "128", "--doc-stride", "64", "--max-query-length", "32", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode scores = JSON.readTree(r.out());
        assertEquals(List.of("exact_match", "f1"), iterator(scores));
        double f1 = scores.get("f1").asDouble(), em = scores.get("exact_match").asDouble();
        assertTrue(f1 >= em && f1 >= 0 && f1 <= 100, r.out());
    }

    @Test
    void predictAnswersQuestionPassagePairs() throws Exception {
        assertEquals(0, finetune.exitCode(), finetune.err());
        Path in = tmp.resolve("questions.jsonl");
        Files.writeString(in, """
                {"question": "Which team won Super Bowl 50?", "context": "The Denver Broncos defeated the Carolina Panthers 24-10 to earn their third Super Bowl title."}
                {"id": "q2", "question": "Where was the game played?", "context": "The game was played at Levi's Stadium in Santa Clara, California."}
                """);
        Path answers = tmp.resolve("answers.jsonl");
        var r = run(new PredictSquadCommand(), "--model", out.resolve("best").toString(), "--input", in.toString(), "--output", answers.toString(),
                "--max-seq-length", "128");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(answers);
        assertEquals(2, lines.size());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals("q2", second.get("id").asText());
        String answer = second.get("answer").asText();
        assertTrue(!answer.isEmpty() && "The game was played at Levi's Stadium in Santa Clara, California.".contains(answer), answer);
        assertTrue(second.get("probability").asDouble() > 0);

        var bad = run(new PredictSquadCommand(), "--model", out.resolve("best").toString(), "--input", writeString("bad.jsonl", "{\"question\": \"x\"}\n").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("bad.jsonl:1") && bad.err().contains("context"), bad.err());
    }

    @Test
    void answerTextNotAtAnswerStartIsReportedWithFileAndQuestionId() throws Exception {
        Path f = writeString("mismatch.json", """
                {"version": "1.1", "data": [{"title": "T", "paragraphs": [{"context": "Paris is the capital of France.",
                  "qas": [{"id": "good-1", "question": "What is the capital of France?", "answers": [{"text": "Paris", "answer_start": 0}]},
                          {"id": "bad-7", "question": "Which country?", "answers": [{"text": "France", "answer_start": 3}]}]}]}]}
                """);
        var r = run(new FinetuneSquadCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", f.toString(),
                "--output", tmp.resolve("mismatch-out").toString(), "--max-seq-length", "64", "--max-query-length", "16", "--max-steps", "1", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("mismatch.json") && r.err().contains("bad-7") && r.err().contains("answer_start 3"), r.err());
        assertTrue(r.err().contains("1 answers in"), r.err());
    }

    @Test
    void usageAndMissingFiles() {
        var noModelArg = run(new FinetuneSquadCommand(), "--train-file", "x.json", "--output", tmp.resolve("o").toString());
        assertEquals(2, noModelArg.exitCode());
        var missing = run(new FinetuneSquadCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file",
                tmp.resolve("nope.json").toString(), "--output", tmp.resolve("o").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("nope.json"), missing.err());
        var noHead = run(new EvaluateSquadCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--eval-file", small.toString(), "--json");
        assertEquals(1, noHead.exitCode());
        assertTrue(noHead.err().contains("qa_outputs"), noHead.err());
    }

    static List<String> iterator(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Path writeString(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
