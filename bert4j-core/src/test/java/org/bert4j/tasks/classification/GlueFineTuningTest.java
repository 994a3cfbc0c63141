package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.Tokenizers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real fine-tune: a tiny BERT (random weights, BERT's uncased vocabulary) on the first 2,000
 * SST-2 training sentences, evaluated on the first 200 development sentences after every epoch. It
 * must learn something (beat the majority class on dev), keep the best epoch in {@code OUT/best} as a
 * Hugging Face {@code BertForSequenceClassification} folder, and that folder must reload to the
 * same predictions.
 */
class GlueFineTuningTest {
    @TempDir static Path tmp;
    static Path pretrained, data;
    static GlueFineTuning.Result result;
    static Path out;

    /** A "pre-trained" checkpoint without a classifier: H=32, 2 layers, BERT's 30,522-token vocabulary. */
    static Path tinyPretrained(Path dir) {
        BertConfig c = new BertConfig(30522, 32, 2, 2, 64, "gelu", 0.1f, 0.1f, 128, 2, 0.02f, 1e-12f);
        BertModel m = new BertModel(c, true);
        m.initialize(new SplittableRandom(5));
        BertModels.save(dir, c, m.params(), SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"));
        return dir;
    }

    /** The header and the first {@code rows} rows of an SST-2 file. */
    static void head(String file, int rows, Path to) throws IOException {
        List<String> lines = Files.readAllLines(SharedData.data("glue/SST-2/" + file));
        Files.createDirectories(to.getParent());
        Files.write(to, lines.subList(0, rows + 1));
    }

    @BeforeAll
    static void fineTune() throws IOException {
        pretrained = tinyPretrained(tmp.resolve("pretrained"));
        data = tmp.resolve("sst2");
        head("train.tsv", 2000, data.resolve("train.tsv"));
        head("dev.tsv", 200, data.resolve("dev.tsv"));
        out = tmp.resolve("out");
        FineTuneConfig cfg = FineTuneConfig.paper().withEpochs(4).withLearningRate(2e-3).withBatchSize(16).withMaxSeqLength(64).withSeed(3);
        result = GlueFineTuning.run(pretrained, GlueFineTuning.glue(GlueTask.SST2, data), cfg, out, null, List.of());
    }

    @Test
    void devAccuracyBeatsTheMajorityClass() {
        List<Example> dev = GlueReader.read(GlueTask.SST2, data.resolve("dev.tsv"), Split.DEV);
        long ones = dev.stream().filter(e -> e.label().equals("1")).count();
        double majority = Math.max(ones, dev.size() - ones) / (double) dev.size();
        assertEquals(4, result.epochs().size());
        double acc = result.best().metrics().get("acc");
        System.out.printf("tiny SST-2: best epoch %d acc %.3f (majority %.3f), %.1f s%n", result.best().epoch(), acc, majority, result.seconds());
        assertTrue(acc > majority + 0.08, "dev accuracy " + acc + " does not beat the majority class " + majority);
        assertEquals("acc", result.primaryMetric());
        for (GlueFineTuning.Epoch e : result.epochs()) assertTrue(e.metrics().get("acc") <= acc);
        assertEquals(125, result.epochs().get(0).step(), "2000 examples in batches of 16");
    }

    @Test
    void writesEvalResultsReportMetricsAndCurves() throws IOException {
        JsonNode r = new ObjectMapper().readTree(out.resolve("eval_results.json").toFile());
        assertEquals("sst-2", r.get("task").asText());
        assertEquals("acc", r.get("primary_metric").asText());
        assertEquals(4, r.get("epochs").size());
        assertEquals(result.best().epoch(), r.get("best").get("epoch").asInt());
        assertEquals(result.best().metrics().get("acc"), r.get("best").get("acc").asDouble(), 0);
        assertEquals(2e-3, r.get("config").get("learning_rate").asDouble(), 1e-12);
        String report = Files.readString(out.resolve("classification_report.txt"));
        assertTrue(report.contains("confusion matrix") && report.contains("precision"), report);
        JsonNode rj = new ObjectMapper().readTree(out.resolve("classification_report.json").toFile());
        assertEquals(200, rj.get("support").asInt());
        assertEquals(500, Files.readAllLines(out.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(out.resolve("curves.html")) || Files.exists(out.resolve("curves.svg")) || Files.exists(out.resolve("curves.png")));
        assertTrue(Files.isDirectory(out.resolve("checkpoint-500")), "the last epoch's checkpoint, for --resume");
    }

    @Test
    void bestIsAHuggingFaceSequenceClassificationFolder() throws IOException {
        Path best = out.resolve("best");
        JsonNode c = new ObjectMapper().readTree(best.resolve("config.json").toFile());
        assertEquals("BertForSequenceClassification", c.get("architectures").get(0).asText());
        assertEquals("bert", c.get("model_type").asText());
        assertEquals(2, c.get("num_labels").asInt());
        assertEquals("0", c.get("id2label").get("0").asText());
        assertEquals(1, c.get("label2id").get("1").asInt());
        assertEquals("sst-2", c.get("finetuning_task").asText());
        assertEquals(Files.readAllLines(pretrained.resolve("vocab.txt")), Files.readAllLines(best.resolve("vocab.txt")));
        try (var r = org.bert4j.checkpoint.SafetensorsReader.open(best.resolve("model.safetensors"))) {
            assertTrue(r.names().contains("classifier.weight") && r.names().contains("classifier.bias"));
            assertTrue(r.names().contains("bert.pooler.dense.weight"));
            assertTrue(r.names().contains("bert.encoder.layer.1.output.LayerNorm.weight"));
            assertArrayEquals(new long[] {2, 32}, r.get("classifier.weight").shape());
            for (String n : r.names()) assertTrue(n.startsWith("bert.") || n.startsWith("classifier."), n);
        }
    }

    @Test
    void bestReloadsToTheSamePredictions() {
        Path best = out.resolve("best");
        ClassifierModel m = ClassifierModel.loadFineTuned(best, null);
        assertEquals(GlueTask.SST2.labelSet(), m.labels());
        assertEquals("sst-2", m.finetuningTask());
        var tok = Tokenizers.load(best, null);
        List<Feature> dev = ClassificationFeatures.encode(tok, GlueReader.read(GlueTask.SST2, data.resolve("dev.tsv"), Split.DEV), 64, GlueTask.SST2);
        ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(m, dev, GlueTask.SST2, 64, tok.padId());
        assertEquals(result.best().metrics().get("acc"), r.metrics().get("acc"), 0);
        assertEquals(result.bestReport().render(), r.report().render());

        // fine-tuning again from OUT/best keeps its head; from the pre-trained folder the head is new and seeded
        ClassifierModel again = ClassifierModel.forFineTuning(best, GlueTask.SST2.labelSet(), "sst-2", 99);
        assertArrayEquals(m.head.classifier.weight.value(), again.head.classifier.weight.value());
        ClassifierModel fresh1 = ClassifierModel.forFineTuning(pretrained, GlueTask.SST2.labelSet(), "sst-2", 7);
        ClassifierModel fresh2 = ClassifierModel.forFineTuning(pretrained, GlueTask.SST2.labelSet(), "sst-2", 7);
        assertArrayEquals(fresh1.head.classifier.weight.value(), fresh2.head.classifier.weight.value());
        double sq = 0;
        for (float v : fresh1.head.classifier.weight.value()) sq += v * v;
        double std = Math.sqrt(sq / 64);
        assertTrue(std > 0.01 && std < 0.03, "normal(0, 0.02): std " + std);
    }

    @Test
    void aPretrainedCheckpointIsNoFineTunedModel() {
        var e = assertThrows(org.bert4j.checkpoint.CheckpointException.class, () -> ClassifierModel.loadFineTuned(pretrained, null));
        assertTrue(e.getMessage().contains("no classification head"), e.getMessage());
        assertTrue(ClassifierModel.labelsOf(pretrained).isEmpty());
    }

    @Test
    void aMiniLmStyleCheckpointWithoutPoolerGetsANewOne(@TempDir Path dir) {
        BertConfig c = new BertConfig(30522, 16, 1, 2, 32, "gelu", 0.1f, 0.1f, 64, 2, 0.02f, 1e-12f);
        BertModel m = new BertModel(c, false);
        m.initialize(new SplittableRandom(1));
        BertModels.save(dir, c, m.params(), SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"));
        ClassifierModel cm = ClassifierModel.forFineTuning(dir, LabelSet.regression(), "sts-b", 1);
        assertTrue(cm.bert.pooler != null);
        double sq = 0;
        for (float v : cm.bert.pooler.dense.weight.value()) sq += v * v;
        assertTrue(sq > 0, "the new pooler is initialized");
        Path saved = dir.resolve("saved");
        cm.save(saved, Tokenizers.load(dir, null));
        assertEquals(LabelSet.regression(), ClassifierModel.labelsOf(saved).orElseThrow());
        try (TensorSource s = BertModels.openWeights(saved)) {
            assertTrue(s.contains("pooler.dense.weight"));
        }
        assertEquals(LabelSet.regression(), ClassifierModel.loadFineTuned(saved, null).labels());
    }

    @Test
    void ownDataWithAnUnknownDevLabelFailsClearly(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("train.csv"), List.of("text,label", "good film,pos", "bad film,neg"));
        Files.write(dir.resolve("dev.csv"), List.of("text,label", "fine film,pos", "odd film,meh"));
        GenericReader reader = GenericReader.of(GenericReader.Format.CSV, "text", "label");
        var e = assertThrows(IllegalArgumentException.class,
                () -> GlueFineTuning.own("mine", reader, dir.resolve("train.csv"), dir.resolve("dev.csv")));
        assertTrue(e.getMessage().contains("'meh'") && e.getMessage().contains("[neg, pos]"), e.getMessage());
        assertEquals(new ArrayList<>(List.of("neg", "pos")), new ArrayList<>(
                GlueFineTuning.own("mine", reader, dir.resolve("train.csv"), dir.resolve("train.csv")).labels().labels()));
    }

    @Test
    void resumeContinuesTheRunAndKeepsEarlierEpochs(@TempDir Path dir) throws IOException {
        Path d = dir.resolve("sst2");
        head("train.tsv", 64, d.resolve("train.tsv"));
        head("dev.tsv", 40, d.resolve("dev.tsv"));
        GlueFineTuning.Data small = GlueFineTuning.glue(GlueTask.SST2, d);
        FineTuneConfig cfg = FineTuneConfig.paper().withEpochs(1).withLearningRate(1e-3).withBatchSize(16).withMaxSeqLength(32);
        Path run = dir.resolve("run");
        GlueFineTuning.Result first = GlueFineTuning.run(pretrained, small, cfg, run, null, List.of());
        assertEquals(1, first.epochs().size());
        assertTrue(Files.isDirectory(run.resolve("checkpoint-4")));
        GlueFineTuning.Result second = GlueFineTuning.run(pretrained, small, cfg.withEpochs(2), run, run.resolve("checkpoint-4"), List.of());
        assertEquals(8, second.training().steps());
        assertEquals(List.of(1, 2), second.epochs().stream().map(GlueFineTuning.Epoch::epoch).toList());
        assertEquals(first.epochs().get(0).metrics(), second.epochs().get(0).metrics(), "epoch 1 carried over from eval_results.json");
        JsonNode r = new ObjectMapper().readTree(run.resolve("eval_results.json").toFile());
        assertEquals(2, r.get("epochs").size());
        assertEquals(8, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }
}
