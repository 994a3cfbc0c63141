package org.bert4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.DType;
import org.bert4j.checkpoint.SafetensorsWriter;
import org.bert4j.checkpoint.TensorData;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.hub.ModelFolder;
import org.bert4j.hub.ModelManifest;
import org.bert4j.nn.Param;

/**
 * Finding, loading and saving BERT checkpoints on disk: a model folder (Hugging Face, Google, TF-Hub
 * SavedModel as unpacked by {@link org.bert4j.hub.ModelHub}, ONNX) or a single weights file.
 */
public final class BertModels {
    private static final System.Logger LOG = System.getLogger(BertModels.class.getName());

    /** Configurations of known checkpoints that carry none (ModelHub folders, by manifest name). */
    private static final Map<String, BertConfig> KNOWN = Map.of(
            "all-MiniLM-L6-v2", new BertConfig(30522, 384, 6, 12, 1536, "gelu", 0.1f, 0.1f, 512, 2, 0.02f, 1e-12f));

    private BertModels() {}

    /** The encoder (with pooler if present) of a model folder or weights file. */
    public static BertModel load(Path modelFolderOrFile) {
        try (TensorSource weights = openWeights(modelFolderOrFile)) {
            return BertModel.load(weights, config(modelFolderOrFile, weights));
        }
    }

    /** Opens the weights of a folder or file with canonical names. */
    public static TensorSource openWeights(Path modelFolderOrFile) {
        if (!Files.exists(modelFolderOrFile)) throw new CheckpointException("model " + modelFolderOrFile + " does not exist");
        if (Files.isDirectory(modelFolderOrFile)) {
            Optional<Path> w = new ModelFolder(modelFolderOrFile).weights();
            if (w.isPresent()) return Checkpoints.open(w.get());
        }
        return Checkpoints.open(modelFolderOrFile);
    }

    /**
     * The configuration of a model: {@code config.json} or {@code bert_config.json} in the folder (or
     * next to the file), else the known configuration of a ModelHub model, else inferred from the
     * tensor shapes ({@link BertConfig#infer}; ONNX exports come from Hugging Face models, so their
     * {@code hidden_act} is taken to be {@code gelu}).
     */
    public static BertConfig config(Path modelFolderOrFile, TensorSource weights) {
        Path dir = Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
        ModelFolder folder = new ModelFolder(dir);
        Optional<Path> json = folder.configJson();
        if (json.isPresent()) return BertConfig.fromJson(json.get());
        // a ModelHub folder holds its manifest beside the weights, or above them (a SavedModel's variables/)
        Path manifestDir = Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME)) ? dir
                : dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve(ModelManifest.FILE_NAME)) ? dir.getParent() : null;
        Optional<ModelManifest> manifest = manifestDir == null ? Optional.empty() : new ModelFolder(manifestDir).manifest();
        if (manifest.isPresent() && KNOWN.containsKey(manifest.get().name())) return KNOWN.get(manifest.get().name());
        // an installed model (Google's SavedModels carry no config): inferring is the normal case, not news
        BertConfig c = BertConfig.infer(weights, manifest.isPresent() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO);
        if (weights.description().toLowerCase(java.util.Locale.ROOT).contains("onnx")) {
            c = c.withHiddenAct("gelu");
            if (c.hiddenSize() == 384) c = new BertConfig(c.vocabSize(), 384, c.numHiddenLayers(), 12, c.intermediateSize(), "gelu",
                    c.hiddenDropoutProb(), c.attentionProbsDropoutProb(), c.maxPositionEmbeddings(), c.typeVocabSize(),
                    c.initializerRange(), c.layerNormEps()); // MiniLM: 12 heads of 32
            LOG.log(System.Logger.Level.INFO, "ONNX export: assuming {0}", c);
        }
        return c;
    }

    /**
     * Writes a Hugging Face model folder: {@code model.safetensors} with {@code BertForPreTraining}
     * state-dict names ({@code bert.} before encoder keys, {@code cls.*} heads as they are), {@code
     * config.json} and, if given, {@code vocab.txt}; {@code BertForPreTraining.from_pretrained(dir)}
     * loads it. The tied MLM decoder is not stored (Hugging Face ties it on load).
     */
    public static void save(Path dir, BertConfig config, Collection<Param> params, Path vocabTxt) {
        save(dir, config, params, vocabTxt, "BertForPreTraining", Map.of());
    }

    /**
     * As {@link #save(Path, BertConfig, Collection, Path)} for a model with a fine-tuning head:
     * {@code config.json} names {@code architecture} (e.g. {@code BertForQuestionAnswering}) and holds
     * {@code extraConfig} (e.g. {@code id2label}); head parameters ({@code qa_outputs.*},
     * {@code classifier.*}) keep their names, as in Hugging Face's state dicts.
     */
    public static void save(Path dir, BertConfig config, Collection<Param> params, Path vocabTxt, String architecture,
                            Map<String, ?> extraConfig) {
        try {
            Files.createDirectories(dir);
            List<TensorData> tensors = new ArrayList<>();
            for (Param p : params) tensors.add(toTensor(stateDictName(p.name()), p));
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
            Files.writeString(dir.resolve("config.json"), config.toJson(architecture, extraConfig));
            if (vocabTxt != null && !vocabTxt.toAbsolutePath().equals(dir.resolve("vocab.txt").toAbsolutePath())) {
                Files.copy(vocabTxt, dir.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot write model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Hugging Face state-dict key of a canonical name: {@code bert.} before encoder keys; heads
     * ({@code cls.*} of {@code BertForPreTraining}, {@code classifier.*} of the sequence/token
     * classification models, {@code qa_outputs.*} of question answering) as they are.
     */
    public static String stateDictName(String canonical) {
        return canonical.startsWith("cls.") || canonical.startsWith("classifier.") || canonical.startsWith("qa_outputs.")
                ? canonical : "bert." + canonical;
    }

    private static TensorData toTensor(String name, Param p) {
        float[] v = p.value();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        long[] shape = java.util.Arrays.stream(p.shape()).asLongStream().toArray();
        return new TensorData(name, DType.F32, shape, b);
    }
}
