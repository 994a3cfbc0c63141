package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.Activation;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/** The first half of the position-wise feed-forward network: {@code act(x W^T + b)}, H to the intermediate size. */
public final class BertIntermediate {
    public final Linear dense; // intermediate.dense [intermediate, H]
    private final Activation act;

    /** The input and the pre-activation, for backward. */
    public record Cache(float[] x, float[] preAct) {}

    public record Out(float[] y, Cache cache) {}

    public BertIntermediate(BertConfig config, String prefix) {
        dense = new Linear(prefix + "intermediate.dense", config.hiddenSize(), config.intermediateSize());
        act = config.activation();
    }

    public List<Param> params() {
        return List.of(dense.weight, dense.bias);
    }

    /** {@code [rows, intermediate]}. */
    public Out forward(Kernels k, float[] x, int rows, boolean keepCache) {
        float[] pre = dense.forward(k, x, rows);
        float[] y = keepCache ? pre.clone() : pre;
        act.forward(k, y, 0, y.length);
        return new Out(y, keepCache ? new Cache(x, pre) : null);
    }

    /** Returns {@code dx[rows, H]}. */
    public float[] backward(Kernels k, float[] dy, Cache c, int rows) {
        float[] dPre = new float[dy.length];
        act.backward(k, c.preAct(), dy, dPre, dy.length);
        return dense.backward(k, dPre, c.x(), rows);
    }
}
