package org.bert4j.cli;

import picocli.CommandLine.Option;

/**
 * The training options that {@code finetune squad}, {@code ner} and {@code swag} share with the same
 * defaults (a picocli mixin); each command keeps its own {@code --epochs}, {@code --lr} and
 * {@code --batch-size}, whose defaults are the paper's per task.
 */
final class TaskTrainingOptions {
    @Option(names = "--warmup-proportion", defaultValue = "0.1", description = "fraction of steps of linear warm-up (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "decoupled weight decay, not on LayerNorm or bias (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "42", description = "seed of head initialization, shuffling and dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--eval-every", defaultValue = "0", description = "evaluate every N steps (default: once per epoch, and at the end)")
    long evalEvery;

    @Option(names = "--max-steps", defaultValue = "0", description = "stop after N optimizer steps (overrides --epochs)")
    long maxSteps;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads (default: all cores)")
    int threads;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** These settings with the command's own epochs, learning rate and batch size. */
    FinetuneSupport.Settings settings(double epochs, double learningRate, int batchSize) {
        return new FinetuneSupport.Settings(epochs, learningRate, batchSize, seed, warmup, weightDecay, evalEvery, maxSteps, quiet, threads);
    }
}
