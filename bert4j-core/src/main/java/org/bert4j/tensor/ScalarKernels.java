package org.bert4j.tensor;

/**
 * {@link Kernels} as plain single-threaded loops, accumulating in double: slow, obviously
 * correct, and the oracle every faster implementation is tested against. Also the fallback when
 * {@code jdk.incubator.vector} is unavailable.
 */
public final class ScalarKernels implements Kernels {

    /** Strip width of the matrices this class packs (any width works for the scalar loops). */
    static final int STRIP = 16;
    static final double SQRT_2_OVER_PI = 0.7978845608028654;
    static final double GELU_TANH_C = 0.044715;
    static final double INV_SQRT_2 = 0.7071067811865476;
    static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, float[] bias, boolean accumulate) {
        // a: [m, k], b: [n, k], c: [m, n]
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                int ai = aOff + i * k, bj = bOff + j * k;
                for (int p = 0; p < k; p++) s += (double) a[ai + p] * b[bj + p];
                if (bias != null) s += bias[j];
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? (float) (c[ci] + s) : (float) s;
            }
        }
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                       int m, int n, int k, boolean accumulate) {
        // a: [m, k], b: [k, n], c: [m, n]
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) row[j] += aip * b[bp + j];
            }
            store(row, c, cOff + i * n, n, accumulate);
        }
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        // a: [k, m], b: [k, n], c: [m, n]
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0);
            for (int p = 0; p < k; p++) {
                double api = a[aOff + p * m + i];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) row[j] += api * b[bp + j];
            }
            store(row, c, cOff + i * n, n, accumulate);
        }
    }

    private static void store(double[] row, float[] c, int cOff, int n, boolean accumulate) {
        for (int j = 0; j < n; j++) {
            c[cOff + j] = accumulate ? (float) (c[cOff + j] + row[j]) : (float) row[j];
        }
    }

    @Override
    public PackedMatrix pack(float[] w, int off, int n, int k) {
        return PackedMatrix.pack(w, off, n, k, STRIP);
    }

    @Override
    public void matmulPacked(float[] a, int aOff, PackedMatrix w, float[] c, int cOff, int m,
                             float[] bias, boolean accumulate) {
        int n = w.n(), k = w.k();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * k + p] * w.get(j, p);
                if (bias != null) s += bias[j];
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? (float) (c[ci] + s) : (float) s;
            }
        }
    }

    // ---------------------------------------------------------------- row-wise ops

    @Override
    public void softmaxRows(float[] x, int off, int rows, int cols, float[] additiveMask, float scale) {
        double[] z = new double[cols];
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                z[j] = (double) x[base + j] * scale + (additiveMask == null ? 0 : additiveMask[j]);
                max = Math.max(max, z[j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                z[j] = Math.exp(z[j] - max);
                sum += z[j];
            }
            for (int j = 0; j < cols; j++) x[base + j] = (float) (z[j] / sum);
        }
    }

    @Override
    public void softmaxRowsBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                    int rows, int cols, float scale) {
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += (double) y[yOff + r * cols + j] * dy[dyOff + r * cols + j];
            for (int j = 0; j < cols; j++) {
                double yj = y[yOff + r * cols + j];
                dx[dxOff + r * cols + j] = (float) (scale * yj * (dy[dyOff + r * cols + j] - dot));
            }
        }
    }

    @Override
    public double crossEntropyRow(float[] logits, int off, int cols, int label, float[] d, int dOff, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) max = Math.max(max, logits[off + c]);
        double sum = 0;
        for (int c = 0; c < cols; c++) sum += Math.exp(logits[off + c] - max);
        double logZ = max + Math.log(sum);
        if (d != null) {
            for (int c = 0; c < cols; c++) {
                double p = Math.exp(logits[off + c] - logZ);
                d[dOff + c] = (float) (scale * (p - (c == label ? 1.0 : 0.0)));
            }
        }
        return logZ - logits[off + label];
    }

    @Override
    public void layerNorm(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
                          float[] gamma, float[] beta, float eps, float[] meanOut, float[] rstdOut) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols, ob = outOff + r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += x[xb + j];
            double mean = cols == 0 ? 0 : sum / cols;
            double var = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[xb + j] - mean;
                var += d * d;
            }
            var = cols == 0 ? 0 : var / cols;
            double rstd = 1.0 / Math.sqrt(var + eps);
            for (int j = 0; j < cols; j++) {
                double v = (x[xb + j] - mean) * rstd;
                if (gamma != null) v *= gamma[j];
                if (beta != null) v += beta[j];
                out[ob + j] = (float) v;
            }
            if (meanOut != null) meanOut[r] = (float) mean;
            if (rstdOut != null) rstdOut[r] = (float) rstd;
        }
    }

    @Override
    public void layerNormBackward(float[] dy, int dyOff, float[] x, int xOff, float[] mean, float[] rstd,
                                  float[] gamma, float[] dx, int dxOff, float[] dGamma, float[] dBeta,
                                  int rows, int cols) {
        double[] xhat = new double[cols];
        double[] g = new double[cols];
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols, db = dyOff + r * cols;
            double mu = mean[r], rs = rstd[r];
            double sumG = 0, sumGX = 0;
            for (int j = 0; j < cols; j++) {
                xhat[j] = (x[xb + j] - mu) * rs;
                double d = dy[db + j];
                g[j] = gamma == null ? d : d * gamma[j];
                sumG += g[j];
                sumGX += g[j] * xhat[j];
                if (dGamma != null) dGamma[j] += (float) (d * xhat[j]);
                if (dBeta != null) dBeta[j] += (float) d;
            }
            double mg = sumG / cols, mgx = sumGX / cols;
            for (int j = 0; j < cols; j++) {
                dx[dxOff + r * cols + j] = (float) (rs * (g[j] - mg - xhat[j] * mgx));
            }
        }
    }

    @Override
    public void sumRows(float[] x, int off, int rows, int cols, float[] out, int outOff, boolean accumulate) {
        for (int j = 0; j < cols; j++) {
            double s = accumulate ? out[outOff + j] : 0;
            for (int r = 0; r < rows; r++) s += x[off + r * cols + j];
            out[outOff + j] = (float) s;
        }
    }

    // ---------------------------------------------------------------- activations

    /** Exact GELU in double, {@code x Phi(x)} with {@code Phi(x) = erfc(-x / sqrt 2) / 2}. */
    public static double geluErf(double x) {
        return 0.5 * x * Erf.erfc(-x * INV_SQRT_2);
    }

    /** Derivative of exact GELU: {@code Phi(x) + x phi(x)}. */
    public static double geluErfGrad(double x) {
        return 0.5 * Erf.erfc(-x * INV_SQRT_2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** Tanh GELU in double. */
    public static double geluTanh(double x) {
        return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x)));
    }

    /** Derivative of tanh GELU. */
    public static double geluTanhGrad(double x) {
        double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_C * x * x * x));
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_C * x * x);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
    }

    @Override
    public void geluErf(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) geluErf(x[i]);
    }

    @Override
    public void geluTanh(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) geluTanh(x[i]);
    }

    @Override
    public void geluErfBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * geluErfGrad(x[xOff + i]));
    }

    @Override
    public void geluTanhBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) dx[dxOff + i] = (float) (dy[dyOff + i] * geluTanhGrad(x[xOff + i]));
    }

    @Override
    public void tanh(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) Math.tanh(x[i]);
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            double yi = y[yOff + i];
            dx[dxOff + i] = (float) (dy[dyOff + i] * (1.0 - yi * yi));
        }
    }

    // ---------------------------------------------------------------- elementwise and reductions

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    @Override
    public void addInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) x[xOff + i] += y[yOff + i];
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) y[yOff + i] = (float) (y[yOff + i] + (double) alpha * x[xOff + i]);
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    @Override
    public void scale(float[] x, int off, int len, float s) {
        for (int i = off; i < off + len; i++) x[i] *= s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += (double) a[aOff + i] * b[bOff + i];
        return (float) s;
    }

    @Override
    public double sumSquares(float[] x, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) s += (double) x[i] * x[i];
        return s;
    }

    @Override
    public void adamwStep(float[] param, float[] grad, float[] m, float[] v, int off, int len,
                          float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        for (int i = off; i < off + len; i++) {
            double p = param[i], g = grad[i];
            p -= (double) lr * weightDecay * p;
            double mi = beta1 * (double) m[i] + (1.0 - beta1) * g;
            double vi = beta2 * (double) v[i] + (1.0 - beta2) * g * g;
            p -= lr * (mi / bc1) / (Math.sqrt(vi / bc2) + eps);
            m[i] = (float) mi;
            v[i] = (float) vi;
            param[i] = (float) p;
        }
    }
}
