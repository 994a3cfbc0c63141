package org.bert4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loop's settings, saved into every checkpoint's {@code trainer_state.json}.
 *
 * @param totalSteps            optimizer steps to run (see {@link #stepsForEpochs})
 * @param gradientAccumulation  micro-batches per optimizer step (gradients are averaged)
 * @param maxGradNorm           global-norm clipping threshold; 0 or less disables clipping (paper/Google: 1.0)
 * @param schedule              learning-rate schedule name (see {@code LrSchedule.parse})
 * @param learningRate          peak learning rate
 * @param warmupSteps           warm-up steps of the schedule
 * @param evalEvery             evaluate every this many steps (0: only at the end)
 * @param checkpointEvery       checkpoint every this many steps (0: only at the end)
 * @param keepCheckpoints       complete checkpoints to keep (older ones are deleted; at least 1)
 * @param seed                  seed of the trainer's random stream (dropout etc.)
 * @param metricForBest         evaluation metric (without {@code eval_}) whose best value is tracked, or null
 * @param greaterIsBetter       whether a larger {@code metricForBest} is better
 * @param plotAtEnd             render {@code curves.html}/{@code curves.png} when the run ends
 */
public record TrainConfig(long totalSteps, int gradientAccumulation, double maxGradNorm, String schedule,
                          double learningRate, long warmupSteps, long evalEvery, long checkpointEvery,
                          int keepCheckpoints, long seed, String metricForBest, boolean greaterIsBetter,
                          boolean plotAtEnd) {

    public TrainConfig {
        if (totalSteps <= 0) throw new IllegalArgumentException("totalSteps must be positive");
        if (gradientAccumulation <= 0) throw new IllegalArgumentException("gradientAccumulation must be positive");
        if (keepCheckpoints <= 0) throw new IllegalArgumentException("keepCheckpoints must be at least 1");
    }

    /** Defaults: no accumulation, clip at 1.0, linear schedule with 10% warm-up, checkpoint at the end, keep 2. */
    public static TrainConfig of(long totalSteps, double learningRate) {
        return new TrainConfig(totalSteps, 1, 1.0, "linear", learningRate, totalSteps / 10, 0, 0, 2, 42, null, true, true);
    }

    /** Optimizer steps for {@code epochs} passes over {@code batchesPerEpoch} batches with accumulation. */
    public static long stepsForEpochs(double epochs, int batchesPerEpoch, int gradientAccumulation) {
        return Math.max(1, (long) Math.ceil(epochs * batchesPerEpoch / gradientAccumulation));
    }

    public TrainConfig withGradientAccumulation(int k) {
        return new TrainConfig(totalSteps, k, maxGradNorm, schedule, learningRate, warmupSteps, evalEvery, checkpointEvery, keepCheckpoints, seed, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withMaxGradNorm(double v) {
        return new TrainConfig(totalSteps, gradientAccumulation, v, schedule, learningRate, warmupSteps, evalEvery, checkpointEvery, keepCheckpoints, seed, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withSchedule(String name, long warmup) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, name, learningRate, warmup, evalEvery, checkpointEvery, keepCheckpoints, seed, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withEvalEvery(long n) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, schedule, learningRate, warmupSteps, n, checkpointEvery, keepCheckpoints, seed, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withCheckpointEvery(long n, int keep) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, schedule, learningRate, warmupSteps, evalEvery, n, keep, seed, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, schedule, learningRate, warmupSteps, evalEvery, checkpointEvery, keepCheckpoints, s, metricForBest, greaterIsBetter, plotAtEnd);
    }

    public TrainConfig withBestMetric(String name, boolean greater) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, schedule, learningRate, warmupSteps, evalEvery, checkpointEvery, keepCheckpoints, seed, name, greater, plotAtEnd);
    }

    public TrainConfig withPlotAtEnd(boolean p) {
        return new TrainConfig(totalSteps, gradientAccumulation, maxGradNorm, schedule, learningRate, warmupSteps, evalEvery, checkpointEvery, keepCheckpoints, seed, metricForBest, greaterIsBetter, p);
    }

    /** The settings as a JSON-friendly map (for {@code trainer_state.json}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_steps", totalSteps);
        m.put("gradient_accumulation", gradientAccumulation);
        m.put("max_grad_norm", maxGradNorm);
        m.put("schedule", schedule);
        m.put("learning_rate", learningRate);
        m.put("warmup_steps", warmupSteps);
        m.put("eval_every", evalEvery);
        m.put("checkpoint_every", checkpointEvery);
        m.put("keep_checkpoints", keepCheckpoints);
        m.put("seed", seed);
        m.put("metric_for_best", metricForBest);
        m.put("greater_is_better", greaterIsBetter);
        return m;
    }
}
