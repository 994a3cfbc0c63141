package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The pooler (paper §3, figure 1 "C"): {@code tanh(dense(h_[CLS]))}, the first token's final hidden
 * state through a dense layer and tanh; the input of the next-sentence and classification heads.
 *
 * <p>In a left-to-right model ({@link BertConfig#isDecoder()}) the first token has seen only itself,
 * so the pooler reads the last token of each sequence instead (its final {@code [SEP]}), the one
 * position that has seen the whole input, as GPT's classifier does. Hugging Face's {@code BertPooler}
 * reads the first token whatever {@code is_decoder} says; docs/DECISIONS.md has why bert4j differs.
 */
public final class BertPooler {
    public final Linear dense; // pooler.dense [H, H]
    private final int hidden;
    private final boolean lastToken;

    /** The gathered first- (or last-) token states and the output (tanh's derivative is computed from it). */
    public record Cache(float[] first, float[] pooled) {}

    public record Out(float[] pooled, Cache cache) {}

    public BertPooler(BertConfig config) {
        hidden = config.hiddenSize();
        lastToken = config.isDecoder();
        dense = new Linear("pooler.dense", hidden, hidden);
    }

    public List<Param> params() {
        return List.of(dense.weight, dense.bias);
    }

    /** The packed row the pooler reads for sequence {@code b} (which must not be empty). */
    private int row(PackedBatch batch, int b) {
        return lastToken ? batch.start(b) + batch.length(b) - 1 : batch.start(b);
    }

    /** {@code pooled[batch, H]} from the last hidden states {@code [tokens, H]}; zeros for an empty sequence. */
    public Out forward(Kernels k, float[] last, PackedBatch batch) {
        int bs = batch.batchSize();
        float[] first = new float[bs * hidden]; // [batch, H]
        for (int b = 0; b < bs; b++) {
            if (batch.length(b) > 0) System.arraycopy(last, row(batch, b) * hidden, first, b * hidden, hidden);
        }
        float[] pooled = dense.forward(k, first, bs);
        k.tanh(pooled, 0, pooled.length);
        for (int b = 0; b < bs; b++) {
            if (batch.length(b) == 0) java.util.Arrays.fill(pooled, b * hidden, (b + 1) * hidden, 0f);
        }
        return new Out(pooled, new Cache(first, pooled));
    }

    /** Returns the gradient with respect to the last hidden states {@code [tokens, H]} (non-zero on the pooled rows only). */
    public float[] backward(Kernels k, float[] dPooled, Cache c, PackedBatch batch) {
        int bs = batch.batchSize();
        float[] dPre = new float[dPooled.length];
        k.tanhBackward(c.pooled(), 0, dPooled, 0, dPre, 0, dPre.length);
        for (int b = 0; b < bs; b++) {
            if (batch.length(b) == 0) java.util.Arrays.fill(dPre, b * hidden, (b + 1) * hidden, 0f);
        }
        float[] dFirst = dense.backward(k, dPre, c.first(), bs);
        float[] dLast = new float[batch.tokens() * hidden];
        for (int b = 0; b < bs; b++) {
            if (batch.length(b) > 0) System.arraycopy(dFirst, b * hidden, dLast, row(batch, b) * hidden, hidden);
        }
        return dLast;
    }
}
