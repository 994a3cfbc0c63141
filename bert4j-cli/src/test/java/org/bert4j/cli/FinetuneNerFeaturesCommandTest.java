package org.bert4j.cli;

import static org.bert4j.cli.FinetuneTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune ner-features with the tiny random BERT (5 layers, H = 32): two feature sets on 60 eng.train
 * sentences, scored on 30 eng.testa sentences; and the errors of bad --features specs.
 */
class FinetuneNerFeaturesCommandTest {
    @TempDir Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trainsOneTaggerPerFeatureSetOnFrozenFeatures() throws Exception {
        Path data = FinetuneTestSupport.shared().resolve("data/conll2003");
        Path train = NerSwagCommandsTest.head(data.resolve("eng.train"), 80, tmp.resolve("train80"));
        Path dev = NerSwagCommandsTest.head(data.resolve("eng.testa"), 30, tmp.resolve("dev30"));
        Path out = tmp.resolve("features");
        var r = run(new FinetuneNerFeaturesCommand(), "--model", FinetuneTestSupport.tinyModel().toString(), "--train-file", train.toString(),
                "--dev-file", dev.toString(), "--output", out.toString(),
                "--features", "last=-1", "--features", "concat-last-four=-1,-2,-3,-4:concat",
                "--hidden", "16", "--epochs", "4", "--batch-size", "8", "--lr", "1e-2", "--threads", "2",
                "--max-train-sentences", "60", "--max-eval-sentences", "30", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("extracting hidden states [2, 3, 4, 5]"), r.err());

        JsonNode res = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(60, res.get("train_sentences").asInt());
        assertEquals(30, res.get("dev_sentences").asInt());
        assertTrue(res.get("train_words").asInt() > 60 && res.get("dev_words").asInt() > 30);
        assertTrue(res.get("extraction_seconds").asDouble() > 0);
        JsonNode sets = res.get("feature_sets");
        assertEquals(2, sets.size());
        int[] widths = {32, 128};
        for (int i = 0; i < 2; i++) {
            JsonNode s = sets.get(i);
            assertEquals(List.of("last", "concat-last-four").get(i), s.get("name").asText());
            assertEquals(widths[i], s.get("input_width").asInt());
            assertEquals(16, s.get("hidden").asInt());
            assertEquals("concat", s.get("combine").asText());
            assertEquals(4, s.get("dev").size(), "one evaluation per epoch");
            assertEquals(List.of("epoch", "step", "precision", "recall", "f1"), SquadCommandsTest.iterator(s.get("dev").get(0)));
            assertEquals(1.0, s.get("dev").get(0).get("epoch").asDouble());
            double f1 = s.get("final").get("f1").asDouble();
            assertTrue(Double.isFinite(f1) && f1 >= 0 && f1 <= 100, "f1 in percent, as conlleval: " + f1);
            assertEquals(f1, s.get("dev").get(3).get("f1").asDouble(), 0, "final = the last epoch's");
            assertTrue(s.get("train_seconds").asDouble() > 0);
            assertFalse(s.has("stopped"));
            Path runDir = out.resolve(s.get("name").asText());
            FinetuneTestSupport.assertLossFalls(runDir, 6); // 8 batches per epoch, 32 steps
        }
        assertEquals("[-1,-2,-3,-4]", sets.get(1).get("layers").toString());

        List<String> md = Files.readAllLines(out.resolve("results.md"));
        assertTrue(md.contains("| feature set | layers | dev F1 | P | R | train time |"), String.join("\n", md));
        String lastRow = String.format(java.util.Locale.ROOT, "| last | -1 | %.2f | ", sets.get(0).get("final").get("f1").asDouble());
        assertTrue(md.stream().anyMatch(l -> l.startsWith(lastRow)), "the table shows results.json's F1: " + lastRow + "\n" + String.join("\n", md));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("| concat-last-four | -1,-2,-3,-4 concat | ")), String.join("\n", md));
        assertEquals(Files.readString(out.resolve("results.md")), r.out(), "the table is printed too");
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void badFeatureSpecsSayWhatIsWrongWithAnExample() throws Exception {
        Path train = NerSwagCommandsTest.head(FinetuneTestSupport.shared().resolve("data/conll2003/eng.train"), 5, tmp.resolve("train5"));
        String model = FinetuneTestSupport.tinyModel().toString();
        String[][] cases = {
            {"last", "expected NAME=LAYERS[:COMBINE]"},
            {"=-1", "the name before '=' is missing"},
            {"last=-1,x", "'x' is not a layer number"},
            {"last=-1:mean", "unknown combination 'mean'"},
            {"a/b=-1", "may only have letters"},
            {"deep=9", "layer 9 does not exist"},
        };
        for (String[] c : cases) {
            var r = run(new FinetuneNerFeaturesCommand(), "--model", model, "--train-file", train.toString(), "--dev-file", train.toString(),
                    "--output", tmp.resolve("o").toString(), "--features", c[0], "--quiet");
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
            if (!c[0].equals("deep=9")) assertTrue(r.err().contains("e.g. --features concat-last-four=-1,-2,-3,-4:concat"), r.err());
            else assertTrue(r.err().contains("hidden states 0..5"), r.err());
        }
        var twice = run(new FinetuneNerFeaturesCommand(), "--model", model, "--train-file", train.toString(), "--dev-file", train.toString(),
                "--output", tmp.resolve("o").toString(), "--features", "x=-1", "--features", "x=-2", "--quiet");
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("'x' is used twice"), twice.err());
        assertFalse(Files.exists(tmp.resolve("o/results.json")));
    }

    @Test
    void parsesSpecs() {
        var s = FinetuneNerFeaturesCommand.parse("sum-last-four=-1,-2,-3,-4:sum");
        assertEquals("sum-last-four", s.name());
        assertEquals("-1,-2,-3,-4", s.layerList());
        assertEquals("sum", s.combineName());
        assertEquals("concat", FinetuneNerFeaturesCommand.parse("embeddings=0").combineName());
        assertEquals("weighted-sum", FinetuneNerFeaturesCommand.parse("w = -1, -2 : weighted-sum").combineName());
    }
}
