package org.bert4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bert4j.nn.Param;
import org.bert4j.optim.AdamW;
import org.bert4j.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on {@link ToyMlpTask}: convergence, exact resume, NaN stop, metrics file. */
class TrainerTest {
    @TempDir
    Path tmp;

    static final class Recorder implements ProgressListener {
        final List<Double> losses = new ArrayList<>();
        final List<Long> steps = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();
        TrainResult end;

        @Override public void onStep(Progress p) { losses.add(p.loss()); steps.add(p.step()); }
        @Override public void onCheckpoint(long step, Path dir) { checkpoints.add(step); }
        @Override public void onEnd(TrainResult r) { end = r; }
    }

    @Test
    void toyModelOverfitsASmallBatch() {
        ToyMlpTask task = new ToyMlpTask(8, 6, 16, 3, 0f, 1, 2);
        BatchSampler sampler = new BatchSampler(task.lengths, 8, 0, true, 1, false);
        TrainConfig cfg = TrainConfig.of(300, 3e-2).withSchedule("constant", 0).withPlotAtEnd(false);
        Recorder rec = new Recorder();
        TrainResult r = new Trainer<>(task, sampler, new AdamW(0.0), cfg, tmp.resolve("run")).addListener(rec).run();
        System.out.printf("overfit: loss %.4f -> %.6f after %d steps%n", rec.losses.get(0), r.lastLoss(), r.steps());
        assertFalse(r.diverged());
        assertEquals(300, r.steps());
        assertTrue(rec.losses.get(0) > 0.5, "starts high: " + rec.losses.get(0));
        assertTrue(r.lastLoss() < 0.01, "near zero: " + r.lastLoss());
        assertEquals(1.0, r.lastEval().get("accuracy"));
    }

    private static TrainConfig resumeConfig() {
        return TrainConfig.of(10, 1e-2).withSchedule("linear", 3).withGradientAccumulation(2)
                .withCheckpointEvery(5, 5).withEvalEvery(4).withSeed(17).withBestMetric("accuracy", true).withPlotAtEnd(false);
    }

    private static ToyMlpTask resumeTask(long initSeed) {
        return new ToyMlpTask(20, 5, 12, 3, 0.2f, 3, initSeed);
    }

