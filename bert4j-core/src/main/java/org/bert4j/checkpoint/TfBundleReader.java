package org.bert4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads a TensorFlow tensor bundle: the format of TF checkpoints ({@code bert_model.ckpt.index} +
 * {@code bert_model.ckpt.data-00000-of-00001}, as in Google's BERT release) and of SavedModel variables
 * ({@code variables/variables.index} + {@code variables/variables.data-*}), see
 * tensorflow/core/util/tensor_bundle/tensor_bundle.h.
 * <p>The {@code .index} file is an {@link SsTable} whose key "" holds a {@code BundleHeaderProto}
 * (num_shards = 1, endianness = 2, version = 3) and every other key, a variable name, holds a
 * {@code BundleEntryProto} (dtype = 1, shape = 2, shard_id = 3, offset = 4, size = 5, crc32c = 6,
 * slices = 7) locating its raw bytes in data shard {@code <prefix>.data-<shard>-of-<num_shards>}.
 * Tensors are memory-mapped views of the data files; names are returned as stored (see {@link ParamNames}).
 */
public final class TfBundleReader implements TensorSource {
    private record Entry(DType dtype, long[] shape, int shard, long offset, long size, int maskedCrc) {}

    private final Path index;
    private final List<FileChannel> shards = new ArrayList<>();
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Set<String> skipped = new java.util.TreeSet<>();

    private TfBundleReader(Path index) throws IOException {
        this.index = index;
        String prefix = index.toString();
        if (!prefix.endsWith(".index")) throw fail("an index file name must end with .index");
        prefix = prefix.substring(0, prefix.length() - ".index".length());

        Map<String, ByteBuffer> table = SsTable.read(index.toString(), ByteBuffer.wrap(Files.readAllBytes(index)));
        ByteBuffer header = table.remove("");
        if (header == null) throw fail("no bundle header (empty key) in the index");
        long numShards = 1;
        try {
            ProtoReader h = new ProtoReader(header);
            while (h.next()) {
                switch (h.field()) {
                    case 1 -> numShards = h.readInt();
                    case 2 -> { if (h.readInt() != 0) throw fail("big-endian bundles are not supported"); }
                    default -> h.skip();
                }
            }
        } catch (IllegalArgumentException e) {
            throw fail("corrupt bundle header: " + e.getMessage());
        }
        for (Map.Entry<String, ByteBuffer> e : table.entrySet()) {
            Entry entry = parseEntry(e.getKey(), e.getValue());
            if (entry != null) entries.put(e.getKey(), entry);
        }
        try {
            for (int s = 0; s < numShards; s++) {
                Path data = Path.of(prefix + String.format(".data-%05d-of-%05d", s, numShards));
                if (!Files.isRegularFile(data)) throw fail("data shard " + data + " is missing");
                shards.add(FileChannel.open(data, StandardOpenOption.READ));
            }
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry en = e.getValue();
                if (en.shard >= numShards || en.offset < 0 || en.offset + en.size > shards.get(en.shard).size()) {
                    throw fail("tensor '" + e.getKey() + "' lies outside data shard " + en.shard + ": truncated data file?");
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens the bundle whose index file is {@code indexFile}. */
    public static TfBundleReader open(Path indexFile) {
        try {
            return new TfBundleReader(indexFile);
        } catch (IOException e) {
            throw new CheckpointException("cannot read TensorFlow bundle " + indexFile + ": " + e.getMessage(), e);
        }
    }

    /** Parses one BundleEntryProto; null for tensors that are not numeric (strings, resources), which are skipped. */
    private Entry parseEntry(String name, ByteBuffer value) {
        int dtypeCode = 0, shard = 0, crc = 0;
        long offset = 0, size = 0;
        List<Long> dims = new ArrayList<>();
        try {
            ProtoReader r = new ProtoReader(value);
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> dtypeCode = (int) r.readInt();
                    case 2 -> {                     // TensorShapeProto: repeated Dim dim = 2 { int64 size = 1 }
                        ProtoReader shape = new ProtoReader(r.readBytes());
                        while (shape.next()) {
                            if (shape.field() != 2) { shape.skip(); continue; }
                            ProtoReader dim = new ProtoReader(shape.readBytes());
                            long d = 0;
                            while (dim.next()) { if (dim.field() == 1) d = dim.readInt(); else dim.skip(); }
                            dims.add(d);
                        }
                    }
                    case 3 -> shard = (int) r.readInt();
                    case 4 -> offset = r.readInt();
                    case 5 -> size = r.readInt();
                    case 6 -> crc = r.readFixed32();
                    case 7 -> throw fail("tensor '" + name + "' is partitioned into slices, which is not supported");
                    default -> r.skip();
                }
            }
        } catch (IllegalArgumentException e) {
            throw fail("corrupt entry for '" + name + "': " + e.getMessage());
        }
        DType dtype = switch (dtypeCode) {       // tensorflow/core/framework/types.proto
            case 1 -> DType.F32;
            case 2 -> DType.F64;
            case 3 -> DType.I32;
            case 4 -> DType.U8;
            case 6 -> DType.I8;
            case 9 -> DType.I64;
            case 10 -> DType.BOOL;
            case 14 -> DType.BF16;
            case 19 -> DType.F16;
            default -> null;                      // DT_STRING (7), DT_RESOURCE, ...
        };
        if (dtype == null) {
            skipped.add(name);
            return null;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (TensorData.numel(shape) * dtype.byteSize() != size) {
            throw fail("tensor '" + name + "' is " + dtype + java.util.Arrays.toString(shape) + " but has " + size + " bytes");
        }
        return new Entry(dtype, shape, shard, offset, size, crc);
    }

    /** Names of stored entries that are not numeric tensors and are not offered (e.g. DT_STRING). */
    public Set<String> skippedNames() {
        return Collections.unmodifiableSet(skipped);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    @Override
    public TensorData get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw fail("no tensor '" + name + "'");
        try {
            ByteBuffer data = shards.get(e.shard).map(FileChannel.MapMode.READ_ONLY, e.offset, e.size);
            return new TensorData(name, e.dtype, e.shape, data);
        } catch (IOException ex) {
            throw new CheckpointException("cannot map tensor '" + name + "' of " + description() + ": " + ex.getMessage(), ex);
        }
    }

    /** Checks a tensor's bytes against the CRC-32C stored in the index (reads the whole tensor). */
    public boolean verifyChecksum(String name) {
        CRC32C crc = new CRC32C();
        crc.update(get(name).data());
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8 == entries.get(name).maskedCrc; // TF stores crc32c::Mask(crc)
    }

    @Override
    public String description() {
        return "TensorFlow bundle " + index;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException(description() + ": " + what);
    }

    @Override
    public void close() {
        for (FileChannel c : shards) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a read-only channel: nothing to lose
            }
        }
        shards.clear();
    }
}
