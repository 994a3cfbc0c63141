package org.bert4j.nn;

import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.PackedMatrix;

/**
 * A dense layer {@code y = x W^T + b} with PyTorch's {@code [out, in]} weight, named by its
 * checkpoint prefix ({@code encoder.layer.0.attention.self.query} gives {@code ...query.weight}
 * and {@code ...query.bias}).
 */
public final class Linear {
    public final Param weight; // [out, in]
    public final Param bias;   // [out]
    public final int in, out;
    /** The weight prepacked for fast inference products, or null; see {@link #pack}. */
    private volatile PackedMatrix packed;

    public Linear(String prefix, int in, int out) {
        this.in = in;
        this.out = out;
        this.weight = Param.zeros(prefix + ".weight", out, in);
        this.bias = Param.zeros(prefix + ".bias", out);
    }

    /** {@code y[rows, out] = x[rows, in] W^T + b} (with the packed weight if {@link #pack} was called). */
    public float[] forward(Kernels k, float[] x, int rows) {
        float[] y = new float[rows * out];
        PackedMatrix p = packed;
        if (p != null) k.matmulPacked(x, 0, p, y, 0, rows, bias.value());
        else k.matmulTransB(x, 0, weight.value(), 0, y, 0, rows, out, in, bias.value(), false);
        return y;
    }

    /**
     * Packs a copy of the weight for faster {@link #forward} (inference). The copy does not follow later
     * changes of {@link #weight}: call {@link #unpack} before training and pack again afterwards.
     */
    public void pack(Kernels k) {
        packed = k.pack(weight.value(), 0, out, in);
    }

    /** Drops the packed copy: {@link #forward} reads {@link #weight} again. */
    public void unpack() {
        packed = null;
    }

    public boolean isPacked() {
        return packed != null;
    }

    /**
     * Given {@code dy[rows, out]} and the forward input {@code x[rows, in]}: accumulates
     * {@code dW += dy^T x}, {@code db += sum_rows dy} and returns {@code dx[rows, in] = dy W}.
     */
    public float[] backward(Kernels k, float[] dy, float[] x, int rows) {
        k.matmulTransA(dy, 0, x, 0, weight.grad(), 0, out, in, rows, true);
        k.sumRows(dy, 0, rows, out, bias.grad(), 0, true);
        float[] dx = new float[rows * in];
        k.matmul(dy, 0, weight.value(), 0, dx, 0, rows, in, out, false);
        return dx;
    }
}
