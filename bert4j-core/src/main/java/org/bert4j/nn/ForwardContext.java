package org.bert4j.nn;

import java.util.SplittableRandom;

/**
 * How a forward pass runs: in training (dropout on, drawing from the given seeded generator, caches
 * kept for backward) or in evaluation (dropout off). The generator is passed explicitly, as Google's
 * BERT passes its {@code rng}, so a run is reproducible from its seed.
 *
 * @param training whether dropout is applied
 * @param random   the generator dropout draws from; null in evaluation
 */
public record ForwardContext(boolean training, SplittableRandom random) {
    /** Evaluation: no dropout. */
    public static final ForwardContext EVAL = new ForwardContext(false, null);

    public ForwardContext {
        if (training && random == null) throw new IllegalArgumentException("training needs a random generator");
    }

    /** Training with dropout drawn from a generator seeded with {@code seed}. */
    public static ForwardContext training(long seed) {
        return new ForwardContext(true, new SplittableRandom(seed));
    }
}
