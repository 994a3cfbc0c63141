package org.bert4j.tasks.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.heads.SequenceClassificationHead;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.Init;
import org.bert4j.model.PackedBatch;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.MeanSquaredError;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;
import org.bert4j.tokenizer.BertTokenizer;

/**
 * BERT for sequence classification: the encoder, the {@link SequenceClassificationHead} on its pooled
 * output, and the loss, as Hugging Face's {@code BertForSequenceClassification}: softmax cross-entropy
 * over the labels, or mean squared error for regression ({@code num_labels == 1}, {@code
 * problem_type = "regression"}), each the mean over the batch.
 *
 * <p>Loading: from a pre-trained checkpoint (no {@code classifier.*}, or one of another size) the
 * head is new, drawn from normal(0, {@code initializer_range}) with the given seed, as
 * {@code from_pretrained} initializes missing weights; a checkpoint without a pooler (a
 * sentence-transformers export) gets a new pooler the same way. From a fine-tuned folder the head is
 * loaded and the labels come from its {@code config.json} ({@code id2label}).
 *
 * <p>{@link #save} writes a folder {@code BertForSequenceClassification.from_pretrained} loads:
 * {@code config.json} (with {@code architectures}, {@code num_labels}, {@code id2label}/{@code
 * label2id}, {@code problem_type} for regression, {@code finetuning_task}), {@code model.safetensors}
 * ({@code bert.*} and {@code classifier.*} keys), {@code vocab.txt} and {@code tokenizer_config.json}.
 */
