package org.bert4j.nn;

import java.util.SplittableRandom;

/**
 * How a forward pass runs: in training (dropout on, drawing from the given seeded generator, caches
 * kept for backward) or in evaluation (dropout off), and with bidirectional (BERT) or causal
 * (left-to-right, the paper's "LTR" ablation in §5.1) self-attention. The generator is passed
 * explicitly, as Google's BERT passes its {@code rng}, so a run is reproducible from its seed.
 *
 * @param training whether dropout is applied
 * @param random   the generator dropout draws from; null in evaluation
 * @param causal   each token attends only to itself and the tokens before it (Hugging Face's
 *                 {@code is_decoder} mask); false for BERT's bidirectional attention
 */
public record ForwardContext(boolean training, SplittableRandom random, boolean causal) {
    /** Evaluation: no dropout, bidirectional. */
    public static final ForwardContext EVAL = new ForwardContext(false, null, false);

    public ForwardContext {
        if (training && random == null) throw new IllegalArgumentException("training needs a random generator");
    }

    /** Bidirectional attention. */
    public ForwardContext(boolean training, SplittableRandom random) {
        this(training, random, false);
    }

    /** Training with dropout drawn from a generator seeded with {@code seed}. */
    public static ForwardContext training(long seed) {
        return new ForwardContext(true, new SplittableRandom(seed));
    }

    /** The same context with causal (left-to-right) or bidirectional attention. */
    public ForwardContext withCausal(boolean c) {
        return new ForwardContext(training, random, c);
    }
}
