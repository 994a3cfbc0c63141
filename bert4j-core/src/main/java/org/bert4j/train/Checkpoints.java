package org.bert4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.bert4j.checkpoint.DType;
import org.bert4j.checkpoint.SafetensorsReader;
import org.bert4j.checkpoint.SafetensorsWriter;
import org.bert4j.checkpoint.TensorData;
import org.bert4j.nn.Param;
import org.bert4j.optim.OptimizerState;

/**
 * Training checkpoints: complete, atomic, verifiable.
 *
 * <p>{@code RUN/checkpoint-<step>/} holds {@code model.safetensors} (Hugging Face parameter names,
 * loadable by {@code transformers}), {@code optimizer.safetensors} (moments named
 * {@code <param>.exp_avg}/{@code .exp_avg_sq}; kind and step in the metadata) and
 * {@code trainer_state.json} ({@link TrainerState} plus the size and CRC32C of both tensor files).
 * Everything is written and fsynced in a hidden temporary sibling directory, which is then renamed
 * into place in one atomic step; only then are checkpoints beyond the {@code keep} newest deleted,
 * so a crash at any moment (including {@code kill -9}) leaves the previous checkpoint intact and
 * never a partial one under a {@code checkpoint-N} name. {@link #latest} additionally verifies
 * sizes and checksums and skips anything that does not verify.
 */
public final class Checkpoints {
    public static final String MODEL = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String STATE = "trainer_state.json";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** A checkpoint read back from disk. */
    public record Loaded(Path dir, Map<String, float[]> model, OptimizerState optimizer, TrainerState state) {}

