package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bert4j.nn.ForwardContext;
import org.bert4j.tensor.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The causal (left-to-right) attention of the LTR ablation: a position sees only itself and the
 * positions before it, so its output is the output of the prefix ending there; backward matches
 * finite differences.
 */
class CausalAttentionTest {
    static final ForwardContext CAUSAL_EVAL = ForwardContext.EVAL.withCausal(true);

    @Test
    void attentionAtEachPositionEqualsBidirectionalAttentionOverItsPrefix() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            BertSelfAttention a = m.encoder.layers.get(0).attention;
            int n = 7, h = f.config.hiddenSize();
            float[] x = LayerGradientTest.random(n * h, 5, 1.0);
            float[] causal = a.forward(k, x, PackedBatch.of(new int[1][n], null, null), CAUSAL_EVAL).context();
            float[] bidi = a.forward(k, x, PackedBatch.of(new int[1][n], null, null), ForwardContext.EVAL).context();
            double worst = 0;
            for (int t = 0; t < n; t++) {
                float[] prefix = a.forward(k, Arrays.copyOf(x, (t + 1) * h), PackedBatch.of(new int[1][t + 1], null, null),
                        ForwardContext.EVAL).context();
                for (int j = 0; j < h; j++) worst = Math.max(worst, Math.abs(prefix[t * h + j] - causal[t * h + j]));
            }
            System.out.printf("causal attention vs bidirectional attention over the prefix: max abs diff %.3g%n", worst);
            assertTrue(worst < 1e-6, "causal attention differs from attention over the prefix by " + worst);
            assertFalse(Arrays.equals(Arrays.copyOf(causal, h), Arrays.copyOf(bidi, h)), "position 0 must not see later tokens");
        }
    }

    @Test
    void laterTokensDoNotChangeEarlierOutputsOfTheCausalModel() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            int[][] ids = {f.inputIds[0].clone()}, types = {f.tokenTypeIds[0]};
            int h = f.config.hiddenSize(), n = ids[0].length;
            float[] before = m.forward(PackedBatch.of(ids, types, null), CAUSAL_EVAL).lastHiddenState();
            ids[0][n - 2] = 50;
            float[] after = m.forward(PackedBatch.of(ids, types, null), CAUSAL_EVAL).lastHiddenState();
            float[] afterBidi = m.forward(PackedBatch.of(ids, types, null), ForwardContext.EVAL).lastHiddenState();
            float[] beforeBidi = m.forward(PackedBatch.of(new int[][] {f.inputIds[0]}, types, null), ForwardContext.EVAL).lastHiddenState();
            int keep = (n - 2) * h;
            assertTrue(Arrays.equals(Arrays.copyOf(before, keep), Arrays.copyOf(after, keep)), "positions before the change moved");
            assertFalse(Arrays.equals(Arrays.copyOfRange(before, keep, n * h), Arrays.copyOfRange(after, keep, n * h)));
            assertFalse(Arrays.equals(Arrays.copyOf(beforeBidi, h), Arrays.copyOf(afterBidi, h)), "bidirectional [CLS] sees the change");
        }
    }

    @Test
    void causalSelfAttentionBackwardMatchesFiniteDifferences() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            PackedBatch b = f.batch();
            BertSelfAttention a = m.encoder.layers.get(1).attention;
            float[] x = LayerGradientTest.random(b.tokens() * 36, 2, 1.0), w = GradCheck.weights(x.length, 3);
            LayerGradientTest.zero(a.params());
            BertSelfAttention.Out out = a.forward(k, x, b, LayerGradientTest.TRAIN.withCausal(true));
            float[] dx = a.backward(k, w.clone(), out.cache(), b);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, a.forward(k, x, b, CAUSAL_EVAL).context());
            GradCheck.check("dx", x, dx, loss, 80, 4);
            LayerGradientTest.checkParams(a.params(), loss);
        }
    }
}
