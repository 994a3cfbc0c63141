package org.bert4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;

/**
 * BERT (Devlin et al. 2018): embeddings, L Transformer encoder layers and the pooler. Hugging Face's
 * {@code BertModel}; parameter names are its state-dict keys.
 *
 * <p>Input is a {@link PackedBatch}: only real (attention mask 1) tokens are computed, each sequence
 * attending over its own tokens. Output hidden states are packed {@code [tokens, H]}; {@link
 * Output#padded(int)} spreads them over {@code [batch, seqLen, H]}.
 */
public final class BertModel {
    private final BertConfig config;
    private final Kernels kernels;
    public final BertEmbeddings embeddings;
    public final BertEncoder encoder;
    /** Null for checkpoints without a pooler (e.g. sentence-transformers exports). */
    public final BertPooler pooler;

    /** What backward needs. */
    public record Cache(BertEmbeddings.Cache embeddings, BertEncoder.Out encoder, BertPooler.Cache pooler) {}

    /**
     * @param batch        the input
     * @param hiddenStates {@code [L + 1]} of {@code [tokens, H]}: the embedding output, then each layer's output
     * @param pooled       {@code [batch, H]}, null without pooler
     * @param cache        null in evaluation
     */
    public record Output(PackedBatch batch, List<float[]> hiddenStates, float[] pooled, Cache cache) {
        /** The last layer's hidden states, {@code [tokens, H]}. */
        public float[] lastHiddenState() {
            return hiddenStates.get(hiddenStates.size() - 1);
        }

        /** All hidden states, {@code [L + 1][batch * seqLen * H]}, zeros at masked positions. */
        public float[][] paddedHiddenStates() {
            float[][] out = new float[hiddenStates.size()][];
            for (int i = 0; i < out.length; i++) out[i] = padded(i);
            return out;
        }

        /** Hidden state {@code i} (0 = embeddings) as {@code [batch, seqLen, H]}, zeros at masked positions. */
        public float[] padded(int i) {
            int h = hiddenStates.get(i).length / Math.max(1, batch.tokens());
            return batch.tokens() == 0 ? new float[0] : batch.unpack(hiddenStates.get(i), h);
        }
    }

    public BertModel(BertConfig config, boolean withPooler) {
        this(config, withPooler, KernelsProvider.get());
    }

    public BertModel(BertConfig config, boolean withPooler, Kernels kernels) {
        this.config = config;
        this.kernels = kernels;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = withPooler ? new BertPooler(config) : null;
    }

    public BertConfig config() { return config; }

    public Kernels kernels() { return kernels; }

    /** Every parameter, in state-dict order (embeddings, layers, pooler), named by its Hugging Face key. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>(embeddings.params());
        p.addAll(encoder.params());
        if (pooler != null) p.addAll(pooler.params());
        return Collections.unmodifiableList(p);
    }

    /**
     * Loads weights with canonical names (as {@link org.bert4j.checkpoint.Checkpoints#open} gives
     * them). The pooler is loaded if the checkpoint has one. Fails listing every missing, unexpected
     * and mis-shaped tensor.
     */
    public static BertModel load(TensorSource source, BertConfig config) {
        BertModel m = new BertModel(config, source.contains("pooler.dense.weight") || source.contains("pooler.dense.bias"));
        ParamLoader.load(source, m.params(),
                n -> n.startsWith("embeddings.") || n.startsWith("encoder.") || n.startsWith("pooler."), "the BERT encoder");
        return m;
    }

    private volatile boolean packed;

    /** The dense layers of the encoder and pooler. */
    private List<Linear> linears() {
        List<Linear> l = new ArrayList<>();
        for (BertLayer layer : encoder.layers) {
            l.addAll(List.of(layer.attention.query, layer.attention.key, layer.attention.value,
                    layer.attentionOutput.dense, layer.intermediate.dense, layer.output.dense));
        }
        if (pooler != null) l.add(pooler.dense);
        return l;
    }

    /**
     * Prepacks every dense weight for faster inference (a second copy of the weights). A training
     * forward pass drops the packed copies again; pack anew after changing weights.
     */
    public BertModel packForInference() {
        for (Linear l : linears()) l.pack(kernels);
        packed = true;
        return this;
    }

    /** Drops the packed weight copies (see {@link #packForInference}). */
    public void unpackWeights() {
        for (Linear l : linears()) l.unpack();
        packed = false;
    }

    /** Random initialization as BERT's: normal(0, initializer_range) weights and embeddings, zero biases, LayerNorm 1 and 0. */
    public void initialize(SplittableRandom rng) {
        Init.normal(params(), config.initializerRange(), rng);
    }

    /** Forward pass over a padded batch {@code [batch][seqLen]} (type ids and mask may be null). */
    public Output forward(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {
        return forward(PackedBatch.of(inputIds, tokenTypeIds, attentionMask), ForwardContext.EVAL);
    }

    /** Forward pass; a left-to-right model ({@link BertConfig#isDecoder()}) attends causally whatever {@code ctx} says. */
    public Output forward(PackedBatch batch, ForwardContext ctx) {
        if (ctx.training() && packed) unpackWeights(); // training must see the live weights
        if (config.isDecoder() && !ctx.causal()) ctx = ctx.withCausal(true);
        BertEmbeddings.Out emb = embeddings.forward(kernels, batch, ctx);
        BertEncoder.Out enc = encoder.forward(kernels, emb.hidden(), batch, ctx);
        List<float[]> hidden = new ArrayList<>();
        hidden.add(emb.hidden());
        hidden.addAll(enc.hiddenStates());
        BertPooler.Out pooled = pooler == null ? null : pooler.forward(kernels, hidden.get(hidden.size() - 1), batch);
        Cache cache = ctx.training() ? new Cache(emb.cache(), enc, pooled == null ? null : pooled.cache()) : null;
        return new Output(batch, List.copyOf(hidden), pooled == null ? null : pooled.pooled(), cache);
    }

    /**
     * Backward from the gradients of the last hidden state ({@code [tokens, H]}, nullable) and of the
     * pooled output ({@code [batch, H]}, nullable); accumulates into every parameter's gradient.
     */
    public void backward(Output out, float[] dLastHidden, float[] dPooled) {
        if (out.cache() == null) throw new IllegalStateException("backward needs a forward pass in training mode (ForwardContext.training)");
        PackedBatch batch = out.batch();
        float[] dLast = dLastHidden == null ? null : dLastHidden.clone();
        if (dPooled != null) {
            if (pooler == null) throw new IllegalStateException("this model has no pooler");
            float[] d = pooler.backward(kernels, dPooled, out.cache().pooler(), batch);
            if (dLast == null) dLast = d;
            else kernels.addInPlace(dLast, 0, d, 0, d.length);
        }
        if (dLast == null) return;
        List<float[]> dLayers = new ArrayList<>(Collections.nCopies(encoder.layers.size(), (float[]) null));
        float[] dEmb = dLast;
        if (!encoder.layers.isEmpty()) {
            dLayers.set(encoder.layers.size() - 1, dLast);
            dEmb = encoder.backward(kernels, dLayers, out.cache().encoder(), batch);
        }
        embeddings.backward(kernels, dEmb, out.cache().embeddings(), batch);
    }
}