    /**
     * Writes checkpoint {@code state.step()} under {@code runDir} and prunes old ones.
     *
     * @throws IllegalStateException if any parameter holds NaN or Inf (nothing is written)
     * @return the checkpoint directory
     */
    public static Path save(Path runDir, List<Param> params, OptimizerState optimizer, TrainerState state, int keep) {
        String bad = nonFinite(params);
        if (bad != null) throw new IllegalStateException("refusing to checkpoint step " + state.step() + ": " + bad);
        try {
            Files.createDirectories(runDir);
            removeStaleTemporaries(runDir);
            Path target = runDir.resolve("checkpoint-" + state.step());
            Path tmp = runDir.resolve(".checkpoint-" + state.step() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectory(tmp);

            List<TensorData> model = new ArrayList<>();
            for (Param p : params) model.add(tensor(p.name(), p.shape(), p.value()));
            SafetensorsWriter.write(tmp.resolve(MODEL), model, Map.of("format", "pt"));
            List<TensorData> opt = new ArrayList<>();
            optimizer.tensors().forEach((k, v) -> opt.add(tensor(k, new int[] {v.length}, v)));
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER), opt, Map.of("kind", optimizer.kind(), "step", Long.toString(optimizer.step())));

            ObjectNode json = JSON.createObjectNode();
            state.writeTo(json);
            ObjectNode files = json.putObject("files");
            for (String f : new String[] {MODEL, OPTIMIZER}) {
                ObjectNode e = files.putObject(f);
                e.put("bytes", Files.size(tmp.resolve(f)));
                e.put("crc32c", crc(tmp.resolve(f)));
            }
            writeSynced(tmp.resolve(STATE), JSON.writeValueAsBytes(json));
            syncDir(tmp);

            Path old = null;
            if (Files.exists(target)) { // re-saving a step (resumed from an older checkpoint): set the old one aside
                old = runDir.resolve(".checkpoint-" + state.step() + ".old-" + System.nanoTime());
                move(target, old);
            }
            move(tmp, target);
            syncDir(runDir);
            if (old != null) deleteTree(old);
            prune(runDir, keep, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** Null if every parameter value is finite, else which parameter holds what. */
    public static String nonFinite(List<Param> params) {
        for (Param p : params) {
            for (float x : p.value()) {
                if (!Float.isFinite(x)) return "parameter " + p.name() + " holds " + x;
            }
        }
        return null;
    }

    /** The complete checkpoints under {@code runDir}, newest first (by step; not verified). */
    public static List<Path> list(Path runDir) {
        if (!Files.isDirectory(runDir)) return List.of();
        try (Stream<Path> s = Files.list(runDir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest checkpoint under {@code runDir} that {@link #verify verifies}, if any. */
    public static Optional<Path> latest(Path runDir) {
        for (Path p : list(runDir)) {
            if (verify(p) == null) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Null if {@code dir} is a complete checkpoint whose files match their recorded sizes and checksums, else why not. */
    public static String verify(Path dir) {
        try {
            if (!Files.isRegularFile(dir.resolve(STATE))) return "no " + STATE;
            JsonNode n = JSON.readTree(dir.resolve(STATE).toFile());
            TrainerState.readFrom(n);
            JsonNode files = n.get("files");
            if (files == null) return STATE + " lists no files";
            for (String f : new String[] {MODEL, OPTIMIZER}) {
                JsonNode e = files.get(f);
                Path p = dir.resolve(f);
                if (e == null) return STATE + " does not list " + f;
                if (!Files.isRegularFile(p)) return "missing " + f;
                if (Files.size(p) != e.get("bytes").asLong()) return f + " has " + Files.size(p) + " bytes, expected " + e.get("bytes").asLong();
                if (crc(p) != e.get("crc32c").asLong()) return f + " checksum mismatch";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e;
        }
    }

    /**
     * Reads a checkpoint. {@code dir} may be a checkpoint or a run directory (then its
     * {@link #latest} checkpoint is read).
     *
     * @throws IllegalArgumentException if nothing verifiable is there
     */
    public static Loaded load(Path dir) {
        Path ckpt = dir;
        if (!Files.exists(dir.resolve(STATE))) {
            ckpt = latest(dir).orElseThrow(() -> new IllegalArgumentException("no complete checkpoint in " + dir));
        }
        String bad = verify(ckpt);
        if (bad != null) throw new IllegalArgumentException("checkpoint " + ckpt + " is not usable: " + bad);
        try {
            TrainerState state = TrainerState.readFrom(JSON.readTree(ckpt.resolve(STATE).toFile()));
            Map<String, float[]> model = new LinkedHashMap<>();
            try (SafetensorsReader r = SafetensorsReader.open(ckpt.resolve(MODEL))) {
                for (String name : r.names()) model.put(name, r.get(name).toFloatArray());
            }
            Map<String, float[]> opt = new LinkedHashMap<>();
            String kind;
            long optStep;
            try (SafetensorsReader r = SafetensorsReader.open(ckpt.resolve(OPTIMIZER))) {
                for (String name : r.names()) opt.put(name, r.get(name).toFloatArray());
                kind = r.metadata().getOrDefault("kind", "");
                optStep = Long.parseLong(r.metadata().getOrDefault("step", "0"));
            }
            return new Loaded(ckpt, model, new OptimizerState(kind, optStep, opt), state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + ckpt + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code loaded.model()} into {@code params}; every parameter must be present with its size. */
    public static void restoreParams(Loaded loaded, List<Param> params) {
        List<String> problems = new ArrayList<>();
        Map<String, float[]> m = new HashMap<>(loaded.model());
        for (Param p : params) {
            float[] v = m.remove(p.name());
            if (v == null) problems.add("missing " + p.name());
            else if (v.length != p.size()) problems.add(p.name() + " has " + v.length + " values, parameter has " + p.size());
            else System.arraycopy(v, 0, p.value(), 0, v.length);
        }
        if (!m.isEmpty()) problems.add("unexpected " + m.keySet());
        if (!problems.isEmpty()) throw new IllegalArgumentException("checkpoint " + loaded.dir() + " does not fit the model: " + problems);
    }

    static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static TensorData tensor(String name, int[] shape, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = shape[i];
        return new TensorData(name, DType.F32, s, b);
    }

    private static long crc(Path p) throws IOException {
        CRC32C c = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) c.update(buf, 0, n);
        }
        return c.getValue();
    }

    private static void writeSynced(Path p, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every OS/file system can fsync a directory (Windows); the rename is still atomic
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Keeps {@code justWritten} and the {@code keep - 1} newest older checkpoints. Checkpoints newer
     * than {@code justWritten} belong to a timeline abandoned by resuming from an earlier step, and
     * would otherwise be mistaken for the latest: they are deleted too.
     */
    private static void prune(Path runDir, int keep, Path justWritten) throws IOException {
        long step = stepOf(justWritten);
        int kept = 0;
        for (Path p : list(runDir)) {
            if (p.equals(justWritten)) continue;
            if (stepOf(p) < step && kept < keep - 1) {
                kept++;
                continue;
            }
            Path doomed = runDir.resolve(".checkpoint-" + stepOf(p) + ".old-" + System.nanoTime());
            move(p, doomed); // out of sight first, so a crash mid-delete leaves no half checkpoint-N
            deleteTree(doomed);
        }
    }

    /** Deletes hidden temporaries left by a process killed while saving (this process's own are never open here). */
    private static void removeStaleTemporaries(Path runDir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runDir, ".checkpoint-*")) {
            for (Path p : s) deleteTree(p);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
