package org.bert4j.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a safetensors file (format: see {@link SafetensorsReader}). Tensors are stored in sorted
 * name order, the header JSON is padded with spaces so the data starts at a multiple of 8, and the file
 * is written to a temporary sibling and renamed into place atomically, so readers never see half a file.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Writes {@code tensors} (with an optional {@code __metadata__} map) to {@code file}, replacing it. */
    public static void write(Path file, Collection<TensorData> tensors, Map<String, String> metadata) {
        Map<String, TensorData> sorted = new TreeMap<>();
        for (TensorData t : tensors) {
            if (sorted.put(t.name(), t) != null) throw new CheckpointException("cannot write " + file + ": tensor '" + t.name() + "' given twice");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (TensorData t : sorted.values()) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            long size = t.data().remaining();
            e.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] headerBytes;
        try {
            headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + file + ": " + e.getMessage(), e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(headerBytes);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, head);
                for (TensorData t : sorted.values()) writeFully(out, t.data());
                out.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; report that
            }
            throw new CheckpointException("cannot write safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes all tensors of {@code source} to {@code file}. */
    public static void write(Path file, TensorSource source, Map<String, String> metadata) {
        java.util.List<TensorData> all = new java.util.ArrayList<>();
        for (String n : source.names()) all.add(source.get(n));
        write(file, all, metadata);
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}
