package org.bert4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;
import org.bert4j.optim.GradClip;
import org.bert4j.optim.LrSchedule;
import org.bert4j.optim.Optimizer;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.bert4j.train.plot.CurvePlot;

/**
 * The one training loop every task runs through (pre-training and all fine-tuning tasks), as in
 * google-research/bert's {@code run_pretraining.py}/{@code run_classifier.py} (one optimizer,
 * one schedule, clipping at 1.0) and the shape of Hugging Face's {@code Trainer}:
 * <pre>
 *   for each optimizer step:
 *     zero gradients
 *     K times: batch = task.batch(sampler.next()); metrics = task.forwardBackward(batch, rng.split())
 *     gradients /= K                      (gradient accumulation: the mean over K micro-batches)
 *     gradNorm = clip to maxGradNorm      (torch.nn.utils.clip_grad_norm_)
 *     NaN/Inf loss or gradNorm: stop, name the step, keep the last good checkpoint
 *     optimizer.step(params, schedule.lr(step))
 *     log a line to metrics.jsonl, tell the listeners
 *     every evalEvery steps: task.evaluate()
 *     every checkpointEvery steps and at the end: checkpoint (see {@link Checkpoints})
 * </pre>
 * All randomness the task uses comes from the trainer's {@link Rng}, whose state is checkpointed
 * with the sampler position, weights and optimizer moments, so {@link #resume} followed by
 * {@link #run} produces the same losses, bit for bit, as a run that was never interrupted.
 *
 * @param <B> the task's batch type
 */
public final class Trainer<B> {
    private final TrainableTask<B> task;
    private final BatchSampler sampler;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private final Path runDir;
    private final List<ProgressListener> listeners = new ArrayList<>();
    private final Kernels kernels = KernelsProvider.get();

    private long step;
    private Rng rng;
    private long examplesSeen;
    private double elapsedBefore;
    private double bestMetric = Double.NaN;
    private long bestStep = -1;
    private double lastLoss = Double.NaN;
    private Path lastCheckpoint;
    private boolean evaluateAtStart;

    /**
     * @param runDir where {@code metrics.jsonl}, {@code checkpoint-N/} and the plots go
     */
    public Trainer(TrainableTask<B> task, BatchSampler sampler, Optimizer optimizer, TrainConfig config, Path runDir) {
        this.task = task;
        this.sampler = sampler;
        this.optimizer = optimizer;
        this.config = config;
        this.runDir = runDir;
        this.rng = Rng.seeded(config.seed());
    }

