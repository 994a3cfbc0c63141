package org.bert4j.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Receives the trainer's progress, for a console bar ({@code bert4j-cli}'s {@code ConsoleProgress}),
 * a log, or a test. All methods default to doing nothing and are called on the training thread.
 */
public interface ProgressListener {

    /**
     * One optimizer step.
     *
     * @param step              optimizer steps done (1 after the first)
     * @param totalSteps        steps the run will take
     * @param loss              mean loss over the step's micro-batches
     * @param lr                learning rate used for this step
     * @param examplesPerSecond throughput since the run (or resume) started
     * @param etaSeconds        estimated seconds to the end at that throughput
     */
    record Progress(long step, long totalSteps, double loss, double lr, double gradNorm,
                    double examplesPerSecond, double etaSeconds, Map<String, Double> extras) {}

    /** Called once before the first step, with the step the run starts from (0, or the resumed step). */
    default void onStart(long startStep, long totalSteps) {}

    default void onStep(Progress progress) {}

    /** Evaluation results at {@code step} (names without the {@code eval_} prefix). */
    default void onEvaluate(long step, Map<String, Double> metrics) {}

    default void onCheckpoint(long step, Path dir) {}

    /** Called once at the end; {@code result.diverged()} says whether it stopped on NaN/Inf. */
    default void onEnd(TrainResult result) {}
}
