package org.bert4j.heads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;

/**
 * BERT with the {@link TokenClassificationHead} (Hugging Face's {@code BertForTokenClassification}).
 * The label names travel in {@code config.json} as {@code id2label}/{@code label2id}.
 */
public final class BertForTokenClassification {
    public static final String ARCHITECTURE = "BertForTokenClassification";

    public final BertModel bert;
    public final TokenClassificationHead head;
    private final List<String> labels;

    public BertForTokenClassification(BertModel bert, TokenClassificationHead head, List<String> labels) {
        if (labels.size() != head.numLabels) throw new IllegalArgumentException(labels.size() + " label names for " + head.numLabels + " outputs");
        this.bert = bert;
        this.head = head;
        this.labels = List.copyOf(labels);
    }

    /**
     * Loads a model folder or weights file. With {@code labels} null (evaluation) the checkpoint must be a
     * {@code BertForTokenClassification} with {@code id2label}; with {@code labels} given (fine-tuning),
     * its head is kept if it was trained for exactly these labels, else a new head is initialized from
     * {@code seed} (a checkpoint of another task, e.g. a sequence classifier, keeps only its encoder).
     */
    public static BertForTokenClassification load(Path modelFolderOrFile, List<String> labels, long seed) {
        try (TensorSource w = BertModels.openWeights(modelFolderOrFile)) {
            BertConfig c = BertModels.config(modelFolderOrFile, w);
            BertModel m = BertModel.load(w, c);
            List<String> saved = Labels.id2label(modelFolderOrFile);
            boolean hasHead = w.contains("classifier.weight") && saved != null
                    && ARCHITECTURE.equals(Labels.architecture(modelFolderOrFile))
                    && w.get("classifier.weight").shape()[0] == saved.size();
            if (labels == null) {
                if (!hasHead) {
                    throw new IllegalArgumentException(modelFolderOrFile + " is not a token-classification model (no " + ARCHITECTURE
                            + " classifier with id2label in config.json); fine-tune one first");
                }
                return new BertForTokenClassification(m, TokenClassificationHead.load(w, c, saved.size()), saved);
            }
            if (hasHead && labels.equals(saved)) {
                return new BertForTokenClassification(m, TokenClassificationHead.load(w, c, saved.size()), saved);
            }
            // a new head, as Hugging Face does for a checkpoint of another task (ignore_mismatched_sizes)
            TokenClassificationHead h = new TokenClassificationHead(c, labels.size());
            FineTuned.initHead(h.params(), c.initializerRange(), seed);
            return new BertForTokenClassification(m, h, labels);
        }
    }

    public BertConfig config() { return bert.config(); }

    /** The label names, by id. */
    public List<String> labels() { return labels; }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(bert.params());
        p.addAll(head.params());
        return Collections.unmodifiableList(p);
    }

    /** Saves a Hugging Face {@code BertForTokenClassification} folder with {@code id2label}/{@code label2id}. */
    public void save(Path dir, Path tokenizerSource, boolean lowercase) {
        BertModels.save(dir, config(), params(), null, ARCHITECTURE, Labels.configEntries(labels));
        FineTuned.copyTokenizer(tokenizerSource, dir, lowercase);
    }

    /** Evaluation: {@code logits[tokens, numLabels]} over the packed batch. */
    public float[] logits(PackedBatch batch) {
        BertModel.Output out = bert.forward(batch, ForwardContext.EVAL);
        return head.forward(bert.kernels(), ForwardContext.EVAL, out.lastHiddenState(), batch.tokens()).logits();
    }

    /**
     * One training step: {@code labels[tokens]} per packed row ({@link TokenClassificationHead#IGNORE}
     * for rows outside the loss); accumulates gradients and returns the mean loss.
     */
    public double forwardBackward(PackedBatch batch, int[] rowLabels, ForwardContext ctx) {
        BertModel.Output out = bert.forward(batch, ctx);
        TokenClassificationHead.Out o = head.forward(bert.kernels(), ctx, out.lastHiddenState(), batch.tokens());
        float[] d = new float[o.logits().length];
        double loss = TokenClassificationHead.loss(o.logits(), rowLabels, head.numLabels, d);
        bert.backward(out, head.backward(bert.kernels(), d, o.cache(), batch.tokens()), null);
        return loss;
    }

    /** {@code id2label}, {@code label2id} and {@code num_labels} config entries, and reading them back. */
    public static final class Labels {
        private Labels() {}

        public static Map<String, Object> configEntries(List<String> labels) {
            Map<String, String> id2label = new LinkedHashMap<>();
            Map<String, Integer> label2id = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(Integer.toString(i), labels.get(i));
                label2id.put(labels.get(i), i);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id2label", id2label);
            m.put("label2id", label2id);
            return m;
        }

        /** The first {@code architectures} entry of the model's {@code config.json}, or null. */
        public static String architecture(Path modelFolderOrFile) {
            Path dir = java.nio.file.Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
            Path cfg = dir.resolve("config.json");
            if (!java.nio.file.Files.isRegularFile(cfg)) return null;
            try {
                var a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfg.toFile()).path("architectures");
                return a.isArray() && !a.isEmpty() ? a.get(0).asText() : null;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(cfg + ": " + e.getMessage(), e);
            }
        }

        /** The {@code id2label} of the model's {@code config.json}, by id, or null if it has none. */
        public static List<String> id2label(Path modelFolderOrFile) {
            Path dir = java.nio.file.Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
            Path cfg = dir.resolve("config.json");
            if (!java.nio.file.Files.isRegularFile(cfg)) return null;
            try {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfg.toFile()).get("id2label");
                if (node == null || !node.isObject() || node.isEmpty()) return null;
                String[] out = new String[node.size()];
                var it = node.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    int i = Integer.parseInt(e.getKey());
                    if (i < 0 || i >= out.length) throw new IllegalArgumentException(cfg + ": id2label id " + i + " out of range");
                    out[i] = e.getValue().asText();
                }
                return List.of(out);
            } catch (java.io.IOException | NumberFormatException e) {
                throw new IllegalArgumentException(cfg + ": cannot read id2label: " + e.getMessage(), e);
            }
        }
    }
}
