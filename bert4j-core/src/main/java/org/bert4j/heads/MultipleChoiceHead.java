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
 * The multiple-choice head for SWAG (paper §4.4; Hugging Face's {@code BertForMultipleChoice}): the
 * {@code [batch, choices, T]} input is flattened to {@code [batch * choices, T]} sequences, each
 * choice's pooled output C goes through dropout and {@code classifier} [1, H] to one score
 * {@code V·C}, and the scores of an example's choices are normalized with a softmax; the loss is the
 * cross-entropy against the correct choice, averaged over the batch.
 */
public final class MultipleChoiceHead {
    public final Linear classifier; // classifier [1, H]
    private final float dropout;

    public record Cache(float[] x, float[] dropoutMask) {}

    /** @param logits {@code [batch, choices]} */
    public record Out(float[] logits, Cache cache) {}

    public MultipleChoiceHead(BertConfig config) {
        this.dropout = config.hiddenDropoutProb();
        classifier = new Linear("classifier", config.hiddenSize(), 1);
    }

    public List<Param> params() {
        return List.of(classifier.weight, classifier.bias);
    }

    public static MultipleChoiceHead load(TensorSource source, BertConfig config) {
        MultipleChoiceHead h = new MultipleChoiceHead(config);
        ParamLoader.load(source, h.params(), n -> n.startsWith("classifier."), "the multiple-choice head");
        return h;
    }

    /**
     * Scores from the pooled outputs {@code pooled[batch * choices, H]} (choice-major within each
     * example, as the flattened input): {@code logits[batch, choices]} (the same memory layout as
     * {@code [batch * choices, 1]}).
     */
    public Out forward(Kernels k, ForwardContext ctx, float[] pooled, int sequences) {
        float[] x = pooled.clone();
        float[] mask = Dropout.forward(k, ctx, dropout, x, x.length);
        float[] logits = classifier.forward(k, x, sequences);
        return new Out(logits, ctx.training() ? new Cache(x, mask) : null);
    }

    /** Accumulates the gradients; returns {@code dPooled[batch * choices, H]}. */
    public float[] backward(Kernels k, float[] dLogits, Cache cache, int sequences) {
        float[] dx = classifier.backward(k, dLogits, cache.x(), sequences);
        Dropout.backward(k, cache.dropoutMask(), dx, dx.length);
        return dx;
    }

    /** Mean cross-entropy of {@code logits[batch, choices]} against {@code labels[batch]}, and its gradient if {@code dLogits} is not null. */
    public static double loss(float[] logits, int choices, int[] labels, float[] dLogits) {
        int bs = labels.length;
        if (logits.length != bs * choices) throw new IllegalArgumentException(logits.length + " scores for " + bs + " examples of " + choices + " choices");
        return SoftmaxCrossEntropy.forwardBackward(logits, bs, choices, labels, dLogits, 1.0 / bs) / bs;
    }
}
