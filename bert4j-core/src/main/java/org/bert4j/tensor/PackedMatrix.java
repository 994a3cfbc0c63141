package org.bert4j.tensor;

/**
 * A weight matrix {@code W[n, k]} (PyTorch's {@code [out, in]} layout) rearranged once for fast
 * repeated {@code x @ W^T} products, made by {@link Kernels#pack} and consumed by
 * {@link Kernels#matmulPacked}.
 *
 * <p>Layout: the columns of {@code W^T} (that is, the rows of {@code W}) are cut into strips of
 * {@code stripWidth}; strip {@code s} is stored as a row-major {@code [k, stripWidth]} block at
 * {@code data[s * k * stripWidth]}, so element {@code W[j, p]} lives at
 * {@code data[(j / sw) * k * sw + p * sw + j % sw]}. The last strip is zero-padded. A kernel streams
 * one strip top to bottom, reading {@code stripWidth} contiguous floats per step of {@code k}.
 *
 * @param data       the packed elements, {@code ceil(n / stripWidth) * k * stripWidth} of them
 * @param n          rows of {@code W} (output features)
 * @param k          columns of {@code W} (input features)
 * @param stripWidth strip width; VectorKernels uses two vectors' worth of lanes
 */
public record PackedMatrix(float[] data, int n, int k, int stripWidth) {

    public PackedMatrix {
        if (n < 0 || k < 0 || stripWidth <= 0) throw new IllegalArgumentException("bad dims");
        if (data.length != packedLength(n, k, stripWidth)) {
            throw new IllegalArgumentException("data length " + data.length + " != " + packedLength(n, k, stripWidth));
        }
    }

    /** Number of floats the packed form of an {@code [n, k]} matrix takes. */
    public static int packedLength(int n, int k, int stripWidth) {
        long strips = (n + stripWidth - 1) / stripWidth;
        long len = strips * k * stripWidth;
        if (len > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix too large to pack");
        return (int) len;
    }

    /** Packs {@code w[off .. off + n*k)}, a row-major {@code [n, k]} matrix. */
    public static PackedMatrix pack(float[] w, int off, int n, int k, int stripWidth) {
        float[] data = new float[packedLength(n, k, stripWidth)];
        // strip by strip, 16 steps of p (a cache line of each row of w) at a time
        for (int j0 = 0; j0 < n; j0 += stripWidth) {
            int cols = Math.min(stripWidth, n - j0);
            int base = j0 * k; // == (j0 / stripWidth) * k * stripWidth
            for (int p0 = 0; p0 < k; p0 += 16) {
                int pe = Math.min(k, p0 + 16);
                for (int j = 0; j < cols; j++) {
                    int src = off + (j0 + j) * k;
                    for (int p = p0; p < pe; p++) data[base + p * stripWidth + j] = w[src + p];
                }
            }
        }
        return new PackedMatrix(data, n, k, stripWidth);
    }

    /** Element {@code W[j, p]} of the original matrix. */
    public float get(int j, int p) {
        return data[(j / stripWidth) * k * stripWidth + p * stripWidth + j % stripWidth];
    }

    /** The original row-major {@code [n, k]} matrix. */
    public float[] unpack() {
        float[] w = new float[n * k];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) w[j * k + p] = get(j, p);
        }
        return w;
    }

    @Override
    public String toString() {
        return "PackedMatrix[n=" + n + ", k=" + k + ", stripWidth=" + stripWidth + "]";
    }
}
