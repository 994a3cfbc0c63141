package org.bert4j.nn;

import org.bert4j.tensor.Kernels;

/**
 * Layer normalization over the hidden dimension (Ba et al. 2016), {@code y = (x - mean) / sqrt(var + eps)
 * * gamma + beta}, with the parameters Hugging Face calls {@code LayerNorm.weight} (gamma) and
 * {@code LayerNorm.bias} (beta).
 */
public final class LayerNorm {
    public final Param weight; // [dim] gamma
    public final Param bias;   // [dim] beta
    public final int dim;
    public final float eps;

    /** What backward needs: the input and each row's mean and 1 / std. */
    public record Cache(float[] x, float[] mean, float[] rstd) {}

    /** Output and cache of one forward call. */
    public record Out(float[] y, Cache cache) {}

    public LayerNorm(String prefix, int dim, float eps) {
        this.dim = dim;
        this.eps = eps;
        this.weight = new Param(prefix + ".weight", new int[] {dim}, filled(dim, 1f));
        this.bias = Param.zeros(prefix + ".bias", dim);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** {@code y[rows, dim] = LayerNorm(x[rows, dim])}; keeps {@code x} (not copied) for backward. */
    public Out forward(Kernels k, float[] x, int rows) {
        float[] y = new float[rows * dim], mean = new float[rows], rstd = new float[rows];
        k.layerNorm(x, 0, y, 0, rows, dim, weight.value(), bias.value(), eps, mean, rstd);
        return new Out(y, new Cache(x, mean, rstd));
    }

    /** Inference: {@code y = LayerNorm(x)} without a cache. */
    public float[] apply(Kernels k, float[] x, int rows) {
        float[] y = new float[rows * dim];
        k.layerNorm(x, 0, y, 0, rows, dim, weight.value(), bias.value(), eps, null, null);
        return y;
    }

    /** Accumulates gamma and beta gradients; returns {@code dx[rows, dim]}. */
    public float[] backward(Kernels k, float[] dy, Cache c, int rows) {
        float[] dx = new float[rows * dim];
        k.layerNormBackward(dy, 0, c.x, 0, c.mean, c.rstd, weight.value(), dx, 0, weight.grad(), bias.grad(), rows, dim);
        return dx;
    }
}
