package org.bert4j.model;

/**
 * Matrix-product floating-point operations of the encoder, the figure GFLOP/s numbers are stated in.
 * Per layer and sequence of {@code T} tokens: {@code 2 T (4 H^2 + 2 H I)} for the six dense layers
 * (Q, K, V, attention output, intermediate, output) plus {@code 4 T^2 H} for attention (scores and
 * the value product). Embeddings, softmax, LayerNorm, GELU and the heads are not counted. A training
 * step counts three times the forward products (forward, data gradients, weight gradients).
 */
public final class Flops {
    private Flops() {}

    /** Forward matmul FLOPs of the encoder over {@code batch} sequences of {@code seqLen} tokens. */
    public static double encoderForward(BertConfig c, int batch, int seqLen) {
        double h = c.hiddenSize(), i = c.intermediateSize(), t = seqLen;
        double perLayer = 2 * t * (4 * h * h + 2 * h * i) + 4 * t * t * h;
        return perLayer * c.numHiddenLayers() * batch;
    }

    /** Forward plus backward: {@code 3 x} {@link #encoderForward}. */
    public static double encoderTrainStep(BertConfig c, int batch, int seqLen) {
        return 3 * encoderForward(c, batch, seqLen);
    }
}
