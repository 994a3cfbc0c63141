package org.bert4j.heads;

import java.util.List;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.Activation;
import org.bert4j.nn.LayerNorm;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The masked language model head (paper §3.1, Task #1; Google's {@code get_masked_lm_output}):
 * {@code logits = LayerNorm(act(h W_t^T + b_t)) E^T + b}. The output weights are the input word
 * embeddings E (tied, so their gradient flows into the same {@link Param}); there is an output-only
 * bias {@code cls.predictions.bias} for each token.
 */
public final class MaskedLmHead {
    public final Linear transform;     // cls.predictions.transform.dense [H, H]
    public final LayerNorm layerNorm;  // cls.predictions.transform.LayerNorm
    public final Param decoder;        // embeddings.word_embeddings.weight [vocab, H], shared with the model
    public final Param bias;           // cls.predictions.bias [vocab]
    private final Activation act;
    private final int hidden, vocab;

    /** What backward needs. */
    public record Cache(float[] x, float[] preAct, LayerNorm.Cache norm, float[] transformed) {}

    public record Out(float[] logits, Cache cache) {}

    public MaskedLmHead(BertConfig config, Param wordEmbeddings) {
        hidden = config.hiddenSize();
        vocab = config.vocabSize();
        act = config.activation();
        transform = new Linear("cls.predictions.transform.dense", hidden, hidden);
        layerNorm = new LayerNorm("cls.predictions.transform.LayerNorm", hidden, config.layerNormEps());
        decoder = wordEmbeddings;
        bias = Param.zeros("cls.predictions.bias", vocab);
    }

    /** The head's own parameters (the tied decoder belongs to the embeddings). */
    public List<Param> params() {
        return List.of(transform.weight, transform.bias, layerNorm.weight, layerNorm.bias, bias);
    }

    /** Loads {@code cls.predictions.*} for {@code model}, tied to its word embeddings. */
    public static MaskedLmHead load(TensorSource source, BertModel model) {
        MaskedLmHead h = new MaskedLmHead(model.config(), model.embeddings.wordEmbeddings);
        ParamLoader.load(source, h.params(), n -> n.startsWith("cls.predictions.") && !n.startsWith("cls.predictions.decoder."),
                "the masked-LM head");
        return h;
    }

    /** True if {@code source} holds an MLM head. */
    public static boolean presentIn(TensorSource source) {
        return source.contains("cls.predictions.transform.dense.weight");
    }

    /**
     * {@code logits[rows.length, vocab]} for the given rows of {@code hidden[tokens, H]} (only the
     * positions that are predicted are computed).
     */
    public Out forward(Kernels k, float[] hidden, int[] rows, boolean keepCache) {
        int m = rows.length;
        float[] x = new float[m * this.hidden]; // [m, H]
        for (int i = 0; i < m; i++) System.arraycopy(hidden, rows[i] * this.hidden, x, i * this.hidden, this.hidden);
        float[] pre = transform.forward(k, x, m);
        float[] a = pre.clone();
        act.forward(k, a, 0, a.length);
        LayerNorm.Out t = layerNorm.forward(k, a, m);
        float[] logits = new float[m * vocab]; // [m, vocab]
        k.matmulTransB(t.y(), 0, decoder.value(), 0, logits, 0, m, vocab, this.hidden, bias.value(), false);
        return new Out(logits, keepCache ? new Cache(x, pre, t.cache(), t.y()) : null);
    }

    /**
     * Accumulates the head's gradients and the tied decoder's (into the word embeddings' gradient);
     * returns the gradient with respect to {@code hidden}, {@code [tokens, H]} (zero outside {@code rows}).
     */
    public float[] backward(Kernels k, float[] dLogits, Cache c, int[] rows, int tokens) {
        int m = rows.length;
        k.matmulTransA(dLogits, 0, c.transformed(), 0, decoder.grad(), 0, vocab, hidden, m, true); // dE += dLogits^T t
        k.sumRows(dLogits, 0, m, vocab, bias.grad(), 0, true);
        float[] dt = new float[m * hidden];
        k.matmul(dLogits, 0, decoder.value(), 0, dt, 0, m, hidden, vocab, false);                 // dt = dLogits E
        float[] da = layerNorm.backward(k, dt, c.norm(), m);
        act.backward(k, c.preAct(), da, da, da.length);
        float[] dx = transform.backward(k, da, c.x(), m);
        float[] dHidden = new float[tokens * hidden];
        for (int i = 0; i < m; i++) k.addInPlace(dHidden, rows[i] * hidden, dx, i * hidden, hidden);
        return dHidden;
    }
}
