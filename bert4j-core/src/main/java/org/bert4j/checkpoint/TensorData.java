package org.bert4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as stored: shape in PyTorch order (row-major, last index fastest); data little-endian,
 * exactly {@code numel() * dtype.byteSize()} bytes from position 0 (it may be a view of a mapped file).
 */
public record TensorData(String name, DType dtype, long[] shape, ByteBuffer data) {

    public TensorData {
        shape = shape.clone();
        long expected = numel(shape) * dtype.byteSize();
        if (data.remaining() != expected) {
            throw new CheckpointException("tensor " + name + ": " + dtype + Arrays.toString(shape) + " needs "
                    + expected + " bytes but has " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The data as a fresh little-endian view positioned at 0 (reading it does not disturb this record). */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements (product of the shape; 1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new CheckpointException("negative dimension in shape " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The same bytes under another name. */
    public TensorData withName(String newName) {
        return new TensorData(newName, dtype, shape, data);
    }

    /** All elements converted to float, row-major. */
    public float[] toFloatArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) throw new CheckpointException("tensor " + name + " is too large for a float[]");
        float[] out = new float[(int) n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> { for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(b.getShort(2 * i)); }
            // bfloat16 is the upper half of a float32
            case BF16 -> { for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16); }
            case F64 -> { for (int i = 0; i < out.length; i++) out[i] = (float) b.getDouble(8 * i); }
            case I64 -> { for (int i = 0; i < out.length; i++) out[i] = b.getLong(8 * i); }
            case I32 -> { for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i); }
            case I8 -> { for (int i = 0; i < out.length; i++) out[i] = b.get(i); }
            case U8, BOOL -> { for (int i = 0; i < out.length; i++) out[i] = b.get(i) & 0xff; }
        }
        return out;
    }

    /** All elements as long (integer types only), row-major. */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(numel())];
        ByteBuffer b = data();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> b.getLong(8 * i);
                case I32 -> b.getInt(4 * i);
                case I8 -> b.get(i);
                case U8, BOOL -> b.get(i) & 0xff;
                default -> throw new CheckpointException("tensor " + name + " is " + dtype + ", not an integer type");
            };
        }
        return out;
    }

    /**
     * A 2-D tensor with its two dimensions swapped ([a, b] becomes [b, a]), copied to the heap.
     * Used for TensorFlow/Flax/ONNX kernels, which are stored [in, out] where PyTorch stores [out, in].
     */
    public TensorData transpose2d(String newName) {
        if (shape.length != 2) {
            throw new CheckpointException("tensor " + name + " has shape " + Arrays.toString(shape) + ", cannot transpose as a matrix");
        }
        int rows = Math.toIntExact(shape[0]), cols = Math.toIntExact(shape[1]), es = dtype.byteSize();
        ByteBuffer src = data();
        ByteBuffer dst = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(rows, cols), es)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] row = new byte[cols * es];
        for (int r = 0; r < rows; r++) {
            src.get(r * cols * es, row);
            for (int c = 0; c < cols; c++) {
                dst.put((c * rows + r) * es, row, c * es, es);
            }
        }
        return new TensorData(newName, dtype, new long[] {cols, rows}, dst);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && data().equals(t.data());
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
