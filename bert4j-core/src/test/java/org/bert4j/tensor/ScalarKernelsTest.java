package org.bert4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The oracle itself, against hand-computed values, an independent high-precision {@code erf},
 * and central finite differences (in double) for every backward op.
 */
class ScalarKernelsTest {

    private final Kernels k = new ScalarKernels();

    @Test
    void matmulFamilySmallCases() {
        float[] a = {1, 2, 3, 4, 5, 6};          // [2, 3]
        float[] w = {1, 0, 1, 0, 1, 0};          // [2, 3] as [n, k]
        float[] c = new float[4];
        k.matmulTransB(a, 0, w, 0, c, 0, 2, 2, 3, new float[] {10, 20}, false);
        assertArrayEquals(new float[] {14, 22, 20, 25}, c);
        k.matmulTransB(a, 0, w, 0, c, 0, 2, 2, 3, null, true);
        assertArrayEquals(new float[] {18, 24, 30, 30}, c);
        PackedMatrix p = k.pack(w, 0, 2, 3);
        assertArrayEquals(w, p.unpack());
        k.matmulPacked(a, 0, p, c, 0, 2, new float[] {10, 20});
        assertArrayEquals(new float[] {14, 22, 20, 25}, c);

        float[] b = {1, 2, 3, 4, 5, 6};          // [3, 2] as [k, n]
        k.matmul(a, 0, b, 0, c, 0, 2, 2, 3, false);
        assertArrayEquals(new float[] {22, 28, 49, 64}, c);
        float[] at = {1, 4, 2, 5, 3, 6};         // A^T stored as [k=3, m=2]
        k.matmulTransA(at, 0, b, 0, c, 0, 2, 2, 3, false);
        assertArrayEquals(new float[] {22, 28, 49, 64}, c);
    }

    @Test
    void softmaxKnownValues() {
        float[] x = {1, 2, 3, 1, 2, 3};
        k.softmaxRows(x, 0, 2, 3, null, 1f);
        float[] expected = {0.09003057f, 0.24472847f, 0.66524096f};
        for (int i = 0; i < 6; i++) assertEquals(expected[i % 3], x[i], 1e-7);
        float[] y = {1, 2, 3};
        k.softmaxRows(y, 0, 1, 3, new float[] {0, Float.NEGATIVE_INFINITY, 0}, 2f);
        assertEquals(0.01798621f, y[0], 1e-7);
        assertEquals(0f, y[1]);
        assertEquals(0.98201379f, y[2], 1e-7);
        float[] big = {1000, 1001}; // stability: no overflow
        k.softmaxRows(big, 0, 1, 2, null, 1f);
        assertEquals(0.26894142f, big[0], 1e-7);
    }

