package org.bert4j.nn;

import java.util.Arrays;

/**
 * A trainable parameter: its Hugging Face checkpoint name, shape, values and gradient.
 *
 * <p>Names are the checkpoint keys ({@code encoder.layer.3.attention.self.query.weight}), so the
 * optimizer can exclude LayerNorm and bias parameters from weight decay by name, as Google's
 * {@code optimization.py} does, and checkpoints need no name map. Dense weights are
 * {@code [out, in]} (PyTorch layout). The gradient is allocated on first use and accumulated into
 * by backward passes; {@link #zeroGrad()} clears it.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private float[] grad;

    public Param(String name, int[] shape, float[] value) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != value.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + value.length);
        }
        this.name = name;
        this.shape = shape.clone();
        this.value = value;
    }

    /** A zero-initialized parameter. */
    public static Param zeros(String name, int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return new Param(name, shape, new float[Math.toIntExact(n)]);
    }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public int size() { return value.length; }

    /** The values, row-major; layers read and the optimizer writes them in place. */
    public float[] value() { return value; }

    /** The gradient, same layout as {@link #value()}; allocated (zeros) on first call. */
    public float[] grad() {
        if (grad == null) grad = new float[value.length];
        return grad;
    }

    public boolean hasGrad() { return grad != null; }

    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() { return name + Arrays.toString(shape); }
}
