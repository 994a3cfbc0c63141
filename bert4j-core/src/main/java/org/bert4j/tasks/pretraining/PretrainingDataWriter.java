package org.bert4j.tasks.pretraining;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes instances in shards of {@code shardSize} ({@code part-00000.jsonl}, {@code part-00001.jsonl},
 * … or {@code part-00000.b4pt}, …), each first written to a temporary file in the same folder and then
 * renamed, so a reader never sees half a shard.
 *
 * <p>JSON Lines use google-research/bert's feature names, unpadded:
 * {@code {"input_ids": [...], "segment_ids": [...], "masked_lm_positions": [...], "masked_lm_ids": [...],
 * "next_sentence_labels": 0}} (0 = IsNext, 1 = NotNext), plus {@code "tokens"} when a token
 * lookup is given (debugging). The binary format is {@link ShardFormat}.
 */
public final class PretrainingDataWriter implements AutoCloseable {
    /** The output format. */
    public enum Format { SHARDS, JSONL }

    private static final JsonFactory JSON = new JsonFactory();

    private final Path dir;
    private final Format format;
    private final int shardSize;
    private final IntFunction<String> debugTokens;
    private final List<Path> written = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    private int inShard;

    /** @param debugTokens id → token, to add {@code "tokens"} to JSON lines; null for none */
    public PretrainingDataWriter(Path dir, Format format, int shardSize, IntFunction<String> debugTokens) throws IOException {
        if (shardSize < 1) throw new IllegalArgumentException("shard size must be at least 1, got " + shardSize);
        this.dir = dir;
        this.format = format;
        this.shardSize = shardSize;
        this.debugTokens = debugTokens;
        Files.createDirectories(dir);
    }

    public void write(PretrainingInstance inst) throws IOException {
        if (format == Format.SHARDS) ShardFormat.write(buffer, inst);
        else writeJson(buffer, inst);
        if (++inShard == shardSize) flushShard();
    }

    private void writeJson(OutputStream out, PretrainingInstance inst) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            if (debugTokens != null) {
                g.writeArrayFieldStart("tokens");
                for (int id : inst.inputIds()) g.writeString(debugTokens.apply(id));
                g.writeEndArray();
            }
            array(g, "input_ids", inst.inputIds());
            array(g, "segment_ids", inst.segmentIds());
            array(g, "masked_lm_positions", inst.maskedLmPositions());
            array(g, "masked_lm_ids", inst.maskedLmIds());
            g.writeNumberField("next_sentence_labels", inst.nextSentenceLabel());
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void array(JsonGenerator g, String name, int[] xs) throws IOException {
        g.writeFieldName(name);
        g.writeArray(xs, 0, xs.length);
    }

    private void flushShard() throws IOException {
        if (inShard == 0) return;
        String name = String.format("part-%05d%s", written.size(), format == Format.SHARDS ? ShardFormat.EXTENSION : ".jsonl");
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            if (format == Format.SHARDS) {
                ByteArrayOutputStream all = new ByteArrayOutputStream(buffer.size() + 16);
                all.write(ShardFormat.MAGIC);
                all.write(ShardFormat.VERSION);
                all.write(ByteBuffer.allocate(4).putInt(inShard).array());
                buffer.writeTo(all);
                byte[] bytes = all.toByteArray();
                out.write(bytes);
                out.write(ByteBuffer.allocate(4).putInt(ShardFormat.crc(bytes, bytes.length)).array());
            } else {
                buffer.writeTo(out);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
        buffer.reset();
        inShard = 0;
    }

    /** The shard files written so far. */
    public List<Path> files() { return List.copyOf(written); }

    @Override
    public void close() throws IOException {
        flushShard();
    }
}
