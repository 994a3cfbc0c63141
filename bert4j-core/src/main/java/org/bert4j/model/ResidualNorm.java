package org.bert4j.model;

import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.LayerNorm;
import org.bert4j.nn.Linear;
import org.bert4j.tensor.Kernels;

/**
 * The "Add & Norm" step both sub-layers end with: {@code y = LayerNorm(dropout(x W^T + b) + residual)}.
 * {@link BertSelfOutput} and {@link BertOutput} are this with their own weights.
 */
public final class ResidualNorm {
    private final Linear dense;
    private final LayerNorm norm;
    private final float dropout;

    public record Cache(float[] x, float[] dropoutMask, LayerNorm.Cache norm) {}

    public record Out(float[] y, Cache cache) {}

    /** Gradients with respect to the dense layer's input and the residual input. */
    public record Grads(float[] dx, float[] dResidual) {}

    ResidualNorm(Linear dense, LayerNorm norm, float dropout) {
        this.dense = dense;
        this.norm = norm;
        this.dropout = dropout;
    }

    public Out forward(Kernels k, float[] x, float[] residual, int rows, ForwardContext ctx) {
        float[] h = dense.forward(k, x, rows); // [rows, H]
        float[] mask = Dropout.forward(k, ctx, dropout, h, h.length);
        k.addInPlace(h, 0, residual, 0, h.length);
        LayerNorm.Out ln = norm.forward(k, h, rows);
        return new Out(ln.y(), new Cache(x, mask, ln.cache()));
    }

    public Grads backward(Kernels k, float[] dy, Cache c, int rows) {
        float[] dSum = norm.backward(k, dy, c.norm(), rows); // flows to the residual unchanged
        float[] dh = dSum.clone();
        Dropout.backward(k, c.dropoutMask(), dh, dh.length);
        return new Grads(dense.backward(k, dh, c.x(), rows), dSum);
    }
}
