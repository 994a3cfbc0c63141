package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.LayerNorm;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The attention sub-layer's output (Vaswani et al. §3.1, "Add & Norm"):
 * {@code LayerNorm(dropout(dense(context)) + input)}. Hugging Face's {@code attention.output.*}.
 */
public final class BertSelfOutput {
    public final Linear dense;        // attention.output.dense [H, H]
    public final LayerNorm layerNorm; // attention.output.LayerNorm
    private final ResidualNorm block;

    public BertSelfOutput(BertConfig config, String prefix) {
        int h = config.hiddenSize();
        dense = new Linear(prefix + "attention.output.dense", h, h);
        layerNorm = new LayerNorm(prefix + "attention.output.LayerNorm", h, config.layerNormEps());
        block = new ResidualNorm(dense, layerNorm, config.hiddenDropoutProb());
    }

    public List<Param> params() {
        return List.of(dense.weight, dense.bias, layerNorm.weight, layerNorm.bias);
    }

    /** {@code [tokens, H]}: {@code LayerNorm(dropout(context W^T + b) + input)}. */
    public ResidualNorm.Out forward(Kernels k, float[] context, float[] input, int rows, ForwardContext ctx) {
        return block.forward(k, context, input, rows, ctx);
    }

    /** Returns {@code (dContext, dInput)}. */
    public ResidualNorm.Grads backward(Kernels k, float[] dOut, ResidualNorm.Cache c, int rows) {
        return block.backward(k, dOut, c, rows);
    }
}
