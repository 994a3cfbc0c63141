package org.bert4j.model;

import java.util.Collection;
import java.util.SplittableRandom;
import org.bert4j.nn.Param;

/**
 * Parameter initialization as BERT's (Google: truncated normal with {@code initializer_range}; Hugging
 * Face: normal): weights and embeddings from {@code normal(0, std)} truncated at two standard
 * deviations, biases 0, LayerNorm gamma 1 and beta 0. Decided by name, as the checkpoints name them.
 */
public final class Init {
    private Init() {}

    public static void normal(Collection<Param> params, float std, SplittableRandom rng) {
        for (Param p : params) {
            float[] v = p.value();
            String n = p.name();
            if (n.contains("LayerNorm")) {
                java.util.Arrays.fill(v, n.endsWith(".weight") ? 1f : 0f);
            } else if (n.endsWith(".bias")) {
                java.util.Arrays.fill(v, 0f);
            } else {
                for (int i = 0; i < v.length; i++) v[i] = (float) (truncatedGaussian(rng) * std);
            }
        }
    }

    private static double truncatedGaussian(SplittableRandom rng) {
        while (true) {
            double g = rng.nextGaussian();
            if (Math.abs(g) <= 2.0) return g;
        }
    }
}
