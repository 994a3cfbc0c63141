package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bert4j.nn.ForwardContext;
import org.bert4j.tensor.Kernels;
import org.junit.jupiter.api.Test;

/**
 * A left-to-right model ({@code is_decoder}, the paper's "LTR &amp; No NSP" ablation) keeps its causal
 * attention in every forward pass, whatever the caller's context says, and its pooler reads each
 * sequence's last token (the tiny fixture's weights, sequences of 7, 5 and 3 tokens).
 */
class DecoderModelTest {
    /** The fixture's weights as BERT and as a left-to-right model. */
    private record Models(BertModel bidirectional, BertModel decoder) {
        static Models of(TinyFixture f) {
            return new Models(BertModel.load(f.weights, f.config), BertModel.load(f.weights, f.config.withDecoder(true)));
        }
    }

    @Test
    void aDecoderAttendsCausallyInEveryForwardPass() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            Models m = Models.of(f);
            PackedBatch b = f.batch();
            float[] causal = m.bidirectional().forward(b, ForwardContext.EVAL.withCausal(true)).lastHiddenState();
            float[] dec = m.decoder().forward(b, ForwardContext.EVAL).lastHiddenState(); // the caller asks for bidirectional
            assertArrayEquals(causal, dec, "is_decoder forces the causal mask");
            assertFalse(Arrays.equals(dec, m.bidirectional().forward(b, ForwardContext.EVAL).lastHiddenState()),
                    "and it is not what the bidirectional model computes");
            // training forward too (the fixture's dropout is 0): same states as evaluation
            assertArrayEquals(dec, m.decoder().forward(b, ForwardContext.training(7)).lastHiddenState());

            // causal: a sequence's first tokens do not see what follows them
            int[][] ids = {Arrays.copyOf(f.inputIds[0], 7)}, shorter = {Arrays.copyOf(f.inputIds[0], 4)};
            float[] full = m.decoder().forward(ids, null, null).lastHiddenState();
            float[] prefix = m.decoder().forward(shorter, null, null).lastHiddenState();
            for (int i = 0; i < prefix.length; i++) assertEquals(prefix[i], full[i], 1e-5, "prefix state " + i);
            float[] fullBi = m.bidirectional().forward(ids, null, null).lastHiddenState();
            float[] prefixBi = m.bidirectional().forward(shorter, null, null).lastHiddenState();
            double d = 0;
            for (int i = 0; i < prefixBi.length; i++) d = Math.max(d, Math.abs(prefixBi[i] - fullBi[i]));
            assertTrue(d > 1e-3, "the bidirectional model's prefix states do change: " + d);
        }
    }

    @Test
    void aDecodersPoolerReadsTheLastTokenAndItsGradientIsRight() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            Models m = Models.of(f);
            Kernels k = m.decoder().kernels();
            PackedBatch b = f.batch();
            int h = f.config.hiddenSize();
            float[] x = LayerGradientTest.random(b.tokens() * h, 31, 1.0);
            // the same states with each sequence's last token copied to its first position
            float[] lastFirst = x.clone();
            for (int s = 0; s < b.batchSize(); s++) {
                System.arraycopy(x, (b.start(s) + b.length(s) - 1) * h, lastFirst, b.start(s) * h, h);
            }
            assertArrayEquals(m.bidirectional().pooler.forward(k, lastFirst, b).pooled(), m.decoder().pooler.forward(k, x, b).pooled());
            assertFalse(Arrays.equals(m.bidirectional().pooler.forward(k, x, b).pooled(), m.decoder().pooler.forward(k, x, b).pooled()));

            BertPooler pooler = m.decoder().pooler;
            float[] w = GradCheck.weights(b.batchSize() * h, 32);
            LayerGradientTest.zero(pooler.params());
            float[] dx = pooler.backward(k, w.clone(), pooler.forward(k, x, b).cache(), b);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, pooler.forward(k, x, b).pooled());
            GradCheck.check("decoder pooler dx", x, dx, loss, 120, 33);
            LayerGradientTest.checkParams(pooler.params(), loss);
            for (int s = 0; s < b.batchSize(); s++) {
                int first = b.start(s) * h;
                for (int j = 0; j < h; j++) assertEquals(0f, dx[first + j], "no gradient reaches the first token of sequence " + s);
            }
        }
    }
}
