package org.bert4j.model;

import java.util.ArrayList;
import java.util.List;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * One Transformer encoder layer (Vaswani et al. §3.1), post-norm as in BERT:
 * <pre>
 *   a = LayerNorm(x + dropout(SelfAttention(x) W_o))        attention + attention.output
 *   y = LayerNorm(a + dropout(act(a W_1) W_2))               intermediate + output
 * </pre>
 */
public final class BertLayer {
    public final BertSelfAttention attention;
    public final BertSelfOutput attentionOutput;
    public final BertIntermediate intermediate;
    public final BertOutput output;

    public record Cache(BertSelfAttention.Cache attention, ResidualNorm.Cache attentionOutput,
                        BertIntermediate.Cache intermediate, ResidualNorm.Cache output) {}

    public record Out(float[] hidden, Cache cache) {}

    /** Layer {@code index}; its parameters are named {@code encoder.layer.<index>.*}. */
    public BertLayer(BertConfig config, int index) {
        String prefix = "encoder.layer." + index + ".";
        attention = new BertSelfAttention(config, prefix);
        attentionOutput = new BertSelfOutput(config, prefix);
        intermediate = new BertIntermediate(config, prefix);
        output = new BertOutput(config, prefix);
    }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(attention.params());
        p.addAll(attentionOutput.params());
        p.addAll(intermediate.params());
        p.addAll(output.params());
        return p;
    }

    /** {@code [tokens, H] -> [tokens, H]}; the cache is null in evaluation. */
    public Out forward(Kernels k, float[] x, PackedBatch batch, ForwardContext ctx) {
        int n = batch.tokens();
        BertSelfAttention.Out att = attention.forward(k, x, batch, ctx);
        ResidualNorm.Out a = attentionOutput.forward(k, att.context(), x, n, ctx);
        BertIntermediate.Out inter = intermediate.forward(k, a.y(), n, ctx.training());
        ResidualNorm.Out y = output.forward(k, inter.y(), a.y(), n, ctx);
        return new Out(y.y(), ctx.training() ? new Cache(att.cache(), a.cache(), inter.cache(), y.cache()) : null);
    }

    /** Returns {@code dx[tokens, H]}; accumulates every parameter gradient of the layer. */
    public float[] backward(Kernels k, float[] dOut, Cache c, PackedBatch batch) {
        int n = batch.tokens();
        ResidualNorm.Grads dy = output.backward(k, dOut, c.output(), n);
        float[] da = intermediate.backward(k, dy.dx(), c.intermediate(), n);
        k.addInPlace(da, 0, dy.dResidual(), 0, da.length);
        ResidualNorm.Grads dAtt = attentionOutput.backward(k, da, c.attentionOutput(), n);
        float[] dx = attention.backward(k, dAtt.dx(), c.attention(), batch);
        k.addInPlace(dx, 0, dAtt.dResidual(), 0, dx.length);
        return dx;
    }
}
