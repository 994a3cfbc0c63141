package org.bert4j.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a whole LevelDB-format table ("SSTable", https://github.com/google/leveldb/blob/main/doc/table_format.md),
 * the format of a TensorFlow bundle's {@code .index} file, into a key → value map.
 * <ul>
 * <li>The file ends with a 48-byte footer: the metaindex and index BlockHandles (each two varints: offset,
 *     size), zero padding to 40 bytes, then the 8-byte magic 0xdb4775248b80fb57 (little-endian).</li>
 * <li>Each block is followed by a 5-byte trailer: a compression type byte (0 none, 1 snappy) and the
 *     masked CRC-32C of the block contents plus the type byte.</li>
 * <li>A block is a run of entries (varints shared key length, unshared length, value length, then the
 *     unshared key bytes and the value: keys are prefix-compressed against the previous key), then the
 *     restart-point offsets (uint32 each) and their count (uint32).</li>
 * <li>The index block maps the last key of each data block to that block's BlockHandle.</li>
 * </ul>
 */
final class SsTable {
    static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48, TRAILER = 5;

    private final String file;
    private final ByteBuffer table;

    private SsTable(String file, ByteBuffer table) {
        this.file = file;
        this.table = table.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** All entries of the table in {@code bytes} (the whole file), in key order; {@code file} is used in messages. */
    static Map<String, ByteBuffer> read(String file, ByteBuffer bytes) {
        return new SsTable(file, bytes.slice()).readAll();
    }

    private Map<String, ByteBuffer> readAll() {
        int size = table.limit();
        if (size < FOOTER) throw fail("file is " + size + " bytes, shorter than the 48-byte table footer: truncated?");
        if (table.getLong(size - 8) != MAGIC) throw fail("bad table magic number (not a TensorFlow .index / LevelDB table, or truncated)");
        ProtoReader footer = new ProtoReader(table.slice(size - FOOTER, FOOTER - 8));
        long[] handle = new long[4];
        try {
            for (int i = 0; i < 4; i++) handle[i] = footer.readVarint(); // metaindex offset, size; index offset, size
        } catch (IllegalArgumentException e) {
            throw fail("corrupt footer: " + e.getMessage());
        }
        Map<String, ByteBuffer> result = new LinkedHashMap<>();
        for (ByteBuffer blockHandle : entries(block(handle[2], handle[3])).values()) {
            ProtoReader h = new ProtoReader(blockHandle);
            long offset, length;
            try {
                offset = h.readVarint();
                length = h.readVarint();
            } catch (IllegalArgumentException e) {
                throw fail("corrupt index entry: " + e.getMessage());
            }
            result.putAll(entries(block(offset, length)));
        }
        return result;
    }

    /** The contents of the block at {@code offset}, checked against its trailer. */
    private ByteBuffer block(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length + TRAILER > table.limit() - FOOTER) {
            throw fail("block at " + offset + " (+" + length + " bytes) lies outside the file: truncated?");
        }
        int off = (int) offset, len = (int) length;
        byte type = table.get(off + len);
        CRC32C crc = new CRC32C();
        crc.update(table.slice(off, len + 1));
        int masked = mask((int) crc.getValue());
        if (masked != table.getInt(off + len + 1)) throw fail("checksum mismatch in block at " + offset + ": corrupt file");
        return switch (type) {
            case 0 -> table.slice(off, len).order(ByteOrder.LITTLE_ENDIAN);
            case 1 -> throw fail("block at " + offset + " is snappy-compressed, which is not supported");
            default -> throw fail("block at " + offset + " has unknown compression type " + type);
        };
    }

    /** LevelDB stores CRCs "masked" so that CRCs of data containing CRCs are not degenerate. */
    private static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private Map<String, ByteBuffer> entries(ByteBuffer block) {
        Map<String, ByteBuffer> out = new LinkedHashMap<>();
        try {
            if (block.limit() < 4) throw new IllegalArgumentException("block shorter than its restart count");
            int restarts = block.getInt(block.limit() - 4);
            long end = block.limit() - 4 - 4L * restarts;
            if (restarts < 1 || end < 0) throw new IllegalArgumentException("bad restart count " + restarts);
            ProtoReader r = new ProtoReader(block.slice(0, (int) end));
            byte[] key = new byte[0];
            while (r.position() < end) {
                int shared = (int) r.readVarint(), unshared = (int) r.readVarint(), valueLength = (int) r.readVarint();
                if (shared > key.length || unshared < 0 || valueLength < 0 || r.position() + (long) unshared + valueLength > end) {
                    throw new IllegalArgumentException("entry runs past the block");
                }
                byte[] k = new byte[shared + unshared];
                System.arraycopy(key, 0, k, 0, shared);
                block.get(r.position(), k, shared, unshared);
                key = k;
                int valueStart = r.position() + unshared;
                out.put(new String(key, StandardCharsets.UTF_8), block.slice(valueStart, valueLength).order(ByteOrder.LITTLE_ENDIAN));
                r.skipBytes(unshared + valueLength);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw fail("corrupt block: " + e.getMessage());
        }
        return out;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException("TensorFlow index file " + file + ": " + what);
    }
}
