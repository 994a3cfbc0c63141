package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bert4j.nn.ForwardContext;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.Parallel;
import org.junit.jupiter.api.Test;

/**
 * Attention at inference keeps no probabilities: each head's {@code [len, len]} block is computed in a
 * per-thread scratch and multiplied by V at once. It must give exactly (bit for bit) what the training path
 * gives, which keeps them all in one array for backward, on sequences of different lengths (the scratch is
 * reused for a shorter head after a longer one), bidirectional and causal, on one thread and on two.
 */
class InferenceAttentionTest {

    @Test
    void inferencePathEqualsTrainingPathBitForBit() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            int h = f.config.hiddenSize();
            // lengths 9, 3, 0 and 6: a long head first, then shorter ones, and an empty sequence
            int[][] ids = {new int[9], new int[3], new int[0], new int[6]};
            PackedBatch batch = PackedBatch.of(ids, null, null);
            float[] x = LayerGradientTest.random(batch.tokens() * h, 11, 1.0);
            for (BertLayer layer : m.encoder.layers) {
                for (boolean causal : new boolean[] {false, true}) {
                    ForwardContext eval = ForwardContext.EVAL.withCausal(causal);
                    ForwardContext train = LayerGradientTest.TRAIN.withCausal(causal); // the tiny config's dropout is 0
                    for (int threads = 1; threads <= 2; threads++) {
                        BertSelfAttention.Out inf = Parallel.withThreads(threads, () -> layer.attention.forward(k, x, batch, eval));
                        BertSelfAttention.Out tr = Parallel.withThreads(threads, () -> layer.attention.forward(k, x, batch, train));
                        assertNull(inf.cache(), "inference keeps nothing for backward");
                        assertArrayEquals(tr.context(), inf.context(), "causal " + causal + ", " + threads + " thread(s)");
                    }
                }
            }
        }
    }
}