    @Test
    void layerNormNormalizes() {
        Random rnd = new Random(3);
        int rows = 4, cols = 37;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 5 + 3);
        float[] out = new float[x.length], mean = new float[rows], rstd = new float[rows];
        k.layerNorm(x, 0, out, 0, rows, cols, null, null, 1e-12f, mean, rstd);
        for (int r = 0; r < rows; r++) {
            double s = 0, q = 0;
            for (int j = 0; j < cols; j++) s += out[r * cols + j];
            for (int j = 0; j < cols; j++) q += out[r * cols + j] * (double) out[r * cols + j];
            assertEquals(0, s / cols, 1e-6, "mean");
            assertEquals(1, q / cols, 1e-5, "biased variance");
        }
        float[] gamma = new float[cols], beta = new float[cols];
        for (int j = 0; j < cols; j++) {
            gamma[j] = 0.5f + j;
            beta[j] = -j;
        }
        float[] affine = new float[x.length];
        k.layerNorm(x, 0, affine, 0, rows, cols, gamma, beta, 1e-12f, null, null);
        for (int i = 0; i < x.length; i++) {
            assertEquals(out[i] * gamma[i % cols] + beta[i % cols], affine[i], 1e-5 * (1 + Math.abs(affine[i])));
        }
    }

    @Test
    void geluKnownValues() {
        float[] x = {1f, -1f, 0f};
        k.geluErf(x, 0, 3);
        assertEquals(0.8413447f, x[0], 1e-7);
        assertEquals(-0.15865526f, x[1], 1e-7);
        assertEquals(0f, x[2]);
        float[] t = {1f, -1f};
        k.geluTanh(t, 0, 2);
        assertEquals(0.8411920f, t[0], 1e-7);
        assertEquals(-0.158808f, t[1], 1e-6);
    }

    /** Maclaurin series of erf in 50-digit decimal arithmetic: slow, independent, exact enough. */
    private static double erfReference(double x) {
        return erfBig(x).doubleValue();
    }

    private static BigDecimal erfBig(double x) {
        MathContext mc = new MathContext(50);
        BigDecimal bx = new BigDecimal(x), x2 = bx.multiply(bx, mc);
        BigDecimal power = bx; // x^(2n+1) / n! * (-1)^n
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 400; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-40")) < 0) break;
            power = power.multiply(x2, mc).divide(BigDecimal.valueOf(n + 1), mc).negate();
        }
        return sum.multiply(new BigDecimal("1.1283791670955125738961589031215451716881012586580"), mc);
    }

    @Test
    void erfMatchesHighPrecisionSeries() {
        for (double x = -5.5; x <= 5.5; x += 0.0173) {
            double ref = erfReference(x);
            assertEquals(ref, Erf.erf(x), 2e-15, "erf(" + x + ")");
            assertEquals((float) ref, Erf.erf((float) x) , Math.ulp((float) ref) + 1e-30, "erf float");
        }
        for (double x = -2; x <= 6; x += 0.0131) {
            double ref = BigDecimal.ONE.subtract(erfBig(x), new MathContext(50)).doubleValue();
            assertEquals(ref, Erf.erfc(x), 1e-10 * ref, "erfc(" + x + ")"); // 1 - erf cancels below x = 3
        }
        assertEquals(1.0, Erf.erfc(0.0));
        assertEquals(2.0884875837625446e-45, Erf.erfc(10.0), 1e-13 * 2.0884875837625446e-45);
        assertEquals(1e-3 * 1.1283791670955126, Erf.erf(1e-3), 1e-9);
        assertEquals(1.0, Erf.erf(7.0));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erf(0.0));
    }

    // ---------------------------------------------------------------- backward vs finite differences

    private static double central(DoubleUnaryOperator f, double x) {
        double h = 1e-5 * Math.max(1, Math.abs(x));
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    @Test
    void activationBackwardMatchesFiniteDifferences() {
        float[] xs = {-6f, -3.3f, -1f, -0.2f, 0f, 0.01f, 0.5f, 1f, 2.7f, 5f};
        float[] dy = new float[xs.length];
        for (int i = 0; i < xs.length; i++) dy[i] = 0.5f + 0.1f * i;
        float[] dx = new float[xs.length];
        k.geluErfBackward(xs, 0, dy, 0, dx, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            double fd = central(x -> 0.5 * x * (1 + erfReference(x / Math.sqrt(2))), xs[i]);
            assertEquals(dy[i] * fd, dx[i], 1e-6, "geluErf' at " + xs[i]);
        }
        k.geluTanhBackward(xs, 0, dy, 0, dx, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            double fd = central(x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), xs[i]);
            assertEquals(dy[i] * fd, dx[i], 1e-6, "geluTanh' at " + xs[i]);
        }
        float[] y = xs.clone();
        k.tanh(y, 0, y.length);
        k.tanhBackward(y, 0, dy, 0, dx, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(dy[i] * central(Math::tanh, xs[i]), dx[i], 1e-6, "tanh' at " + xs[i]);
        }
    }

    /** sum_j w_j softmax(x * scale)_j in double. */
    private static double softmaxLoss(double[] x, double[] w, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) max = Math.max(max, v * scale);
        double s = 0, l = 0;
        for (double v : x) s += Math.exp(v * scale - max);
        for (int j = 0; j < x.length; j++) l += w[j] * Math.exp(x[j] * scale - max) / s;
        return l;
    }

    @Test
    void softmaxBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(5);
        int cols = 9;
        float scale = 0.7f;
        float[] x = new float[cols], dy = new float[cols];
        for (int j = 0; j < cols; j++) {
            x[j] = (float) rnd.nextGaussian();
            dy[j] = (float) rnd.nextGaussian();
        }
        float[] y = x.clone();
        k.softmaxRows(y, 0, 1, cols, null, scale);
        float[] dx = new float[cols];
        k.softmaxRowsBackward(y, 0, dy, 0, dx, 0, 1, cols, scale);
        double[] xd = new double[cols], w = new double[cols];
        for (int j = 0; j < cols; j++) {
            xd[j] = x[j];
            w[j] = dy[j];
        }
        for (int j = 0; j < cols; j++) {
            int jj = j;
            double fd = central(v -> {
                double[] xp = xd.clone();
                xp[jj] = v;
                return softmaxLoss(xp, w, scale);
            }, xd[j]);
            assertEquals(fd, dx[j], 1e-6, "dsoftmax/dx" + j);
        }
    }

    /** sum_j w_j layerNorm(x)_j for one row, in double. */
    private static double layerNormLoss(double[] x, double[] w, float[] gamma, float[] beta, double eps) {
        int n = x.length;
        double mean = 0, var = 0, l = 0;
        for (double v : x) mean += v / n;
        for (double v : x) var += (v - mean) * (v - mean) / n;
        for (int j = 0; j < n; j++) l += w[j] * ((x[j] - mean) / Math.sqrt(var + eps) * gamma[j] + beta[j]);
        return l;
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(9);
        int rows = 2, cols = 11;
        float eps = 1e-5f;
        float[] x = new float[rows * cols], dy = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 2 + 1);
            dy[i] = (float) rnd.nextGaussian();
        }
        float[] gamma = new float[cols], beta = new float[cols];
        for (int j = 0; j < cols; j++) {
            gamma[j] = (float) (1 + 0.3 * rnd.nextGaussian());
            beta[j] = (float) rnd.nextGaussian();
        }
        float[] out = new float[x.length], mean = new float[rows], rstd = new float[rows];
        k.layerNorm(x, 0, out, 0, rows, cols, gamma, beta, eps, mean, rstd);
        float[] dx = new float[x.length], dGamma = new float[cols], dBeta = new float[cols];
        k.layerNormBackward(dy, 0, x, 0, mean, rstd, gamma, dx, 0, dGamma, dBeta, rows, cols);
        double[] expGamma = new double[cols], expBeta = new double[cols];
        for (int r = 0; r < rows; r++) {
            double[] xd = new double[cols], w = new double[cols];
            for (int j = 0; j < cols; j++) {
                xd[j] = x[r * cols + j];
                w[j] = dy[r * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                int jj = j;
                double fd = central(v -> {
                    double[] xp = xd.clone();
                    xp[jj] = v;
                    return layerNormLoss(xp, w, gamma, beta, eps);
                }, xd[j]);
                assertEquals(fd, dx[r * cols + j], 2e-5, "dLN/dx");
                // d/dgamma_j = w_j * xhat_j, d/dbeta_j = w_j
                expGamma[j] += w[j] * (out[r * cols + j] - beta[j]) / gamma[j];
                expBeta[j] += w[j];
            }
        }
        for (int j = 0; j < cols; j++) {
            assertEquals(expGamma[j], dGamma[j], 1e-5, "dGamma");
            assertEquals(expBeta[j], dBeta[j], 1e-6, "dBeta");
        }
    }

    // ---------------------------------------------------------------- elementwise

    @Test
    void elementwiseAndReductions() {
        float[] a = {1, 2, 3}, b = {4, 5, 6}, out = new float[3];
        k.add(a, 0, b, 0, out, 0, 3);
        assertArrayEquals(new float[] {5, 7, 9}, out);
        k.mul(a, 0, b, 0, out, 0, 3);
        assertArrayEquals(new float[] {4, 10, 18}, out);
        k.axpy(2f, a, 0, out, 0, 3);
        assertArrayEquals(new float[] {6, 14, 24}, out);
        k.scale(out, 1, 2, 0.5f);
        assertArrayEquals(new float[] {6, 7, 12}, out);
        k.addInPlace(out, 0, a, 0, 3);
        assertArrayEquals(new float[] {7, 9, 15}, out);
        assertEquals(32f, k.dot(a, 0, b, 0, 3));
        assertEquals(14.0, k.sumSquares(a, 0, 3));
        float[] sums = {100, 100, 100};
        k.sumRows(new float[] {1, 2, 3, 4, 5, 6}, 0, 2, 3, sums, 0, true);
        assertArrayEquals(new float[] {105, 107, 109}, sums);
        k.sumRows(new float[] {1, 2, 3, 4, 5, 6}, 0, 3, 2, sums, 1, false);
        assertArrayEquals(new float[] {105, 9, 12}, sums);
    }

    @Test
    void adamwOneStepByHand() {
        float[] p = {1f}, g = {0.5f}, m = {0f}, v = {0f};
        k.adamwStep(p, g, m, v, 0, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1 - 0.9f, 1 - 0.999f);
        assertEquals(0.05f, m[0], 2e-8); // (1 - 0.9f) is not exactly 0.1
        assertEquals(0.00025f, v[0], 1e-8); // likewise (1 - 0.999f)
        // p = 1 - 0.1*0.01*1 - 0.1 * (0.05/0.1) / (sqrt(0.00025/0.001) + 1e-8) = 0.999 - 0.1
        assertEquals(0.899f, p[0], 2e-6);
    }
}
