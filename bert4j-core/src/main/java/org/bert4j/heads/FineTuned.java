package org.bert4j.heads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.model.Init;
import org.bert4j.nn.Param;

/** What the fine-tuning models share: head initialization and the tokenizer files of a saved folder. */
final class FineTuned {
    private FineTuned() {}

    /** Tokenizer files copied from the model a fine-tuned model started from. */
    static final List<String> TOKENIZER_FILES = List.of("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            "bert4j-model.json");

    /** A new head as Hugging Face's {@code _init_weights}: weights normal(0, initializer_range), biases 0. */
    static void initHead(List<Param> head, float std, long seed) {
        Init.normal(head, std, new SplittableRandom(seed));
    }

    /**
     * Copies the tokenizer files of {@code source} (a model folder, or the folder of a weights file)
     * into {@code dir}, and writes {@code tokenizer_config.json} with {@code do_lower_case} when the
     * source has none, so the saved folder tokenizes as the model was trained.
     */
    static void copyTokenizer(Path source, Path dir, boolean lowercase) {
        if (source == null) return;
        Path from = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            if (from.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) return;
            for (String f : TOKENIZER_FILES) {
                Path p = from.resolve(f);
                if (Files.isRegularFile(p)) Files.copy(p, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Path assets = from.resolve("assets/vocab.txt");
            if (!Files.exists(dir.resolve("vocab.txt")) && Files.isRegularFile(assets)) Files.copy(assets, dir.resolve("vocab.txt"));
            if (!Files.exists(dir.resolve("tokenizer_config.json"))) {
                Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": " + lowercase + ", \"tokenizer_class\": \"BertTokenizer\"}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the tokenizer files of " + from + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}
