package org.bert4j.heads;

import java.util.List;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;

/**
 * The token-classification head for named entity recognition (paper §5.3; Hugging Face's
 * {@code BertForTokenClassification}): dropout (the hidden dropout probability) on every token's final
 * hidden state, then {@code classifier} [numLabels, H]. The loss is the mean cross-entropy over the
 * labelled tokens; label {@link #IGNORE} (-100, PyTorch's {@code ignore_index}) marks sub-word
 * continuations and special tokens.
 */
public final class TokenClassificationHead {
    public static final int IGNORE = -100;

    public final Linear classifier; // classifier [numLabels, H]
    public final int numLabels;
    private final float dropout;

    public record Cache(float[] x, float[] dropoutMask) {}

    public record Out(float[] logits, Cache cache) {}

    public TokenClassificationHead(BertConfig config, int numLabels) {
        this.numLabels = numLabels;
        this.dropout = config.hiddenDropoutProb();
        classifier = new Linear("classifier", config.hiddenSize(), numLabels);
    }

    public List<Param> params() {
        return List.of(classifier.weight, classifier.bias);
    }

    public static TokenClassificationHead load(TensorSource source, BertConfig config, int numLabels) {
        TokenClassificationHead h = new TokenClassificationHead(config, numLabels);
        ParamLoader.load(source, h.params(), n -> n.startsWith("classifier."), "the token-classification head");
        return h;
    }

    /** {@code logits[tokens, numLabels]} from {@code hidden[tokens, H]} (dropout in training). */
    public Out forward(Kernels k, ForwardContext ctx, float[] hidden, int tokens) {
        float[] x = hidden.clone();
        float[] mask = Dropout.forward(k, ctx, dropout, x, x.length);
        float[] logits = classifier.forward(k, x, tokens);
        return new Out(logits, ctx.training() ? new Cache(x, mask) : null);
    }

    /** Accumulates the gradients; returns {@code dHidden[tokens, H]}. */
    public float[] backward(Kernels k, float[] dLogits, Cache cache, int tokens) {
        float[] dx = classifier.backward(k, dLogits, cache.x(), tokens);
        Dropout.backward(k, cache.dropoutMask(), dx, dx.length);
        return dx;
    }

    /**
     * Mean cross-entropy over the rows whose label is not {@link #IGNORE}, and (if {@code dLogits} is
     * not null) its gradient; 0 with a zero gradient when no row is labelled.
     */
    public static double loss(float[] logits, int[] labels, int numLabels, float[] dLogits) {
        int rows = labels.length, m = 0;
        for (int y : labels) if (y != IGNORE) m++;
        if (m == 0) return 0;
        double total = 0;
        float[] row = new float[numLabels], d = dLogits == null ? null : new float[numLabels];
        for (int r = 0; r < rows; r++) {
            if (labels[r] == IGNORE) continue;
            System.arraycopy(logits, r * numLabels, row, 0, numLabels);
            total += SoftmaxCrossEntropy.forwardBackward(row, 1, numLabels, new int[] {labels[r]}, d, 1.0 / m);
            if (d != null) System.arraycopy(d, 0, dLogits, r * numLabels, numLabels);
        }
        return total / m;
    }
}