public final class ClassifierModel {
    private static final System.Logger LOG = System.getLogger(ClassifierModel.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public final BertModel bert;
    public final SequenceClassificationHead head;
    private final LabelSet labels;
    private final String finetuningTask;

    /** The loss of one batch and the logits it was computed from ({@code [batch, numOutputs]}). */
    public record Loss(double loss, float[] logits) {}

    public ClassifierModel(BertModel bert, SequenceClassificationHead head, LabelSet labels, String finetuningTask) {
        if (bert.pooler == null) throw new IllegalArgumentException("sequence classification needs the pooler");
        if (head.numLabels() != labels.numOutputs()) {
            throw new IllegalArgumentException("the head has " + head.numLabels() + " outputs, the label set " + labels.numOutputs());
        }
        this.bert = bert;
        this.head = head;
        this.labels = labels;
        this.finetuningTask = finetuningTask;
    }

    /** A new model from a configuration (all weights random, seeded): for tests and training from scratch. */
    public static ClassifierModel create(BertConfig config, LabelSet labels, String finetuningTask, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BertModel m = new BertModel(config, true);
        m.initialize(rng);
        SequenceClassificationHead h = new SequenceClassificationHead(config, labels.numOutputs());
        h.initialize(config.initializerRange(), rng);
        return new ClassifierModel(m, h, labels, finetuningTask);
    }

    /**
     * The model to fine-tune from any checkpoint (folder or weights file): the encoder is loaded; the
     * head is loaded when the checkpoint has one with {@code labels.numOutputs()} rows, else it is new
     * (normal(0, initializer_range), seeded). A missing pooler is new as well.
     */
    public static ClassifierModel forFineTuning(Path modelFolderOrFile, LabelSet labels, String finetuningTask, long seed) {
        try (TensorSource weights = BertModels.openWeights(modelFolderOrFile)) {
            BertConfig config = BertModels.config(modelFolderOrFile, weights);
            SplittableRandom rng = new SplittableRandom(seed);
            BertModel m = loadEncoder(weights, config, rng);
            SequenceClassificationHead h;
            if (SequenceClassificationHead.presentIn(weights) && SequenceClassificationHead.numLabelsIn(weights) == labels.numOutputs()) {
                h = SequenceClassificationHead.load(weights, config, labels.numOutputs());
            } else {
                if (SequenceClassificationHead.presentIn(weights)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} has a classifier with {1} outputs; {2} needs {3}: starting a new one",
                            modelFolderOrFile, SequenceClassificationHead.numLabelsIn(weights), labels, labels.numOutputs());
                }
                h = new SequenceClassificationHead(config, labels.numOutputs());
                h.initialize(config.initializerRange(), rng);
            }
            return new ClassifierModel(m, h, labels, finetuningTask);
        }
    }

    /**
     * A fine-tuned model: the encoder and the head must both be in the checkpoint; the labels are
     * those of its {@code config.json} ({@code id2label}), or {@code fallbackLabels} when it has none
     * (then the head's size must fit them). Fails if the checkpoint has no classification head.
     */
    public static ClassifierModel loadFineTuned(Path modelFolderOrFile, LabelSet fallbackLabels) {
        try (TensorSource weights = BertModels.openWeights(modelFolderOrFile)) {
            if (!SequenceClassificationHead.presentIn(weights)) {
                throw new CheckpointException(modelFolderOrFile + " has no classification head (classifier.weight): "
                        + "fine-tune it first (bert4j finetune glue ... --output OUT) and pass OUT/best");
            }
            BertConfig config = BertModels.config(modelFolderOrFile, weights);
            LabelSet labels = labelsOf(modelFolderOrFile).orElse(fallbackLabels);
            if (labels == null) throw new CheckpointException(modelFolderOrFile + ": config.json names no labels (id2label)");
            int rows = SequenceClassificationHead.numLabelsIn(weights);
            if (rows != labels.numOutputs()) {
                throw new CheckpointException(modelFolderOrFile + ": the classifier has " + rows + " outputs but the labels are " + labels);
            }
            if (!weights.contains("pooler.dense.weight")) throw new CheckpointException(modelFolderOrFile + " has a classifier but no pooler");
            BertModel m = BertModel.load(weights, config);
            SequenceClassificationHead h = SequenceClassificationHead.load(weights, config, rows);
            return new ClassifierModel(m, h, labels, finetuningTaskOf(modelFolderOrFile).orElse(null));
        }
    }

    private static BertModel loadEncoder(TensorSource weights, BertConfig config, SplittableRandom rng) {
        boolean hasPooler = weights.contains("pooler.dense.weight");
        BertModel m = new BertModel(config, true);
        List<Param> toLoad = new ArrayList<>(m.params());
        if (!hasPooler) toLoad.removeAll(m.pooler.params());
        ParamLoader.load(weights, toLoad, n -> n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler."),
                "the BERT encoder");
        if (!hasPooler) {
            LOG.log(System.Logger.Level.INFO, "{0} has no pooler: starting a new one", weights.description());
            Init.normal(m.pooler.params(), config.initializerRange(), rng);
        }
        return m;
    }

    public BertConfig config() { return bert.config(); }

    public LabelSet labels() { return labels; }

    /** The task the model was fine-tuned on (HF {@code finetuning_task}), or null. */
    public String finetuningTask() { return finetuningTask; }

    /** Encoder parameters, then {@code classifier.weight} and {@code classifier.bias}. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>(bert.params());
        p.addAll(head.params());
        return Collections.unmodifiableList(p);
    }

    /** Evaluation logits {@code [batch, numOutputs]} (no dropout). */
    public float[] logits(PackedBatch batch) {
        BertModel.Output out = bert.forward(batch, ForwardContext.EVAL);
        return head.forward(bert.kernels(), out.pooled(), batch.batchSize(), ForwardContext.EVAL).logits();
    }

    /** The mean loss over the batch in evaluation mode (no dropout, no gradients). */
    public double loss(PackedBatch batch, int[] labelIndices, float[] scores) {
        float[] logits = logits(batch);
        int bs = batch.batchSize();
        return labels.isRegression()
                ? MeanSquaredError.forwardBackward(logits, scores, bs, null, 1.0) / bs
                : SoftmaxCrossEntropy.forwardBackward(logits, bs, head.numLabels(), labelIndices, null, 1.0) / bs;
    }

    /**
     * One training forward and backward: the mean loss over the batch, its gradient accumulated into
     * every parameter. {@code labelIndices[b]} for classification, {@code scores[b]} for regression
     * (the other may be null).
     */
    public Loss forwardBackward(PackedBatch batch, int[] labelIndices, float[] scores, ForwardContext ctx) {
        if (!ctx.training()) throw new IllegalArgumentException("forwardBackward needs a training ForwardContext");
        Kernels k = bert.kernels();
        int bs = batch.batchSize(), outputs = head.numLabels();
        BertModel.Output out = bert.forward(batch, ctx);
        SequenceClassificationHead.Out h = head.forward(k, out.pooled(), bs, ctx);
        float[] dLogits = new float[bs * outputs];
        double loss;
        if (labels.isRegression()) {
            if (scores == null) throw new IllegalArgumentException("regression needs scores");
            loss = MeanSquaredError.forwardBackward(h.logits(), scores, bs, dLogits, 1.0 / bs) / bs;
        } else {
            if (labelIndices == null) throw new IllegalArgumentException("classification needs label indices");
            loss = SoftmaxCrossEntropy.forwardBackward(h.logits(), bs, outputs, labelIndices, dLogits, 1.0 / bs) / bs;
        }
        float[] dPooled = head.backward(k, dLogits, h.cache(), bs);
        bert.backward(out, null, dPooled);
        return new Loss(loss, h.logits());
    }

    /** Writes the model folder (see the class comment); {@code tokenizer} gives {@code vocab.txt}. */
    public void save(Path dir, BertTokenizer tokenizer) {
        BertModels.save(dir, config(), params(), null);
        try {
            Files.writeString(dir.resolve("config.json"), configJson(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("vocab.txt"), tokenizer.vocab().tokens(), StandardCharsets.UTF_8);
            ObjectNode tc = JSON.createObjectNode();
            tc.put("tokenizer_class", "BertTokenizer");
            tc.put("do_lower_case", tokenizer.settings().lowercase());
            tc.put("model_max_length", config().maxPositionEmbeddings());
            Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(tc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException("cannot write model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The {@code config.json} of {@link #save}: the encoder's, plus the classification fields. */
    public String configJson() {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(config().toJson());
            n.putArray("architectures").add("BertForSequenceClassification");
            if (finetuningTask != null) n.put("finetuning_task", finetuningTask);
            n.put("num_labels", labels.numOutputs());
            ObjectNode id2label = n.putObject("id2label"), label2id = n.putObject("label2id");
            if (labels.isRegression()) {
                n.put("problem_type", "regression");
                id2label.put("0", "LABEL_0");
                label2id.put("LABEL_0", 0);
            } else {
                n.put("problem_type", "single_label_classification");
                for (int i = 0; i < labels.labels().size(); i++) {
                    id2label.put(Integer.toString(i), labels.label(i));
                    label2id.put(labels.label(i), i);
                }
            }
            n.put("classifier_dropout", (double) Float.parseFloat(Float.toString(head.dropoutProb())));
            return JSON.writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new CheckpointException("cannot build config.json: " + e.getMessage(), e);
        }
    }

    /**
     * The labels a model folder's {@code config.json} declares: regression for {@code problem_type
     * "regression"}; else {@code id2label} in index order. Empty when there is no config.json, no
     * {@code id2label}, or only Hugging Face's placeholder names ({@code LABEL_0}, ...) without
     * {@code finetuning_task}.
     */
    public static Optional<LabelSet> labelsOf(Path modelFolderOrFile) {
        Optional<JsonNode> n = configNode(modelFolderOrFile);
        if (n.isEmpty()) return Optional.empty();
        if ("regression".equals(n.get().path("problem_type").asText())) return Optional.of(LabelSet.regression());
        JsonNode m = n.get().get("id2label");
        if (m == null || !m.isObject() || m.isEmpty()) return Optional.empty();
        TreeMap<Integer, String> byId = new TreeMap<>();
        var it = m.fields();
        while (it.hasNext()) {
            var e = it.next();
            try {
                byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new CheckpointException(modelFolderOrFile + ": config.json id2label key '" + e.getKey() + "' is not a number");
            }
        }
        List<String> names = new ArrayList<>(byId.values());
        boolean placeholders = names.stream().allMatch(s -> s.matches("LABEL_\\d+"));
        if (placeholders && !n.get().has("finetuning_task")) return Optional.empty();
        return Optional.of(LabelSet.of(names));
    }

    /** The {@code finetuning_task} of a model folder's {@code config.json}, if any. */
    public static Optional<String> finetuningTaskOf(Path modelFolderOrFile) {
        return configNode(modelFolderOrFile).map(n -> n.get("finetuning_task")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    private static Optional<JsonNode> configNode(Path modelFolderOrFile) {
        Path dir = Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
        Path f = dir.resolve("config.json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.ofNullable(JSON.readTree(f.toFile()));
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
