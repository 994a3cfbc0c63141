package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The contracts of {@code finetune glue}, {@code evaluate glue} and {@code predict glue} on a tiny
 * BERT (random weights, BERT's uncased vocabulary) and the first rows of SST-2: exit codes, the
 * output folder, the JSON keys, the prediction file format and the errors.
 */
class FinetuneGlueCommandTest {
    @TempDir static Path tmp;
    static Path model, data, out;
    static Result finetune;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            ex.printStackTrace(new PrintWriter(e, true));
            return ex instanceof UserException u ? u.exitCode() : 1;
        });
        int code = cl.execute(args);
        return new Result(code, o.toString(), e.toString());
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("bert4j.shared.dir")).resolve("data").resolve(relative);
        assertTrue(Files.exists(p), "shared data " + p + " is missing");
        return p;
    }

    static void head(Path from, int rows, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.write(to, Files.readAllLines(from).subList(0, rows + 1));
    }

    @BeforeAll
    static void fineTune() throws IOException {
        model = tmp.resolve("tiny");
        BertConfig c = new BertConfig(30522, 32, 2, 2, 64, "gelu", 0.1f, 0.1f, 128, 2, 0.02f, 1e-12f);
        BertModel m = new BertModel(c, true);
        m.initialize(new SplittableRandom(5));
        BertModels.save(model, c, m.params(), shared("bert-vocab/bert-base-uncased-vocab.txt"));
        data = tmp.resolve("SST-2");
        head(shared("glue/SST-2/train.tsv"), 2000, data.resolve("train.tsv"));
        head(shared("glue/SST-2/dev.tsv"), 200, data.resolve("dev.tsv"));
        head(shared("glue/SST-2/test.tsv"), 30, data.resolve("test.tsv"));
        out = tmp.resolve("out");
        finetune = run("finetune", "glue", "--task", "SST-2", "--model", model.toString(), "--data-dir", data.toString(),
                "--output", out.toString(), "--epochs", "4", "--lr", "2e-3", "--batch-size", "16", "--max-seq-length", "64",
                "--seed", "3", "--threads", "2", "--quiet");
    }

    @Test
    void finetuneWritesTheBestModelAndResults() throws IOException {
        assertEquals(0, finetune.code(), finetune.err());
        assertTrue(finetune.out().contains("epoch 1 (step 125): acc = "), finetune.out());
        assertTrue(finetune.out().contains("best: epoch "), finetune.out());
        assertTrue(finetune.out().contains("confusion matrix"), finetune.out());
        for (String f : List.of("best/config.json", "best/model.safetensors", "best/vocab.txt", "eval_results.json",
                "classification_report.txt", "metrics.jsonl")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode r = new ObjectMapper().readTree(out.resolve("eval_results.json").toFile());
        assertEquals(4, r.get("epochs").size());
        assertEquals(16, r.get("config").get("batch_size").asInt());
    }

    @Test
    void evaluatePrintsTheTaskMetricsAsJson() throws IOException {
        Result r = run("evaluate", "glue", "--task", "sst-2", "--model", out.resolve("best").toString(),
                "--eval-file", data.resolve("dev.tsv").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("acc"), keys);
        JsonNode best = new ObjectMapper().readTree(out.resolve("eval_results.json").toFile()).get("best");
        assertEquals(best.get("acc").asDouble(), j.get("acc").asDouble(), 0);
        assertTrue(j.get("acc").asDouble() > 0.585, "beats the majority class (101 of 200) clearly: " + j);

        Result text = run("evaluate", "glue", "--task", "sst-2", "--model", out.resolve("best").toString(),
                "--eval-file", data.resolve("dev.tsv").toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("acc = ") && text.out().contains("confusion matrix"), text.out());
    }

    @Test
    void predictWritesTheGlueSubmissionFormat() throws IOException {
        Path pred = tmp.resolve("pred/SST-2.tsv");
        Result r = run("predict", "glue", "--task", "sst-2", "--model", out.resolve("best").toString(),
                "--input", data.resolve("test.tsv").toString(), "--output", pred.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(pred);
        assertEquals("index\tprediction", lines.get(0));
        assertEquals(31, lines.size());
        for (int i = 1; i < lines.size(); i++) assertTrue(lines.get(i).matches((i - 1) + "\t[01]"), lines.get(i));

        // a labeled dev file works too (labels ignored); its predictions agree with evaluate's accuracy
        Path devPred = tmp.resolve("pred/dev.tsv");
        assertEquals(0, run("predict", "glue", "--task", "sst-2", "--model", out.resolve("best").toString(),
                "--input", data.resolve("dev.tsv").toString(), "--output", devPred.toString()).code());
        List<String> p = Files.readAllLines(devPred), gold = Files.readAllLines(data.resolve("dev.tsv"));
        assertEquals(201, p.size());
        int correct = 0;
        for (int i = 1; i < p.size(); i++) if (p.get(i).split("\t")[1].equals(gold.get(i).split("\t")[1])) correct++;
        double acc = new ObjectMapper().readTree(out.resolve("eval_results.json").toFile()).get("best").get("acc").asDouble();
        assertEquals(acc, correct / 200.0, 1e-9);
    }

    @Test
    void aLabelOutsideTheLabelSetFailsClearly() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("dev.tsv")).subList(0, 6));
        lines.set(3, lines.get(3).replaceAll("\t[01]$", "\tpositive"));
        Path bad = tmp.resolve("bad-dev.tsv");
        Files.write(bad, lines);
        Result r = run("evaluate", "glue", "--task", "sst-2", "--model", out.resolve("best").toString(), "--eval-file", bad.toString(), "--json");
        assertEquals(CommandErrors.USAGE, r.code());
        assertTrue(r.err().contains("bad-dev.tsv:4") && r.err().contains("'positive'") && r.err().contains("[0, 1]"), r.err());
        assertEquals("", r.out());

        // an SST-2 model is no RTE model
        Path rte = tmp.resolve("rte-dev.tsv");
        Files.write(rte, List.of("index\tsentence1\tsentence2\tlabel", "0\tA man sleeps.\tNobody sleeps.\tnot_entailment"));
        Result wrongTask = run("evaluate", "glue", "--task", "rte", "--model", out.resolve("best").toString(), "--eval-file", rte.toString());
        assertEquals(CommandErrors.USAGE, wrongTask.code());
        assertTrue(wrongTask.err().contains("entailment") && wrongTask.err().contains("[0, 1]"), wrongTask.err());

        // own data: the model's labels are 0 and 1
        Path csv = tmp.resolve("own.csv");
        Files.write(csv, List.of("text,y", "a fine film,1", "a dull film,neutral"));
        Result own = run("evaluate", "glue", "--task", "mine", "--model", out.resolve("best").toString(), "--eval-file", csv.toString(),
                "--format", "csv", "--text-column", "text", "--label-column", "y");
        assertEquals(CommandErrors.USAGE, own.code());
        assertTrue(own.err().contains("'neutral'"), own.err());
    }

    /** A left-to-right model (is_decoder, the LTR ablation) fine-tunes as one, and its fine-tuned folder stays one. */
    @Test
    void aLeftToRightModelFineTunesAndStaysLeftToRight() throws IOException {
        Path ltr = tmp.resolve("tiny-ltr");
        BertConfig c = new BertConfig(30522, 32, 2, 2, 64, "gelu", 0.1f, 0.1f, 128, 2, 0.02f, 1e-12f).withDecoder(true);
        BertModel m = new BertModel(c, true);
        m.initialize(new SplittableRandom(5));
        BertModels.save(ltr, c, m.params(), shared("bert-vocab/bert-base-uncased-vocab.txt"));
        Path o = tmp.resolve("out-ltr");
        Result r = run("finetune", "glue", "--task", "SST-2", "--model", ltr.toString(), "--data-dir", data.toString(),
                "--output", o.toString(), "--epochs", "1", "--lr", "2e-3", "--batch-size", "16", "--max-seq-length", "64",
                "--max-train-examples", "400", "--seed", "3", "--threads", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode cfg = new ObjectMapper().readTree(o.resolve("best/config.json").toFile());
        assertTrue(cfg.path("is_decoder").asBoolean(), cfg.toString());
        Result e = run("evaluate", "glue", "--task", "sst-2", "--model", o.resolve("best").toString(),
                "--eval-file", data.resolve("dev.tsv").toString(), "--json");
        assertEquals(0, e.code(), e.err());
        double best = new ObjectMapper().readTree(o.resolve("eval_results.json").toFile()).get("best").get("acc").asDouble();
        assertEquals(best, new ObjectMapper().readTree(e.out()).get("acc").asDouble(), 0);
    }

    @Test
    void usageErrors() {
        assertEquals(CommandErrors.USAGE, run("finetune", "glue", "--task", "nope", "--model", model.toString(),
                "--data-dir", data.toString(), "--output", tmp.resolve("x").toString()).code());
        assertEquals(CommandErrors.USAGE, run("finetune", "glue", "--task", "sst-2", "--model", model.toString(),
                "--data-dir", tmp.resolve("missing").toString(), "--output", tmp.resolve("x").toString()).code());
        assertEquals(CommandErrors.USAGE, run("finetune", "glue", "--task", "sst-2", "--model", model.toString(),
                "--data-dir", data.toString(), "--output", tmp.resolve("x").toString(), "--lr", "-1").code());
        assertEquals(Main.EXIT_USAGE, run("finetune", "glue", "--task", "sst-2").code(), "missing required options");
        assertEquals(CommandErrors.USAGE, run("finetune").code());
        Result notFineTuned = run("evaluate", "glue", "--task", "sst-2", "--model", model.toString(), "--eval-file", data.resolve("dev.tsv").toString());
        assertEquals(CommandErrors.FAILURE, notFineTuned.code());
        assertTrue(notFineTuned.err().contains("no classification head"), notFineTuned.err());
    }

    @Test
    void ownCsvDataAndTheGridSearch() throws IOException {
        // SST-2 rows as CSV with other column names and labels
        List<String> rows = Files.readAllLines(data.resolve("train.tsv"));
        List<String> csv = new ArrayList<>(List.of("review,sentiment"));
        for (String r : rows.subList(1, 49)) {
            String[] f = r.split("\t");
            csv.add("\"" + f[0].replace("\"", "\"\"") + "\"," + (f[1].equals("1") ? "pos" : "neg"));
        }
        Path own = tmp.resolve("own");
        Files.createDirectories(own);
        Files.write(own.resolve("train.csv"), csv);
        Files.write(own.resolve("dev.csv"), csv.subList(0, 25));
        Path gridOut = tmp.resolve("grid-out");
        Result r = run("finetune", "glue", "--task", "reviews", "--model", model.toString(), "--data-dir", own.toString(),
                "--output", gridOut.toString(), "--format", "csv", "--text-column", "review", "--label-column", "sentiment",
                "--max-seq-length", "32", "--max-train-examples", "32", "--grid", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("32 training / 24 dev examples, labels LabelSet[neg, pos]"), r.out());
        String md = Files.readString(gridOut.resolve("grid.md"));
        assertEquals(18, md.lines().filter(l -> l.matches("\\| (16|32) \\| [235]e-05 \\| [234] \\|.*")).count(), md);
        assertTrue(md.contains("**best**"), md);
        assertTrue(Files.isDirectory(gridOut.resolve("grid/bs16-lr5e-05-ep2/best")));
        JsonNode cfg = new ObjectMapper().readTree(gridOut.resolve("best/config.json").toFile());
        assertEquals("neg", cfg.get("id2label").get("0").asText());
        assertEquals("reviews", cfg.get("finetuning_task").asText());

        Path pred = tmp.resolve("own-pred.tsv");
        Result p = run("predict", "glue", "--task", "reviews", "--model", gridOut.resolve("best").toString(), "--input",
                own.resolve("dev.csv").toString(), "--output", pred.toString(), "--format", "csv", "--text-column", "review",
                "--label-column", "sentiment");
        assertEquals(0, p.code(), p.err());
        List<String> lines = Files.readAllLines(pred);
        assertEquals(25, lines.size());
        assertTrue(lines.get(1).matches("0\t(neg|pos)"), lines.get(1));
        Result e = run("evaluate", "glue", "--task", "reviews", "--model", gridOut.resolve("best").toString(), "--eval-file",
                own.resolve("dev.csv").toString(), "--format", "csv", "--text-column", "review", "--label-column", "sentiment", "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertTrue(j.has("acc") && j.has("macro_f1"), e.out());
    }
}
