package org.bert4j.tasks.pretraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Reads what {@link PretrainingDataWriter} wrote: a folder of {@code part-*.b4pt} or
 * {@code part-*.jsonl} shards (in name order), or one shard file. JSON lines may also come from
 * elsewhere as long as they have Google's feature names. One pass per {@link #iterator()}; each shard
 * is read when the iteration reaches it. Errors name the file and surface as {@link UncheckedIOException}.
 */
public final class PretrainingDataReader implements Iterable<PretrainingInstance> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Path> files;

    public PretrainingDataReader(Path dirOrFile) throws IOException {
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                files = s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("part-") && (n.endsWith(ShardFormat.EXTENSION) || n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"));
                }).sorted().toList();
            }
            if (files.isEmpty()) throw new IOException("no part-*.b4pt or part-*.jsonl shards in " + dirOrFile);
        } else if (Files.isRegularFile(dirOrFile)) {
            files = List.of(dirOrFile);
        } else {
            throw new IOException("no such file or folder: " + dirOrFile);
        }
    }

    /** The shard files, in reading order. */
    public List<Path> files() { return files; }

    /** Every instance, read into memory. */
    public List<PretrainingInstance> readAll() {
        List<PretrainingInstance> out = new ArrayList<>();
        for (PretrainingInstance i : this) out.add(i);
        return out;
    }

    @Override
    public Iterator<PretrainingInstance> iterator() {
        return new Iterator<>() {
            int next;
            Iterator<PretrainingInstance> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next >= files.size()) return false;
                    Path f = files.get(next++);
                    try {
                        current = readShard(f).iterator();
                    } catch (IOException e) {
                        throw new UncheckedIOException(f + ": " + e.getMessage(), e);
                    }
                }
                return true;
            }

            @Override
            public PretrainingInstance next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    /** All instances of one shard file. */
    static List<PretrainingInstance> readShard(Path f) throws IOException {
        return f.getFileName().toString().endsWith(ShardFormat.EXTENSION) ? readBinary(f) : readJsonl(f);
    }

    private static List<PretrainingInstance> readBinary(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        if (bytes.length < 13 || !Arrays.equals(bytes, 0, 4, ShardFormat.MAGIC, 0, 4)) throw new IOException("not a bert4j pre-training shard (bad magic)");
        if (bytes[4] != ShardFormat.VERSION) throw new IOException("shard version " + bytes[4] + " is not supported (expected " + ShardFormat.VERSION + ")");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int stored = buf.getInt(bytes.length - 4);
        if (stored != ShardFormat.crc(bytes, bytes.length - 4)) throw new IOException("CRC mismatch: the shard is corrupt");
        int count = buf.getInt(5);
        ByteBuffer body = ByteBuffer.wrap(bytes, 9, bytes.length - 13);
        List<PretrainingInstance> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(ShardFormat.read(body));
        if (body.hasRemaining()) throw new IOException(body.remaining() + " bytes left after " + count + " instances");
        return out;
    }

    private static List<PretrainingInstance> readJsonl(Path f) throws IOException {
        List<PretrainingInstance> out = new ArrayList<>();
        try (BufferedReader r = DocumentReader.open(f)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                try {
                    JsonNode n = JSON.readTree(line);
                    out.add(new PretrainingInstance(ints(n, "input_ids"), ints(n, "segment_ids"), ints(n, "masked_lm_positions"),
                                                    ints(n, "masked_lm_ids"), n.path("next_sentence_labels").asInt() == 1));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException("line " + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static int[] ints(JsonNode n, String field) throws IOException {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) throw new IOException("missing array \"" + field + "\"");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }
}
