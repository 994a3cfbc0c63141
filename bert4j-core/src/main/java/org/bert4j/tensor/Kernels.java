package org.bert4j.tensor;

/**
 * The numeric kernels everything above is built on: the single kernel SPI. All data is plain
 * row-major {@code float[]} with explicit offsets and dimensions; shapes in comments are
 * {@code [rows, cols]}. Implementations: {@link ScalarKernels} (plain loops, the test oracle) and
 * {@code VectorKernels} (SIMD via {@code jdk.incubator.vector}, multi-threaded matmuls); obtain the
 * default with {@link KernelsProvider#get()}.
 *
 * <p>Unless stated otherwise, output arrays must not overlap inputs; ops documented "in place"
 * read and write the same range. Implementations are thread-safe (they hold no mutable state
 * besides per-thread scratch).
 */
public interface Kernels {

    /** Short name for logs, e.g. {@code "vector-512"} or {@code "scalar"}. */
    String name();

    // ---------------------------------------------------------------- matrix products

    /**
     * {@code C[m, n] (+)= A[m, k] . B[n, k]^T (+ bias)}: that is {@code x @ W^T + b} with PyTorch's
     * {@code [out, in]} weight layout. With {@code accumulate} the product (and bias) is added to
     * what {@code c} holds, otherwise {@code c} is overwritten.
     *
     * @param bias nullable, length {@code >= n}, added to every row
     */
    void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                      int m, int n, int k, float[] bias, boolean accumulate);

    /** {@code C[m, n] (+)= A[m, k] . B[k, n]} (backward {@code dX = dY . W}, attention {@code P . V}). */
    void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                int m, int n, int k, boolean accumulate);

    /** {@code C[m, n] (+)= A[k, m]^T . B[k, n]} (weight gradients {@code dW = dY^T . X}). */
    void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                      int m, int n, int k, boolean accumulate);

    /** Packs the row-major weight {@code W[n, k]} at {@code w[off]} for {@link #matmulPacked}. */
    PackedMatrix pack(float[] w, int off, int n, int k);

    /**
     * {@code C[m, n] (+)= A[m, k] . W^T (+ bias)} with {@code W} prepacked; {@code n, k} come from
     * {@code w}. Same result as {@link #matmulTransB} on the unpacked weight.
     */
    void matmulPacked(float[] a, int aOff, PackedMatrix w, float[] c, int cOff, int m,
                      float[] bias, boolean accumulate);

    /** {@code C[m, n] = A[m, k] . W^T + bias}, overwriting {@code c}. */
    default void matmulPacked(float[] a, int aOff, PackedMatrix w, float[] c, int cOff, int m, float[] bias) {
        matmulPacked(a, aOff, w, c, cOff, m, bias, false);
    }

    // ---------------------------------------------------------------- row-wise ops

    /**
     * In place, for each of {@code rows} rows of {@code x[rows, cols]}:
     * {@code x = softmax(x * scale + mask)}, stable (max subtracted first).
     *
     * @param additiveMask nullable, length {@code >= cols}, added to every row (e.g. 0 / -10000)
     */
    void softmaxRows(float[] x, int off, int rows, int cols, float[] additiveMask, float scale);

    /**
     * Backward of {@link #softmaxRows}: given its output {@code y} and the upstream gradient
     * {@code dy}, {@code dx = scale * y * (dy - sum(dy * y))} per row. {@code dx} may be {@code dy}
     * (same offset) for in-place use.
     */
    void softmaxRowsBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff,
                             int rows, int cols, float scale);

    /**
     * Softmax cross-entropy of one row {@code logits[off .. off + cols)} against class {@code label}:
     * returns {@code log(sum_j exp(x_j)) - x_label} (max subtracted first) and, if {@code d} is not null,
     * writes {@code d[dOff + j] = scale * (softmax(x)_j - [j == label])}. The masked-LM loss runs this
     * over the whole vocabulary for every predicted token.
     */
    double crossEntropyRow(float[] logits, int off, int cols, int label, float[] d, int dOff, double scale);

    /**
     * Layer normalization over the last dimension of {@code x[rows, cols]} with biased variance, as
     * PyTorch: {@code out = (x - mean) / sqrt(var + eps) * gamma + beta}. {@code out} may equal
     * {@code x} (same offset).
     *
     * @param gamma   nullable (then 1), length {@code >= cols}
     * @param beta    nullable (then 0)
     * @param meanOut nullable, receives each row's mean (for backward)
     * @param rstdOut nullable, receives each row's {@code 1 / sqrt(var + eps)}
     */
    void layerNorm(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
                   float[] gamma, float[] beta, float eps, float[] meanOut, float[] rstdOut);

    /**
     * Backward of {@link #layerNorm}, using the saved {@code mean} and {@code rstd}:
     * writes {@code dx} and ADDS into {@code dGamma} and {@code dBeta} (each nullable).
     * {@code dx} may be {@code dy} (same offset).
     */
    void layerNormBackward(float[] dy, int dyOff, float[] x, int xOff, float[] mean, float[] rstd,
                           float[] gamma, float[] dx, int dxOff, float[] dGamma, float[] dBeta,
                           int rows, int cols);

    /** {@code out[j] (+)= sum_i x[i, j]} over {@code x[rows, cols]} (bias gradients). */
    void sumRows(float[] x, int off, int rows, int cols, float[] out, int outOff, boolean accumulate);

    // ---------------------------------------------------------------- activations

    /** In place exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} (BERT's {@code "gelu"}). */
    void geluErf(float[] x, int off, int len);

    /** In place tanh GELU, {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} ({@code "gelu_new"}). */
    void geluTanh(float[] x, int off, int len);

    /** {@code dx = dy * geluErf'(x)}, where {@code x} is the GELU input. {@code dx} may be {@code dy}. */
    void geluErfBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** {@code dx = dy * geluTanh'(x)}, where {@code x} is the GELU input. {@code dx} may be {@code dy}. */
    void geluTanhBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** In place {@code tanh} (BERT's pooler). */
    void tanh(float[] x, int off, int len);

    /** {@code dx = dy * (1 - y^2)} where {@code y = tanh(x)} is the forward output. {@code dx} may be {@code dy}. */
    void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    // ---------------------------------------------------------------- elementwise and reductions

    /** {@code out = a + b}; {@code out} may be {@code a} or {@code b}. */
    void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len);

    /** {@code x += y}. */
    void addInPlace(float[] x, int xOff, float[] y, int yOff, int len);

    /** {@code y += alpha * x}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /** {@code out = a * b} elementwise (e.g. applying a dropout mask); {@code out} may alias. */
    void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len);

    /** {@code x *= s}. */
    void scale(float[] x, int off, int len, float s);

    /** {@code sum a[i] * b[i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code sum x[i]^2}, in double (gradient-norm clipping). */
    double sumSquares(float[] x, int off, int len);

    /**
     * One AdamW step (decoupled weight decay, PyTorch's {@code torch.optim.AdamW} order):
     * <pre>
     *   p -= lr * weightDecay * p
     *   m  = beta1 * m + (1 - beta1) * g
     *   v  = beta2 * v + (1 - beta2) * g^2
     *   p -= lr * (m / bc1) / (sqrt(v / bc2) + eps)
     * </pre>
     * {@code bc1 = 1 - beta1^t}, {@code bc2 = 1 - beta2^t} are the bias corrections; pass 1 and 1
     * for none (the original BERT optimizer). All four arrays share {@code off}.
     */
    void adamwStep(float[] param, float[] grad, float[] m, float[] v, int off, int len,
                   float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2);
}