    public Trainer<B> addListener(ProgressListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Evaluates once before the first step of a fresh run (not of a resumed one) and logs it as step 0
     * of {@code metrics.jsonl}: the "before" of continued pre-training or fine-tuning. It does not count
     * towards the best metric and draws nothing from the trainer's random stream.
     */
    public Trainer<B> evaluateAtStart(boolean on) {
        this.evaluateAtStart = on;
        return this;
    }

    /** Optimizer steps completed so far. */
    public long step() {
        return step;
    }

    /**
     * Continues from a checkpoint ({@code --resume DIR}): {@code dir} is a {@code checkpoint-N}
     * directory or a run directory (its newest complete checkpoint). Restores weights, optimizer
     * moments, step, sampler position, random state, best metric and elapsed time.
     */
    public void resume(Path dir) {
        Checkpoints.Loaded loaded = Checkpoints.load(dir);
        Checkpoints.restoreParams(loaded, task.params());
        optimizer.loadState(loaded.optimizer());
        TrainerState s = loaded.state();
        sampler.restore(s.sampler());
        rng = Rng.fromState(s.rngState());
        step = s.step();
        examplesSeen = s.examplesSeen();
        elapsedBefore = s.elapsedSeconds();
        bestMetric = s.bestMetric();
        bestStep = s.bestStep();
        lastLoss = s.lastLoss();
        lastCheckpoint = loaded.dir();
    }

    /** Trains until {@code config.totalSteps()} or divergence; see the class comment. */
    public TrainResult run() {
        List<Param> params = task.params();
        LrSchedule schedule = LrSchedule.parse(config.schedule(), config.learningRate(), config.warmupSteps(), config.totalSteps());
        int accumulation = config.gradientAccumulation();
        long startStep = step;
        long startNanos = System.nanoTime();
        long segmentExamples = 0;
        Map<String, Double> lastEval = Map.of();
        String stopReason = "completed";
        boolean diverged = false;
        for (ProgressListener l : listeners) l.onStart(startStep, config.totalSteps());

        try (MetricsLog log = new MetricsLog(runDir, step)) {
            if (evaluateAtStart && step == 0) {
                Map<String, Double> eval = task.evaluate();
                if (!eval.isEmpty()) {
                    for (ProgressListener l : listeners) l.onEvaluate(0, eval);
                    Map<String, Object> line = new LinkedHashMap<>();
                    eval.forEach((k, v) -> line.put("eval_" + k, v));
                    double evalSeconds = (System.nanoTime() - startNanos) / 1e9;
                    line.put("elapsed_s", evalSeconds);
                    log.write(0, line);
                    elapsedBefore += evalSeconds; // in elapsed_s from here on, not in examples_per_second
                    startNanos = System.nanoTime();
                }
            }
            while (step < config.totalSteps()) {
                optimizer.zeroGrad(params);
                double lossSum = 0;
                int examples = 0;
                Map<String, Double> extras = new LinkedHashMap<>();
                for (int k = 0; k < accumulation; k++) {
                    B batch = task.batch(sampler.next());
                    StepMetrics m = task.forwardBackward(batch, rng.split());
                    lossSum += m.loss();
                    examples += m.examples();
                    m.extras().forEach((name, v) -> extras.merge(name, v / accumulation, Double::sum));
                }
                if (accumulation > 1) {
                    float inv = 1f / accumulation;
                    for (Param p : params) if (p.hasGrad()) kernels.scale(p.grad(), 0, p.size(), inv);
                }
                double loss = lossSum / accumulation;
                double gradNorm = config.maxGradNorm() > 0 ? GradClip.clipGlobalNorm(params, config.maxGradNorm()) : GradClip.globalNorm(params);
                double lr = schedule.lr(step);

                if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                    diverged = true;
                    stopReason = "step " + (step + 1) + ": " + (!Double.isFinite(loss) ? "loss is " + loss : "gradient norm is " + gradNorm)
                            + "; weights left at step " + step + (lastCheckpoint != null ? ", last good checkpoint " + lastCheckpoint : "");
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("loss", loss);
                    line.put("lr", lr);
                    line.put("grad_norm", gradNorm);
                    line.put("diverged", true);
                    log.write(step + 1, line);
                    break;
                }

                optimizer.step(params, lr);
                step++;
                examplesSeen += examples;
                segmentExamples += examples;
                lastLoss = loss;

                Map<String, Double> eval = Map.of();
                boolean last = step == config.totalSteps();
                if ((config.evalEvery() > 0 && step % config.evalEvery() == 0) || last) {
                    eval = task.evaluate();
                    if (!eval.isEmpty()) {
                        lastEval = eval;
                        trackBest(eval);
                        for (ProgressListener l : listeners) l.onEvaluate(step, eval);
                    }
                }

                double segmentSeconds = (System.nanoTime() - startNanos) / 1e9;
                double examplesPerSecond = segmentExamples / Math.max(segmentSeconds, 1e-9);
                double eta = (config.totalSteps() - step) * segmentSeconds / (step - startStep);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("loss", loss);
                line.put("lr", lr);
                line.put("grad_norm", gradNorm);
                line.putAll(extras);
                eval.forEach((k, v) -> line.put("eval_" + k, v));
                line.put("epoch", sampler.position().epoch());
                line.put("examples_per_second", examplesPerSecond);
                line.put("elapsed_s", elapsedBefore + segmentSeconds);
                log.write(step, line);
                ProgressListener.Progress progress = new ProgressListener.Progress(step, config.totalSteps(), loss, lr, gradNorm,
                        examplesPerSecond, eta, extras);
                for (ProgressListener l : listeners) l.onStep(progress);

                if ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) || last) {
                    String bad = Checkpoints.nonFinite(params);
                    if (bad != null) {
                        diverged = true;
                        stopReason = "step " + step + ": " + bad + "; not checkpointed"
                                + (lastCheckpoint != null ? ", last good checkpoint " + lastCheckpoint : "");
                        break;
                    }
                    saveCheckpoint(elapsedBefore + segmentSeconds);
                }
            }
        }
        TrainResult result = new TrainResult(step, diverged, stopReason, lastCheckpoint, lastLoss, lastEval);
        if (config.plotAtEnd()) {
            try {
                CurvePlot.write(runDir);
            } catch (RuntimeException e) {
                System.err.println("bert4j: could not draw the training curves: " + e.getMessage());
            }
        }
        for (ProgressListener l : listeners) l.onEnd(result);
        return result;
    }

    private void trackBest(Map<String, Double> eval) {
        String name = config.metricForBest();
        if (name == null) return;
        Double v = eval.get(name);
        if (v == null || !Double.isFinite(v)) return;
        boolean better = Double.isNaN(bestMetric) || (config.greaterIsBetter() ? v > bestMetric : v < bestMetric);
        if (better) {
            bestMetric = v;
            bestStep = step;
        }
    }

    private void saveCheckpoint(double elapsed) {
        org.bert4j.optim.OptimizerState moments = optimizer.state();
        TrainerState state = new TrainerState(step, sampler.position(), rng.state(), examplesSeen, elapsed, bestMetric, bestStep,
                lastLoss, moments.kind(), config.toMap());
        lastCheckpoint = Checkpoints.save(runDir, task.params(), moments, state, config.keepCheckpoints());
        for (ProgressListener l : listeners) l.onCheckpoint(step, lastCheckpoint);
    }
}
