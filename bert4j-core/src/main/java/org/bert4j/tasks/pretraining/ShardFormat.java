package org.bert4j.tasks.pretraining;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * bert4j's binary shard of pre-training instances ({@code part-NNNNN.b4pt}), version 1:
 * <pre>
 *   magic    4 bytes  "B4PT"
 *   version  1 byte   1
 *   count    4 bytes  big-endian int: instances in this shard
 *   count times:
 *     varint n, then n varints            input_ids
 *     varint a                            segment_ids = a zeros then n - a ones
 *     varint m, then m varints            masked_lm_positions, the first as is, the others as the
 *                                         difference from the previous one (they ascend)
 *     m varints                           masked_lm_ids
 *     1 byte                              next_sentence_labels (0 IsNext, 1 NotNext)
 *   crc      4 bytes  big-endian CRC-32 of every byte before it
 * </pre>
 * Varints are unsigned LEB128 (7 bits a byte, low bits first, high bit = more), as in protobuf.
 * Ids below 128 take one byte, below 16384 two: a 128-token instance is about 250 bytes.
 */
final class ShardFormat {
    private ShardFormat() {}

    static final byte[] MAGIC = "B4PT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final String EXTENSION = ".b4pt";

    static void writeVarint(ByteArrayOutputStream out, int v) {
        if (v < 0) throw new IllegalArgumentException("negative value " + v + " in a varint");
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    static int readVarint(ByteBuffer in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) throw new IOException("truncated varint");
            int b = in.get() & 0xFF;
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("varint longer than 5 bytes");
    }

    /** Appends one instance. */
    static void write(ByteArrayOutputStream out, PretrainingInstance inst) {
        int[] ids = inst.inputIds(), seg = inst.segmentIds();
        writeVarint(out, ids.length);
        for (int id : ids) writeVarint(out, id);
        int a = 0;
        while (a < seg.length && seg[a] == 0) a++;
        for (int i = a; i < seg.length; i++) {
            if (seg[i] != 1) throw new IllegalArgumentException("segment_ids are not zeros then ones; the shard format cannot hold them");
        }
        writeVarint(out, a);
        int[] pos = inst.maskedLmPositions(), labels = inst.maskedLmIds();
        writeVarint(out, pos.length);
        for (int k = 0; k < pos.length; k++) writeVarint(out, k == 0 ? pos[0] : pos[k] - pos[k - 1]);
        for (int label : labels) writeVarint(out, label);
        out.write(inst.nextSentenceLabel());
    }

    static PretrainingInstance read(ByteBuffer in) throws IOException {
        int n = readVarint(in);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = readVarint(in);
        int a = readVarint(in);
        if (a > n) throw new IOException("segment A longer than the instance");
        int[] seg = new int[n];
        for (int i = a; i < n; i++) seg[i] = 1;
        int m = readVarint(in);
        if (m > n) throw new IOException("more masked positions than tokens");
        int[] pos = new int[m];
        for (int k = 0; k < m; k++) pos[k] = (k == 0 ? 0 : pos[k - 1]) + readVarint(in);
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) labels[k] = readVarint(in);
        if (!in.hasRemaining()) throw new IOException("truncated instance");
        int label = in.get();
        if (label != 0 && label != 1) throw new IOException("next_sentence_labels " + label + " is not 0 or 1");
        return new PretrainingInstance(ids, seg, pos, labels, label == 1);
    }

    static int crc(byte[] bytes, int len) {
        CRC32 c = new CRC32();
        c.update(bytes, 0, len);
        return (int) c.getValue();
    }
}
