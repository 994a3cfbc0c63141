package org.bert4j.checkpoint;

/** Element types a checkpoint tensor can have; names follow safetensors' dtype strings. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I8(1), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the floating point types (F32, F16, BF16, F64). */
    public boolean isFloatingPoint() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }
}
