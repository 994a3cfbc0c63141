package org.bert4j.heads;

import java.util.List;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.PackedBatch;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;

/**
 * The span-prediction head for SQuAD (paper §4.2; Google's {@code create_model} in run_squad.py,
 * Hugging Face's {@code BertForQuestionAnswering}): one dense layer {@code qa_outputs} [2, H] over
 * every token's final hidden state T_i gives a start logit {@code S·T_i} and an end logit
 * {@code E·T_i}. The start (end) probability of token i is the softmax of the start (end) logits over
 * the tokens of its sequence, and the loss is {@code (CE(start) + CE(end)) / 2}, averaged over the
 * batch.
 *
 * <p>The softmax runs over the sequence's real tokens (the packed rows). Padded positions are never
 * computed, which equals Hugging Face's result when its padded logits are masked out; unmasked, as
 * in HF and run_squad.py, the padding adds a small amount of probability mass that the model learns
 * to push down.
 */
public final class SpanHead {
    public final Linear qaOutputs; // qa_outputs [2, H]

    public SpanHead(BertConfig config) {
        qaOutputs = new Linear("qa_outputs", config.hiddenSize(), 2);
    }

    public List<Param> params() {
        return List.of(qaOutputs.weight, qaOutputs.bias);
    }

    public static SpanHead load(TensorSource source, BertConfig config) {
        SpanHead h = new SpanHead(config);
        ParamLoader.load(source, h.params(), n -> n.startsWith("qa_outputs."), "the span (question answering) head");
        return h;
    }

    public static boolean presentIn(TensorSource source) {
        return source.contains("qa_outputs.weight");
    }

    /** {@code logits[tokens, 2]} (column 0 start, column 1 end) from {@code hidden[tokens, H]}. */
    public float[] forward(Kernels k, float[] hidden, int tokens) {
        return qaOutputs.forward(k, hidden, tokens);
    }

    /** Accumulates the gradients; returns {@code dHidden[tokens, H]}. */
    public float[] backward(Kernels k, float[] dLogits, float[] hidden, int tokens) {
        return qaOutputs.backward(k, dLogits, hidden, tokens);
    }

    /** The start logits of sequence {@code b} (one per real token, in position order). */
    public static float[] startLogits(float[] logits, PackedBatch batch, int b) {
        return column(logits, batch, b, 0);
    }

    /** The end logits of sequence {@code b}. */
    public static float[] endLogits(float[] logits, PackedBatch batch, int b) {
        return column(logits, batch, b, 1);
    }

    private static float[] column(float[] logits, PackedBatch batch, int b, int c) {
        int n = batch.length(b), r0 = batch.start(b);
        float[] out = new float[n];
        for (int t = 0; t < n; t++) out[t] = logits[(r0 + t) * 2 + c];
        return out;
    }

    /**
     * The loss {@code mean_b (CE(start_b) + CE(end_b)) / 2} and, if {@code dLogits} is not null, its
     * gradient with respect to {@code logits[tokens, 2]}. {@code startPositions[b]} and
     * {@code endPositions[b]} are token positions of sequence b (0 = [CLS], "no answer here").
     */
    public static double loss(float[] logits, PackedBatch batch, int[] startPositions, int[] endPositions, float[] dLogits) {
        int bs = batch.batchSize();
        if (startPositions.length != bs || endPositions.length != bs) {
            throw new IllegalArgumentException(bs + " sequences but " + startPositions.length + " start and " + endPositions.length + " end positions");
        }
        double total = 0;
        double scale = 0.5 / bs;
        for (int b = 0; b < bs; b++) {
            int n = batch.length(b), r0 = batch.start(b);
            for (int c = 0; c < 2; c++) {
                int pos = c == 0 ? startPositions[b] : endPositions[b];
                int row = batch.row(b, pos);
                if (row < 0) throw new IllegalArgumentException("sequence " + b + ": answer position " + pos + " is not a real token");
                float[] col = column(logits, batch, b, c);
                float[] d = dLogits == null ? null : new float[n];
                total += SoftmaxCrossEntropy.forwardBackward(col, 1, n, new int[] {row - r0}, d, scale);
                if (d != null) for (int t = 0; t < n; t++) dLogits[(r0 + t) * 2 + c] = d[t];
            }
        }
        return total * 0.5 / bs;
    }
}
