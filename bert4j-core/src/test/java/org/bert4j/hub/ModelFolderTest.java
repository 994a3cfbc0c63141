package org.bert4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bert4j.hub.ModelFolder.WeightsFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File detection of {@link ModelFolder} on the shared tiny-random-bert and on synthetic layouts. */
class ModelFolderTest {

    @TempDir
    Path tmp;

    static Path sharedDir() {
        String s = System.getProperty("bert4j.shared.dir");
        assertNotNull(s, "system property bert4j.shared.dir is not set; run through Maven, or pass"
                + " -Dbert4j.shared.dir=/work/shared");
        Path p = Path.of(s);
        assertTrue(Files.isDirectory(p.resolve("data")), "no data/ in bert4j.shared.dir=" + s
                + "; pass -Dbert4j.shared.dir=/work/shared");
        return p;
    }

    @Test
    void tinyRandomBert() {
        Path dir = sharedDir().resolve("data/tiny-random-bert");
        ModelFolder f = ModelFolder.of(dir);
        assertEquals(Optional.of(dir.resolve("vocab.txt")), f.vocab());
        assertEquals(Optional.of(dir.resolve("tokenizer.json")), f.tokenizerJson());
        assertEquals(Optional.of(dir.resolve("tokenizer_config.json")), f.tokenizerConfigJson());
        assertEquals(Optional.of(dir.resolve("config.json")), f.configJson());
        assertEquals(Optional.of(dir.resolve("model.safetensors")), f.weights());
        assertEquals(Optional.of(WeightsFormat.SAFETENSORS), f.weightsFormat());
        assertEquals(Optional.of(true), f.lowercase());
        assertTrue(f.manifest().isEmpty());
    }

    @Test
    void googleCheckpointLayout() throws Exception {
        Files.writeString(tmp.resolve("bert_config.json"), "{}");
        Files.writeString(tmp.resolve("bert_model.ckpt.index"), "");
        Files.writeString(tmp.resolve("bert_model.ckpt.data-00000-of-00001"), "");
        Files.writeString(tmp.resolve("vocab.txt"), "[PAD]\n");
        ModelFolder f = ModelFolder.of(tmp);
        assertEquals(Optional.of(tmp.resolve("bert_config.json")), f.configJson());
        assertEquals(Optional.of(tmp.resolve("bert_model.ckpt.index")), f.weights());
        assertEquals(Optional.of(WeightsFormat.TF_CHECKPOINT), f.weightsFormat());
        assertEquals(Optional.empty(), f.lowercase());
    }

    @Test
    void savedModelLayout() throws Exception {
        Files.createDirectories(tmp.resolve("variables"));
        Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(tmp.resolve("variables/variables.index"), "");
        Files.writeString(tmp.resolve("assets/vocab.txt"), "[PAD]\n");
        Files.writeString(tmp.resolve("assets/model.json"), "{\"doLowerCase\": false}");
        ModelFolder f = new ModelFolder(tmp);
        assertEquals(Optional.of(tmp.resolve("assets/vocab.txt")), f.vocab());
        assertEquals(Optional.of(tmp.resolve("variables")), f.weights());
        assertEquals(Optional.of(WeightsFormat.TF_SAVEDMODEL), f.weightsFormat());
        assertEquals(Optional.of(false), f.lowercase());
        new ModelManifest("x", "g:a:1", true, "tf-savedmodel").writeTo(tmp);
        assertEquals(Optional.of(true), f.lowercase(), "the manifest comes first");
    }

    @Test
    void onnxLayout() throws Exception {
        Files.writeString(tmp.resolve("b.onnx"), "");
        Files.writeString(tmp.resolve("a.onnx"), "");
        assertEquals(Optional.of(tmp.resolve("a.onnx")), new ModelFolder(tmp).weights());
        Files.writeString(tmp.resolve("model.onnx"), "");
        assertEquals(Optional.of(tmp.resolve("model.onnx")), new ModelFolder(tmp).weights());
        assertEquals(Optional.of(WeightsFormat.ONNX), new ModelFolder(tmp).weightsFormat());
    }

    @Test
    void missingFilesSayWhatWasLookedFor() {
        ModelFolder f = ModelFolder.of(tmp);
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, f::requireVocab);
        assertTrue(e.getMessage().contains("vocab.txt, assets/vocab.txt"), e.getMessage());
        e = assertThrows(ModelNotFoundException.class, f::requireWeights);
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        e = assertThrows(ModelNotFoundException.class, () -> ModelFolder.of(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