    private static Trainer<ToyMlpTask.Batch> trainer(ToyMlpTask task, Path dir) {
        BatchSampler sampler = new BatchSampler(task.lengths, 4, 5, true, 2, false); // 5 batches per epoch
        return new Trainer<>(task, sampler, Optimizer.byName("adamw", 0.01), resumeConfig(), dir);
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() {
        ToyMlpTask straight = resumeTask(2);
        Recorder a = new Recorder();
        trainer(straight, tmp.resolve("a")).addListener(a).run();
        assertEquals(10, a.losses.size());

        // run B: "crashes" right after checkpoint-5 is written
        Path b = tmp.resolve("b");
        ToyMlpTask first = resumeTask(2);
        Trainer<ToyMlpTask.Batch> t1 = trainer(first, b).addListener(new ProgressListener() {
            @Override public void onCheckpoint(long step, Path dir) { throw new IllegalStateException("simulated crash at " + step); }
        });
        assertThrows(IllegalStateException.class, t1::run);

        // a fresh model with different initial weights, restored from disk only
        ToyMlpTask second = resumeTask(999);
        Trainer<ToyMlpTask.Batch> t2 = trainer(second, b);
        t2.resume(b);
        assertEquals(5, t2.step());
        Recorder rb = new Recorder();
        TrainResult r = t2.addListener(rb).run();
        assertEquals(10, r.steps());
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), rb.steps);
        for (int i = 0; i < 5; i++) {
            assertEquals(Double.doubleToLongBits(a.losses.get(5 + i)), Double.doubleToLongBits(rb.losses.get(i)), "loss at step " + (6 + i));
        }
        for (int i = 0; i < straight.params.size(); i++) {
            assertArrayEquals(straight.params.get(i).value(), second.params.get(i).value(), straight.params.get(i).name());
        }
        // the resumed run's metrics.jsonl holds the whole timeline, identical losses
        List<JsonNode> la = MetricsLog.read(tmp.resolve("a").resolve(MetricsLog.FILE));
        List<JsonNode> lb = MetricsLog.read(b.resolve(MetricsLog.FILE));
        assertEquals(10, lb.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, lb.get(i).get("step").asLong());
            assertEquals(la.get(i).get("loss").asDouble(), lb.get(i).get("loss").asDouble(), 0.0);
        }
        System.out.printf("resume: 10 losses equal bit for bit, last %.9f%n", rb.losses.get(4));
    }

    @Test
    void resumedStateRecordsEverything() throws Exception {
        Path dir = tmp.resolve("s");
        trainer(resumeTask(2), dir).run();
        assertEquals(List.of(tmp.resolve("s/checkpoint-10"), tmp.resolve("s/checkpoint-5")), Checkpoints.list(dir));
        Checkpoints.Loaded l = Checkpoints.load(dir);
        assertEquals(10, l.state().step());
        assertEquals(new BatchSampler.Position(4, 0), l.state().sampler()); // 20 micro-batches of 5 per epoch
        assertEquals(80, l.state().examplesSeen());     // 10 steps x 2 micro-batches x 4
        assertTrue(l.state().bestStep() == 4 || l.state().bestStep() == 8 || l.state().bestStep() == 10);
        assertEquals("AdamW", l.optimizer().kind());
        assertEquals(10, l.optimizer().step());
        assertEquals(8, l.optimizer().tensors().size());
        assertTrue(l.model().containsKey("bert.encoder.layer.0.intermediate.dense.weight"));
        String json = Files.readString(l.dir().resolve(Checkpoints.STATE));
        for (String key : new String[] {"\"rng_state\"", "\"epoch\"", "\"batch_index\"", "\"config\"", "\"crc32c\"", "\"learning_rate\""}) {
            assertTrue(json.contains(key), key);
        }
    }

    @Test
    void nanLossStopsAndKeepsLastGoodCheckpoint() {
        ToyMlpTask task = resumeTask(2);
        task.poisonCall = 13; // step 7's first micro-batch (2 micro-batches per step)
        Path dir = tmp.resolve("nan");
        BatchSampler sampler = new BatchSampler(task.lengths, 4, 5, true, 2, false);
        TrainConfig cfg = resumeConfig().withCheckpointEvery(3, 3).withPlotAtEnd(true);
        Recorder rec = new Recorder();
        TrainResult r = new Trainer<>(task, sampler, new AdamW(0.01), cfg, dir).addListener(rec).run();
        System.out.println("NaN stop: " + r.stopReason());
        assertTrue(r.diverged());
        assertEquals(6, r.steps());
        assertTrue(r.stopReason().startsWith("step 7: loss is NaN"), r.stopReason());
        assertEquals(dir.resolve("checkpoint-6"), r.lastCheckpoint());
        assertEquals(List.of(3L, 6L), rec.checkpoints);
        assertEquals(dir.resolve("checkpoint-6"), Checkpoints.latest(dir).orElseThrow());
        Checkpoints.Loaded l = Checkpoints.load(dir);
        for (float[] v : l.model().values()) for (float x : v) assertTrue(Float.isFinite(x));
        for (Param p : task.params()) for (float x : p.value()) assertTrue(Float.isFinite(x), "weights untouched by the bad step");
        List<JsonNode> rows = MetricsLog.read(dir.resolve(MetricsLog.FILE));
        JsonNode bad = rows.get(rows.size() - 1);
        assertEquals(7, bad.get("step").asLong());
        assertTrue(bad.get("loss").isNull());
        assertTrue(bad.get("diverged").asBoolean());
        assertTrue(Files.exists(dir.resolve("curves.png")), "curves still drawn");
    }

    @Test
    void infiniteGradientStopsBeforeTheOptimizerStep() {
        ToyMlpTask task = resumeTask(2);
        task.infGradCall = 8; // step 4
        Path dir = tmp.resolve("inf");
        BatchSampler sampler = new BatchSampler(task.lengths, 4, 5, true, 2, false);
        TrainResult r = new Trainer<>(task, sampler, new AdamW(0.01), resumeConfig().withCheckpointEvery(2, 2), dir).run();
        assertTrue(r.diverged());
        assertEquals(3, r.steps());
        assertTrue(r.stopReason().startsWith("step 4: gradient norm is Infinity"), r.stopReason());
        assertEquals(dir.resolve("checkpoint-2"), r.lastCheckpoint());
    }

    @Test
    void nonFiniteWeightsAreNeverCheckpointed() {
        Param p = Param.zeros("w", 2);
        p.value()[1] = Float.NaN;
        TrainerState s = new TrainerState(1, new BatchSampler.Position(0, 1), 0, 1, 0, Double.NaN, -1, 0, "AdamW", java.util.Map.of());
        assertThrows(IllegalStateException.class,
                () -> Checkpoints.save(tmp.resolve("w"), List.of(p), new AdamW(0).state(), s, 1));
        assertTrue(Checkpoints.list(tmp.resolve("w")).isEmpty());
    }

    @Test
    void gradientAccumulationAveragesMicroBatches() {
        // 2 micro-batches of 4 in file order == 1 batch of the same 8 examples (the loss is a batch mean)
        Recorder k2 = new Recorder(), k1 = new Recorder();
        ToyMlpTask a = new ToyMlpTask(8, 5, 12, 3, 0f, 3, 2), b = new ToyMlpTask(8, 5, 12, 3, 0f, 3, 2);
        TrainConfig cfg = TrainConfig.of(4, 1e-2).withSchedule("constant", 0).withPlotAtEnd(false);
        new Trainer<>(a, new BatchSampler(a.lengths, 4, 0, false, 1, false), new AdamW(0.01), cfg.withGradientAccumulation(2), tmp.resolve("k2"))
                .addListener(k2).run();
        new Trainer<>(b, new BatchSampler(b.lengths, 8, 0, false, 1, false), new AdamW(0.01), cfg, tmp.resolve("k1")).addListener(k1).run();
        for (int i = 0; i < 4; i++) assertEquals(k1.losses.get(i), k2.losses.get(i), 1e-6, "step " + (i + 1));
        for (int i = 0; i < a.params.size(); i++) {
            float[] x = a.params.get(i).value(), y = b.params.get(i).value();
            for (int j = 0; j < x.length; j++) assertEquals(y[j], x[j], 1e-5);
        }
    }

    @Test
    void metricsJsonlHasOneCompleteLinePerStep() {
        Path dir = tmp.resolve("m");
        trainer(resumeTask(2), dir).run();
        List<JsonNode> rows = MetricsLog.read(dir.resolve(MetricsLog.FILE));
        assertEquals(10, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(i + 1, row.get("step").asLong());
            for (String k : new String[] {"loss", "lr", "grad_norm", "accuracy", "examples_per_second", "elapsed_s", "epoch"}) {
                assertTrue(row.get(k) != null && row.get(k).isNumber(), "step " + (i + 1) + " lacks " + k);
            }
            boolean evalStep = (i + 1) % 4 == 0 || i + 1 == 10;
            assertEquals(evalStep, row.has("eval_accuracy"), "eval at step " + (i + 1));
        }
        assertEquals(0.0, rows.get(0).get("lr").asDouble());                 // warm-up starts at 0
        assertEquals(1e-2 / 3, rows.get(1).get("lr").asDouble(), 1e-15);    // step index 1 of 3 warm-up steps
        assertEquals(1e-2 / 7, rows.get(9).get("lr").asDouble(), 1e-15);   // (10 - 9) / (10 - 3)
    }

    @Test
    void evaluateAtStartLogsStepZeroAndChangesNothingElse() {
        Path plain = tmp.resolve("plain"), before = tmp.resolve("before");
        trainer(resumeTask(2), plain).run();
        Trainer<?> t = trainer(resumeTask(2), before).evaluateAtStart(true);
        t.run();
        List<JsonNode> a = MetricsLog.read(plain.resolve(MetricsLog.FILE));
        List<JsonNode> b = MetricsLog.read(before.resolve(MetricsLog.FILE));
        assertEquals(a.size() + 1, b.size());
        JsonNode zero = b.get(0);
        assertEquals(0, zero.get("step").asLong());
        assertTrue(zero.get("eval_accuracy").isNumber());
        assertFalse(zero.has("loss"));
        // the untrained model's accuracy is what evaluate() gives before any step, and training is unchanged
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).get("loss").asDouble(), b.get(i + 1).get("loss").asDouble(), 0.0, "loss at step " + (i + 1));
        }
        org.bert4j.train.plot.CurvePlot.write(before); // the step-0 row (no loss) must not break the plots
        assertTrue(Files.isRegularFile(before.resolve("curves.png")));
    }

    @Test
    void corruptNewestCheckpointFallsBackToPrevious() throws Exception {
        Path dir = tmp.resolve("c");
        trainer(resumeTask(2), dir).run();
        Path newest = dir.resolve("checkpoint-10");
        Path model = newest.resolve(Checkpoints.MODEL);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);
        assertTrue(Checkpoints.verify(newest).contains("checksum"));
        assertEquals(dir.resolve("checkpoint-5"), Checkpoints.latest(dir).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(newest));
        assertNull(Checkpoints.verify(dir.resolve("checkpoint-5")));
    }
}
