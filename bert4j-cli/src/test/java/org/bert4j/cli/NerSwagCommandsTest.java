package org.bert4j.cli;

import static org.bert4j.cli.FinetuneTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune / evaluate / predict ner on the first 100 sentences of eng.train (dev: 50 of eng.testa), and
 * finetune / evaluate swag on the 10-example SWAG sample, with the tiny random BERT.
 */
class NerSwagCommandsTest {
    @TempDir Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();

    /** The first {@code sentences} sentences of a CoNLL file (with its -DOCSTART- line). */
    static Path head(Path conll, int sentences, Path to) throws Exception {
        List<String> out = new ArrayList<>();
        int n = 0;
        boolean inSentence = false;
        for (String line : Files.readAllLines(conll)) {
            out.add(line);
            boolean blank = line.isBlank();
            if (blank && inSentence && ++n == sentences) break;
            inSentence = !blank && !line.startsWith("-DOCSTART-");
        }
        Files.write(to, out);
        return to;
    }

    @Test
    void nerFineTuneEvaluatePredict() throws Exception {
        Path data = FinetuneTestSupport.shared().resolve("data/conll2003");
        Path train = head(data.resolve("eng.train"), 100, tmp.resolve("train100"));
        Path dev = head(data.resolve("eng.testa"), 50, tmp.resolve("dev50"));
        Path out = tmp.resolve("ner");
        var r = run(new FinetuneNerCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", train.toString(),
                "--dev-file", dev.toString(), "--output", out.toString(), "--epochs", "4", "--batch-size", "8", "--lr", "2e-3", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("labels (IOB2") && r.err().contains("B-LOC") && r.err().contains("I-PER"), r.err());
        FinetuneTestSupport.assertLossFalls(out, 5);
        JsonNode config = JSON.readTree(out.resolve("best/config.json").toFile());
        assertEquals("BertForTokenClassification", config.get("architectures").get(0).asText());
        assertEquals("O", config.get("id2label").get("0").asText());
        assertEquals(0, config.get("label2id").get("O").asInt());
        List<String> predictions = Files.readAllLines(out.resolve("predictions.conll"));
        assertTrue(predictions.stream().filter(l -> !l.isBlank()).allMatch(l -> l.split(" ").length == 3), "token gold guessed");

        var e = run(new EvaluateNerCommand(), "--model", out.resolve("best").toString(), "--eval-file", dev.toString(), "--json");
        assertEquals(0, e.exitCode(), e.err());
        JsonNode scores = JSON.readTree(e.out());
        assertEquals(List.of("precision", "recall", "f1", "per_type"), SquadCommandsTest.iterator(scores));
        for (JsonNode t : scores.get("per_type")) assertEquals(List.of("precision", "recall", "f1"), SquadCommandsTest.iterator(t));
        var text = run(new EvaluateNerCommand(), "--model", out.resolve("best").toString(), "--eval-file", dev.toString());
        assertTrue(text.out().startsWith("processed "), text.out());

        Path tagged = tmp.resolve("tagged.conll");
        var p = run(new PredictNerCommand(), "--model", out.resolve("best").toString(), "--input", dev.toString(), "--output", tagged.toString());
        assertEquals(0, p.exitCode(), p.err());
        assertEquals(Files.readAllLines(out.resolve("predictions.conll")).stream().filter(l -> !l.isBlank()).count(),
                Files.readAllLines(tagged).stream().filter(l -> !l.isBlank()).count());
        Path sentences = tmp.resolve("sentences.txt");
        Files.writeString(sentences, "EU rejects German call to boycott British lamb .\nPeter Blackburn\n");
        Path taggedText = tmp.resolve("tagged.txt");
        assertEquals(0, run(new PredictNerCommand(), "--model", out.resolve("best").toString(), "--input", sentences.toString(),
                "--output", taggedText.toString(), "--format", "text").exitCode());
        List<String> lines = Files.readAllLines(taggedText);
        assertEquals(9 + 1 + 2 + 1, lines.size());
        assertTrue(lines.get(0).startsWith("EU ") && config.get("label2id").has(lines.get(0).split(" ")[1]), lines.get(0));
    }

    @Test
    void malformedConllLinesAreReportedWithFileAndLine() throws Exception {
        Path bad = tmp.resolve("bad.conll");
        Files.writeString(bad, "-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\n");
        var r = run(new FinetuneNerCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", bad.toString(),
                "--output", tmp.resolve("o").toString(), "--max-steps", "1", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("bad.conll:4") && r.err().contains("expected 4 columns"), r.err());
        Path empty = tmp.resolve("empty.conll");
        Files.writeString(empty, "only two\ncolumns here\n");
        var e = run(new FinetuneNerCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", empty.toString(),
                "--output", tmp.resolve("o2").toString(), "--quiet");
        assertEquals(2, e.exitCode());
        assertTrue(e.err().contains("no sentences"), e.err());
    }

    @Test
    void swagFineTuneAndEvaluate() throws Exception {
        Path sample = FinetuneTestSupport.shared().resolve("data/swag/sample_10.jsonl");
        Path out = tmp.resolve("swag");
        var r = run(new FinetuneSwagCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", sample.toString(),
                "--dev-file", sample.toString(), "--output", out.toString(), "--epochs", "15", "--batch-size", "2", "--lr", "2e-3",
                "--max-seq-length", "64", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        FinetuneTestSupport.assertLossFalls(out, 10);
        assertEquals("BertForMultipleChoice", JSON.readTree(out.resolve("best/config.json").toFile()).get("architectures").get(0).asText());
        var e = run(new EvaluateSwagCommand(), "--model", out.resolve("best").toString(), "--eval-file", sample.toString(), "--max-seq-length", "64", "--json");
        assertEquals(0, e.exitCode(), e.err());
        JsonNode acc = JSON.readTree(e.out());
        assertEquals(List.of("accuracy"), SquadCommandsTest.iterator(acc));
        double a = acc.get("accuracy").asDouble();
        assertTrue(a >= 0 && a <= 1 && a * 10 == Math.rint(a * 10), "accuracy over 10 examples: " + a);
        assertEquals(a, JSON.readTree(out.resolve("eval_results.json").toFile()).get("accuracy").asDouble(), 1e-9,
                "evaluate reproduces the best evaluation of training");

        var noHead = run(new EvaluateSwagCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--eval-file", sample.toString(), "--json");
        assertEquals(1, noHead.exitCode());
    }

    @Test
    void choiceCountMismatchesAreReported() throws Exception {
        Path f = tmp.resolve("mc.jsonl");
        Files.writeString(f, """
                {"context": "The cat", "endings": ["sat.", "flew.", "swam."], "label": 0}
                {"context": "The dog", "endings": ["barked.", "sang."], "label": 0}
                {"context": "The bird", "endings": ["flew.", "dug.", "typed."], "label": 0}
                """);
        var r = run(new FinetuneSwagCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", f.toString(),
                "--output", tmp.resolve("mc").toString(), "--max-steps", "1", "--max-seq-length", "32", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("mc.jsonl:2") && r.err().contains("2 choices, but line 1 has 3"), r.err());

        Path four = FinetuneTestSupport.shared().resolve("data/swag/sample_10.jsonl");
        var mismatch = run(new FinetuneSwagCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", f.toString(),
                "--dev-file", four.toString(), "--output", tmp.resolve("mc2").toString(), "--max-steps", "1", "--quiet");
        assertEquals(2, mismatch.exitCode());
        assertTrue(mismatch.err().contains("4 choices per example"), mismatch.err());
    }
}
