package org.bert4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code RUN/metrics.jsonl}: one JSON object per optimizer step ({@code step}, {@code loss},
 * {@code lr}, {@code grad_norm}, the task's extras, {@code examples_per_second}, {@code elapsed_s},
 * and {@code eval_*} on evaluation steps), flushed after every line so {@code tail -f} and
 * {@code bert4j plot} see it at once. Non-finite numbers are written as {@code null}
 * (JSON has no NaN).
 */
public final class MetricsLog implements Closeable {
    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    /**
     * Opens {@code runDir/metrics.jsonl} for appending. Lines for steps after {@code keepUpToStep}
     * (left by a run that went further than the checkpoint now resumed) are dropped first, so the
     * file describes one timeline; pass {@code Long.MAX_VALUE} to keep all, 0 to start afresh.
     */
    public MetricsLog(Path runDir, long keepUpToStep) {
        try {
            Files.createDirectories(runDir);
            Path file = runDir.resolve(FILE);
            if (Files.exists(file) && keepUpToStep != Long.MAX_VALUE) {
                List<String> kept = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    try {
                        if (JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= keepUpToStep) kept.add(line);
                    } catch (IOException e) {
                        // a torn last line from a killed run: drop it
                    }
                }
                Path tmp = runDir.resolve(FILE + ".tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + runDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Writes one line: {@code step} first, then {@code values} in iteration order. */
    public void write(long step, Map<String, ?> values) {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", step);
        values.forEach((k, v) -> {
            if (v == null) o.putNull(k);
            else if (v instanceof Double d) { if (Double.isFinite(d)) o.put(k, d); else o.putNull(k); }
            else if (v instanceof Float f) { if (Float.isFinite(f)) o.put(k, f); else o.putNull(k); }
            else if (v instanceof Long l) o.put(k, l);
            else if (v instanceof Integer i) o.put(k, i);
            else if (v instanceof Boolean b) o.put(k, b);
            else o.put(k, v.toString());
        });
        try {
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    /** Reads every complete line of a metrics file (a torn last line is ignored). */
    public static List<JsonNode> read(Path file) {
        List<JsonNode> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    rows.add(JSON.readTree(line));
                } catch (IOException e) {
                    // torn line
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
