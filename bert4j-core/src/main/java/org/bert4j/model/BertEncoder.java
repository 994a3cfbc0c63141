package org.bert4j.model;

import java.util.ArrayList;
import java.util.List;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/** The stack of L Transformer layers. */
public final class BertEncoder {
    public final List<BertLayer> layers;

    /** The hidden states after each layer ({@code [L]} of {@code [tokens, H]}) and the layers' caches (null in evaluation). */
    public record Out(List<float[]> hiddenStates, List<BertLayer.Cache> caches) {}

    public BertEncoder(BertConfig config) {
        List<BertLayer> l = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) l.add(new BertLayer(config, i));
        layers = List.copyOf(l);
    }

    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (BertLayer l : layers) p.addAll(l.params());
        return p;
    }

    public Out forward(Kernels k, float[] x, PackedBatch batch, ForwardContext ctx) {
        List<float[]> hidden = new ArrayList<>();
        List<BertLayer.Cache> caches = new ArrayList<>();
        for (BertLayer layer : layers) {
            BertLayer.Out o = layer.forward(k, x, batch, ctx);
            hidden.add(o.hidden());
            caches.add(o.cache());
            x = o.hidden();
        }
        return new Out(hidden, caches);
    }

    /**
     * Backward through all layers, last first. {@code dHidden.get(i)} (nullable) is the gradient
     * arriving at layer i's output from outside the encoder (e.g. a head on the last layer).
     * Returns the gradient with respect to the encoder input.
     */
    public float[] backward(Kernels k, List<float[]> dHidden, Out out, PackedBatch batch) {
        float[] d = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            float[] outside = dHidden.get(i);
            if (outside != null) {
                if (d == null) d = outside.clone();
                else k.addInPlace(d, 0, outside, 0, d.length);
            }
            if (d == null) continue; // nothing depends on this layer's output
            d = layers.get(i).backward(k, d, out.caches().get(i), batch);
        }
        return d;
    }
}
