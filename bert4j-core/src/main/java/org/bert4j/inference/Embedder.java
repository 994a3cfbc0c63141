package org.bert4j.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.tokenizer.BertTokenizer;

/**
 * Contextual embeddings (paper §5.3, feature-based BERT; Google's {@code extract_features.py}): the hidden
 * states of selected layers at every real token, or one vector per input pooled from them.
 *
 * <p>Layers are numbered as hidden states: 0 is the embedding output, 1..L the encoder layers, and
 * negative numbers count from the end (-1 = last layer). With several layers and a pooling, the
 * pooled vectors of the layers are concatenated in the order given.
 */
public final class Embedder {
    private static final int BATCH = 32;

    private final BertModel model;
    private final BertTokenizer tokenizer;
    private final int maxLength;
    private final boolean truncate;

    /** How to reduce a sequence to one vector. */
    public enum Pooling {
        /** One vector per token (no pooling). */
        NONE,
        /** The first token's ([CLS]) hidden state. */
        CLS,
        /** The mean over the tokens whose attention mask is 1. */
        MEAN,
        /** BERT's pooler output, tanh(dense(h_[CLS])) of the last layer (layers are ignored); a left-to-right model's reads the last token. */
        POOLER;

        public static Pooling parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown pooling '" + s + "' (none, cls, mean, pooler)");
            }
        }
    }

    /**
     * Per-token embeddings of one input.
     *
     * @param tokens the token strings of the rows (null if the input came as ids)
     * @param layers the requested layer numbers, as given
     * @param values {@code [layers][rows][H]}, one row per position whose attention mask is 1
     */
    public record TokenEmbeddings(String[] tokens, int[] layers, float[][][] values) {}

    /** @param maxLength 0 for the model's {@code max_position_embeddings} */
    public Embedder(BertModel model, BertTokenizer tokenizer, int maxLength, boolean truncate) {
        this.model = model.packForInference();
        this.tokenizer = tokenizer;
        this.maxLength = maxLength > 0 ? maxLength : model.config().maxPositionEmbeddings();
        this.truncate = truncate;
    }

    /** Loads a model folder or file with its tokenizer; {@code hiddenAct} (nullable) overrides the configuration. */
    public static Embedder load(Path modelFolder, String hiddenAct, int maxLength, boolean truncate) {
        BertModel m;
        try (var weights = BertModels.openWeights(modelFolder)) {
            var c = BertModels.config(modelFolder, weights);
            m = BertModel.load(weights, hiddenAct == null ? c : c.withHiddenAct(hiddenAct));
        }
        return new Embedder(m, Models.tokenizer(modelFolder), maxLength, truncate);
    }

    public BertModel model() { return model; }

    public BertTokenizer tokenizer() { return tokenizer; }

    /** Tokenizes a text (and optional pair) with this embedder's length limit. */
    public Inputs encode(String text, String pair) {
        return Inputs.encode(tokenizer, text, pair, maxLength, truncate);
    }

    /** Per-token hidden states of the given layers for each input. */
    public List<TokenEmbeddings> tokenEmbeddings(List<Inputs> inputs, int[] layers) {
        int[] idx = resolve(layers);
        int h = model.config().hiddenSize();
        List<TokenEmbeddings> out = new ArrayList<>();
        forEachBatch(inputs, (chunk, batch, o) -> {
            for (int b = 0; b < batch.batchSize(); b++) {
                int n = batch.length(b), r0 = batch.start(b);
                float[][][] v = new float[idx.length][n][];
                for (int l = 0; l < idx.length; l++) {
                    float[] hs = o.hiddenStates().get(idx[l]);
                    for (int t = 0; t < n; t++) v[l][t] = java.util.Arrays.copyOfRange(hs, (r0 + t) * h, (r0 + t + 1) * h);
                }
                String[] all = chunk.get(b).tokens();
                String[] tokens = null;
                if (all != null) {
                    tokens = new String[n];
                    for (int t = 0; t < n; t++) tokens[t] = all[batch.positions()[r0 + t]];
                }
                out.add(new TokenEmbeddings(tokens, layers.clone(), v));
            }
        });
        return out;
    }

    /** One vector per input: the pooled vectors of the given layers, concatenated. */
    public List<float[]> pooled(List<Inputs> inputs, int[] layers, Pooling pooling) {
        if (pooling == Pooling.NONE) throw new IllegalArgumentException("pooled() needs a pooling; use tokenEmbeddings() for none");
        if (pooling == Pooling.POOLER && model.pooler == null) {
            throw new IllegalArgumentException("this model has no pooler (pooler.dense.*); use cls or mean pooling");
        }
        if (pooling == Pooling.CLS && model.config().isDecoder()) {
            throw new IllegalArgumentException("this is a left-to-right model (is_decoder): its [CLS] has seen only itself, so cls "
                    + "pooling would give every input the same vector; use mean, or pooler (which reads the last token)");
        }
        int[] idx = resolve(layers);
        int h = model.config().hiddenSize();
        List<float[]> out = new ArrayList<>();
        forEachBatch(inputs, (chunk, batch, o) -> {
            for (int b = 0; b < batch.batchSize(); b++) {
                if (pooling == Pooling.POOLER) {
                    out.add(java.util.Arrays.copyOfRange(o.pooled(), b * h, (b + 1) * h));
                    continue;
                }
                int n = batch.length(b), r0 = batch.start(b);
                float[] v = new float[idx.length * h];
                for (int l = 0; l < idx.length; l++) {
                    float[] hs = o.hiddenStates().get(idx[l]);
                    if (n == 0) continue;
                    if (pooling == Pooling.CLS) {
                        System.arraycopy(hs, r0 * h, v, l * h, h);
                    } else {
                        double[] sum = new double[h];
                        for (int t = 0; t < n; t++) for (int j = 0; j < h; j++) sum[j] += hs[(r0 + t) * h + j];
                        for (int j = 0; j < h; j++) v[l * h + j] = (float) (sum[j] / n);
                    }
                }
                out.add(v);
            }
        });
        return out;
    }

    /** Mean-pooled last layer of one text (sentence-transformers' pooling, without normalization). */
    public float[] embed(String text) {
        return pooled(List.of(encode(text, null)), new int[] {-1}, Pooling.MEAN).get(0);
    }

    /** Layer numbers to indices into the hidden states (0 = embeddings .. L). */
    int[] resolve(int[] layers) {
        int count = model.config().numHiddenLayers() + 1;
        int[] idx = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            int l = layers[i] < 0 ? count + layers[i] : layers[i];
            if (l < 0 || l >= count) {
                throw new IllegalArgumentException("layer " + layers[i] + " does not exist: the model has hidden states 0.." + (count - 1)
                        + " (0 = embeddings) or -1..-" + count);
            }
            idx[i] = l;
        }
        return idx;
    }

    private interface BatchBody {
        void run(List<Inputs> chunk, PackedBatch batch, BertModel.Output out);
    }

    private void forEachBatch(List<Inputs> inputs, BatchBody body) {
        for (int from = 0; from < inputs.size(); from += BATCH) {
            List<Inputs> chunk = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
            for (Inputs in : chunk) {
                if (in.length() > model.config().maxPositionEmbeddings()) {
                    throw new IllegalArgumentException("input of " + in.length() + " tokens is longer than max_position_embeddings "
                            + model.config().maxPositionEmbeddings());
                }
            }
            PackedBatch batch = Inputs.pack(chunk);
            body.run(chunk, batch, model.forward(batch, ForwardContext.EVAL));
        }
    }
}
