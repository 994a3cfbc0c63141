package org.bert4j.heads;

import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.Init;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The sentence(-pair) classification head of paper §4.1: "the only new parameters introduced during
 * fine-tuning are classification layer weights W ∈ R^{K×H}", {@code logits = dropout(C) W^T + b} on the
 * pooled {@code [CLS]} representation C. Hugging Face's {@code BertForSequenceClassification} head
 * ({@code self.dropout}, {@code self.classifier}); google-research/bert {@code run_classifier.py}
 * {@code create_model} ({@code output_weights}/{@code output_bias}, dropout 0.1 in training).
 * With {@code numLabels == 1} the single output is a regression score (STS-B).
 *
 * <p>The head is a layer: it knows nothing of losses or tasks ({@code ClassifierModel} in
 * {@code org.bert4j.tasks.classification} adds the encoder and the loss).
 */
public final class SequenceClassificationHead {
    /** The checkpoint prefix: {@code classifier.weight [numLabels, H]}, {@code classifier.bias [numLabels]}. */
    public static final String PREFIX = "classifier";

    public final Linear classifier;
    private final float dropoutProb;

    /** What {@link #backward} needs: the (dropped-out) input and the dropout mask (null when nothing was dropped). */
    public record Cache(float[] input, float[] mask) {}

    /** {@code logits[batch, numLabels]} and the cache (null in evaluation). */
    public record Out(float[] logits, Cache cache) {}

    /**
     * @param hiddenSize  H
     * @param numLabels   K (1 for regression)
     * @param dropoutProb dropout on the pooled output in training (HF {@code classifier_dropout}, else {@code hidden_dropout_prob})
     */
    public SequenceClassificationHead(int hiddenSize, int numLabels, float dropoutProb) {
        if (numLabels <= 0) throw new IllegalArgumentException("numLabels must be positive, got " + numLabels);
        this.classifier = new Linear(PREFIX, hiddenSize, numLabels);
        this.dropoutProb = dropoutProb;
    }

    public SequenceClassificationHead(BertConfig config, int numLabels) {
        this(config.hiddenSize(), numLabels, config.hiddenDropoutProb());
    }

    public int numLabels() { return classifier.out; }

    public float dropoutProb() { return dropoutProb; }

    public List<Param> params() {
        return List.of(classifier.weight, classifier.bias);
    }

    /** A new head as HF's {@code _init_weights}: weight from normal(0, {@code std}) (truncated at 2 std, see {@link Init}), bias 0. */
    public void initialize(float std, SplittableRandom rng) {
        Init.normal(params(), std, rng);
    }

    /** Whether {@code source} holds a classifier head (of any shape). */
    public static boolean presentIn(TensorSource source) {
        return source.contains(PREFIX + ".weight");
    }

    /** The number of labels of the head stored in {@code source} (the rows of {@code classifier.weight}). */
    public static int numLabelsIn(TensorSource source) {
        return (int) source.get(PREFIX + ".weight").shape()[0];
    }

    /** Loads {@code classifier.*}; fails listing missing or mis-shaped tensors. */
    public static SequenceClassificationHead load(TensorSource source, BertConfig config, int numLabels) {
        SequenceClassificationHead h = new SequenceClassificationHead(config, numLabels);
        ParamLoader.load(source, h.params(), n -> n.startsWith(PREFIX + "."), "the classification head");
        return h;
    }

    /** {@code logits[batch, K]} from {@code pooled[batch, H]}; dropout on a copy of the input in training. */
    public Out forward(Kernels k, float[] pooled, int batch, ForwardContext ctx) {
        int n = batch * classifier.in;
        float[] x = pooled;
        float[] mask = null;
        if (ctx.training() && dropoutProb > 0f) {
            x = java.util.Arrays.copyOf(pooled, n);
            mask = Dropout.forward(k, ctx, dropoutProb, x, n);
        }
        float[] logits = classifier.forward(k, x, batch);
        return new Out(logits, ctx.training() ? new Cache(x, mask) : null);
    }

    /** Accumulates the classifier's gradients; returns {@code dPooled[batch, H]}. */
    public float[] backward(Kernels k, float[] dLogits, Cache cache, int batch) {
        if (cache == null) throw new IllegalStateException("backward needs a forward pass in training mode");
        float[] dx = classifier.backward(k, dLogits, cache.input(), batch);
        Dropout.backward(k, cache.mask(), dx, batch * classifier.in);
        return dx;
    }
}
