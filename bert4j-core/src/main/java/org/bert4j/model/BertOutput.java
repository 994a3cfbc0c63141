package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.LayerNorm;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The feed-forward sub-layer's output: {@code LayerNorm(dropout(dense(intermediate)) + attentionOutput)},
 * projecting the intermediate size back to H. Hugging Face's {@code output.*} of each layer.
 */
public final class BertOutput {
    public final Linear dense;        // output.dense [H, intermediate]
    public final LayerNorm layerNorm; // output.LayerNorm
    private final ResidualNorm block;

    public BertOutput(BertConfig config, String prefix) {
        int h = config.hiddenSize();
        dense = new Linear(prefix + "output.dense", config.intermediateSize(), h);
        layerNorm = new LayerNorm(prefix + "output.LayerNorm", h, config.layerNormEps());
        block = new ResidualNorm(dense, layerNorm, config.hiddenDropoutProb());
    }

    public List<Param> params() {
        return List.of(dense.weight, dense.bias, layerNorm.weight, layerNorm.bias);
    }

    public ResidualNorm.Out forward(Kernels k, float[] intermediate, float[] input, int rows, ForwardContext ctx) {
        return block.forward(k, intermediate, input, rows, ctx);
    }

    /** Returns {@code (dIntermediate, dInput)}. */
    public ResidualNorm.Grads backward(Kernels k, float[] dOut, ResidualNorm.Cache c, int rows) {
        return block.backward(k, dOut, c, rows);
    }
}
