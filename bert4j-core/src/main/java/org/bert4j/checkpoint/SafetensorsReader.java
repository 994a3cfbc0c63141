package org.bert4j.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}} (offsets relative to the end of
 * the header) plus an optional {@code "__metadata__"} string map, then the raw little-endian data.
 * Tensors are memory-mapped views of the file, mapped when asked for.
 */
public final class SafetensorsReader implements TensorSource {
    /** Refuse absurd headers before allocating for them (the reference implementation uses 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private record Entry(DType dtype, long[] shape, long begin, long end) {}

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    private SafetensorsReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) throw fail("file is " + size + " bytes, shorter than the 8-byte header length");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(len, 0);
            long n = len.getLong(0);
            if (n < 2 || n > MAX_HEADER) throw fail("header length " + n + " is not plausible (file is " + size + " bytes)");
            if (8 + n > size) throw fail("header length " + n + " runs past the end of the file (" + size + " bytes): truncated?");
            ByteBuffer header = ByteBuffer.allocate((int) n);
            channel.read(header, 8);
            dataStart = 8 + n;
            parseHeader(header.array(), size - dataStart);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens {@code file}; throws {@link CheckpointException} if it is not a well-formed safetensors file. */
    public static SafetensorsReader open(Path file) {
        try {
            return new SafetensorsReader(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private void parseHeader(byte[] json, long dataSize) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw fail("header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw fail("header is not a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(f.getKey(), parseEntry(f.getKey(), f.getValue(), dataSize));
        }
    }

    private Entry parseEntry(String name, JsonNode t, long dataSize) {
        DType dtype;
        try {
            dtype = DType.valueOf(t.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw fail("tensor '" + name + "' has unsupported dtype '" + t.path("dtype").asText() + "'");
        }
        JsonNode s = t.path("shape"), o = t.path("data_offsets");
        if (!s.isArray() || !o.isArray() || o.size() != 2) throw fail("tensor '" + name + "' lacks shape or data_offsets");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asLong(-1);
        long begin = o.get(0).asLong(-1), end = o.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw fail("tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] outside the " + dataSize + " data bytes: truncated?");
        }
        long expected;
        try {
            expected = TensorData.numel(shape) * dtype.byteSize();
        } catch (RuntimeException e) {
            throw fail("tensor '" + name + "' has an invalid shape");
        }
        if (end - begin != expected) {
            throw fail("tensor '" + name + "' is " + dtype + " with " + TensorData.numel(shape) + " elements but has " + (end - begin) + " bytes");
        }
        return new Entry(dtype, shape, begin, end);
    }

    /** The {@code __metadata__} map (empty if the file has none). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
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
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, e.end - e.begin);
            return new TensorData(name, e.dtype, e.shape, data);
        } catch (IOException ex) {
            throw new CheckpointException("cannot map tensor '" + name + "' of " + description() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String description() {
        return "safetensors file " + file;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException(description() + ": " + what);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CheckpointException("cannot close " + description(), e);
        }
    }
}
