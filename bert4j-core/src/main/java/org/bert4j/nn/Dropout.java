package org.bert4j.nn;

import java.util.SplittableRandom;
import org.bert4j.tensor.Kernels;

/**
 * Inverted dropout (Srivastava et al. 2014) as PyTorch applies it: in training each element is zeroed
 * with probability {@code p} and the survivors are scaled by {@code 1 / (1 - p)}; at evaluation it is the
 * identity. The random numbers come from the {@link ForwardContext}'s seeded generator, so a training
 * step is reproducible.
 */
public final class Dropout {
    private Dropout() {}

    /**
     * Applies dropout to {@code x[0 .. len)} in place and returns the scaled keep mask (needed by
     * {@link #backward}), or {@code null} when nothing was dropped (evaluation, or {@code p == 0}).
     */
    public static float[] forward(Kernels k, ForwardContext ctx, float p, float[] x, int len) {
        if (!ctx.training() || p <= 0f) return null;
        float[] mask = mask(ctx.random(), p, len);
        k.mul(x, 0, mask, 0, x, 0, len);
        return mask;
    }

    /**
     * The scaled keep mask: {@code 1 / (1 - p)} with probability {@code 1 - p}, else 0. Each 64-bit draw
     * decides two elements, one per 32-bit half (an element is dropped when its half, read as an unsigned
     * number, is below {@code p * 2^32}): half the generator calls of one {@code nextFloat} per element,
     * with finer resolution (2^-32 instead of its 2^-24).
     */
    public static float[] mask(SplittableRandom rng, float p, int len) {
        float[] mask = new float[len];
        float keep = 1f / (1f - p);
        long threshold = (long) Math.ceil(p * 4294967296.0); // p * 2^32: drop when the unsigned half is below it
        int i = 0;
        for (; i + 1 < len; i += 2) {
            long bits = rng.nextLong();
            mask[i] = (bits >>> 32) < threshold ? 0f : keep;
            mask[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? 0f : keep;
        }
        if (i < len) mask[i] = (rng.nextLong() >>> 32) < threshold ? 0f : keep;
        return mask;
    }

    /** In place: {@code dy *= mask} (no-op when {@code mask} is null). */
    public static void backward(Kernels k, float[] mask, float[] dy, int len) {
        if (mask != null) k.mul(dy, 0, mask, 0, dy, 0, len);
    }
}
