package org.bert4j.tensor;

/**
 * The error function, accurately, in double precision: the reference the float kernels are
 * held to. Java's {@code Math} has no {@code erf}.
 *
 * <p>Uses the everywhere-positive series
 * {@code erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_{n>=0} (2x^2)^n x / (1*3*...*(2n+1))},
 * which has no cancellation, so it is good to a few ulps of double for all {@code |x| < 6};
 * beyond that {@code erf(x)} is {@code +-1} to double precision. {@link #erfc} switches to a
 * continued fraction for {@code x >= 3}, keeping its relative accuracy deep into the tail.
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private Erf() {
    }

    /** {@code erf(x)}, relative error around 1e-15. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6.0) return Math.copySign(1.0, x);
        double x2 = x * x;
        double twoX2 = 2.0 * x2;
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum), x);
    }

    /** {@code erfc(x) = 1 - erf(x)}; relative error below 1e-10 (cancellation up to x = 3), ~1e-15 beyond. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 3.0) return 1.0 - erf(x);
        if (x > 27.3) return 0.0;
        // erfc(x) = exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + (2/2) / (x + (3/2) / (x + ...))))
        double f = x;
        for (int n = 80; n >= 1; n--) f = x + (n * 0.5) / f;
        return Math.exp(-x * x) / (SQRT_PI * f);
    }

    private static final double SQRT_PI = 1.7724538509055159;

    /** {@code erf(x)} rounded to float. */
    public static float erf(float x) {
        return (float) erf((double) x);
    }
}
