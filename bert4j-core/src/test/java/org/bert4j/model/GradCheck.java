package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences against an analytic gradient: {@code (L(v + eps) - L(v - eps)) / 2 eps}
 * at sampled coordinates of one array. The forward is float32, so eps is 1e-2 and the tolerance is
 * {@code ABS + REL * |g|}; a wrong backward is off by O(|g|), far above it.
 */
final class GradCheck {
    static final float EPS = 1e-2f;
    static final double ABS = 2e-3, REL = 2e-2;

    private GradCheck() {}

    /** A random weighting of an output: the test loss is {@code sum(w * y)} (in double), its gradient is {@code w}. */
    static float[] weights(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) r.nextGaussian();
        return w;
    }

    static double dot(float[] w, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (double) w[i] * y[i];
        return s;
    }

    /** Checks {@code samples} random coordinates (all if fewer) of {@code values} against {@code analytic}. */
    static double check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, long seed) {
        return check(what, values, analytic, loss, samples, seed, EPS);
    }

    /** With a given step (smaller for ReLU, whose kink a step of 1e-2 may straddle). */
    static double check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, long seed, float eps) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = values.length;
        double worst = 0;
        for (int s = 0; s < Math.min(samples, n); s++) {
            int i = samples >= n ? s : r.nextInt(n);
            float v = values[i];
            values[i] = v + eps;
            double plus = loss.getAsDouble();
            values[i] = v - eps;
            double minus = loss.getAsDouble();
            values[i] = v;
            double fd = (plus - minus) / (2 * eps), g = analytic[i];
            double err = Math.abs(fd - g);
            assertTrue(err <= ABS + REL * Math.abs(g), what + "[" + i + "]: analytic " + g + ", finite difference " + fd);
            worst = Math.max(worst, err / (ABS + REL * Math.abs(g)));
        }
        return worst;
    }
}
