package org.bert4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of the protocol buffers wire format (https://protobuf.dev/programming-guides/encoding/):
 * a message is a sequence of (tag = field number << 3 | wire type, value) pairs, where wire type 0 is a
 * varint, 1 a fixed 64-bit value, 2 a length-delimited byte string (strings, sub-messages, packed
 * repeated fields) and 5 a fixed 32-bit value. Length-delimited values are returned as views, not copies.
 * Running past the end throws {@link IllegalArgumentException}; callers turn that into a
 * {@link CheckpointException} naming the file.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    private final ByteBuffer buf;
    private int field, wireType;

    ProtoReader(ByteBuffer message) {
        this.buf = message.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (!buf.hasRemaining()) return false;
        long tag = readVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) throw new IllegalArgumentException("field number 0 at byte " + buf.position());
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** Offset of the read position within the message. */
    int position() {
        return buf.position();
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) throw new IllegalArgumentException("truncated varint");
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** The current length-delimited value, as a view. */
    ByteBuffer readBytes() {
        expect(LEN);
        long n = readVarint();
        if (n < 0 || n > buf.remaining()) throw new IllegalArgumentException("length " + n + " runs past the end of the message");
        ByteBuffer v = buf.slice(buf.position(), (int) n).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + (int) n);
        return v;
    }

    String readString() {
        return StandardCharsets.UTF_8.decode(readBytes()).toString();
    }

    int readFixed32() {
        expect(FIXED32);
        need(4);
        return buf.getInt();
    }

    long readFixed64() {
        expect(FIXED64);
        need(8);
        return buf.getLong();
    }

    /** A varint field's value. */
    long readInt() {
        expect(VARINT);
        return readVarint();
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); buf.position(buf.position() + 8); }
            case LEN -> readBytes();
            case FIXED32 -> { need(4); buf.position(buf.position() + 4); }
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " for field " + field);
        }
    }

    /** Moves the read position {@code n} bytes on. */
    void skipBytes(int n) {
        need(n);
        buf.position(buf.position() + n);
    }

    /** Reads a repeated int64 field given either packed (one LEN value) or unpacked (one varint), adding to {@code out}. */
    void readRepeatedInt64(java.util.List<Long> out) {
        if (wireType == LEN) {
            ProtoReader packed = new ProtoReader(readBytes());
            while (packed.buf.hasRemaining()) out.add(packed.readVarint());
        } else {
            out.add(readInt());
        }
    }

    private void expect(int type) {
        if (wireType != type) throw new IllegalArgumentException("field " + field + " has wire type " + wireType + ", expected " + type);
    }

    private void need(int n) {
        if (buf.remaining() < n) throw new IllegalArgumentException("truncated fixed-size value");
    }
}
