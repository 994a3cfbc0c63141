package org.bert4j.tensor;

import java.util.Arrays;

/**
 * A convenience pairing of a row-major {@code float[]} with its shape. The kernels never need it
 * (they take arrays, offsets and dimensions); it only saves passing shapes around by hand.
 *
 * @param data  the elements, row-major, {@code data.length == product(shape)}
 * @param shape the dimensions, outermost first
 */
public record Tensor(float[] data, int[] shape) {

    public Tensor {
        shape = shape.clone();
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " elements, data has " + data.length);
        }
    }

    /** A zero-filled tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        long size = 1;
        for (int d : shape) size *= d;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too large: " + Arrays.toString(shape));
        return new Tensor(new float[(int) size], shape);
    }

    /** Wraps (does not copy) {@code data} with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape);
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end, as in Python. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Same data, new shape with the same number of elements. */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, newShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
