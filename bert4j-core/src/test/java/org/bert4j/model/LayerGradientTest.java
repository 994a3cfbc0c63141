package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.heads.MaskedLmHead;
import org.bert4j.heads.NextSentenceHead;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer's backward against central finite differences, on the tiny odd-shaped config (H 36, 4
 * heads of 9, intermediate 37) with the fixture's weights and a batch of 3 sequences of lengths 7, 5, 3.
 * Each test loss is {@code sum(w * output)} for a random {@code w}; see {@link GradCheck} for the tolerance.
 */
class LayerGradientTest {
    static final ForwardContext TRAIN = ForwardContext.training(1); // config dropout is 0: only caches are kept
    static final int SAMPLES = 40;

    static float[] random(int n, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * std);
        return x;
    }

    static void zero(Iterable<Param> ps) {
        for (Param p : ps) p.zeroGrad();
    }

    static void checkParams(Iterable<Param> params, java.util.function.DoubleSupplier loss) {
        int i = 0;
        for (Param p : params) GradCheck.check(p.name(), p.value(), p.grad(), loss, SAMPLES, 100 + i++);
    }

    @Test
    void embeddingsWithSparseWordGradient() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            PackedBatch b = f.batch();
            BertEmbeddings e = m.embeddings;
            float[] w = GradCheck.weights(b.tokens() * 36, 1);
            zero(e.params());
            BertEmbeddings.Out out = e.forward(k, b, TRAIN);
            e.backward(k, w.clone(), out.cache(), b);
            // only the rows of ids in the batch have a word gradient
            boolean[] used = new boolean[99];
            for (int id : b.inputIds()) used[id] = true;
            float[] dWord = e.wordEmbeddings.grad();
            for (int id = 0; id < 99; id++) {
                boolean nonZero = false;
                for (int j = 0; j < 36; j++) nonZero |= dWord[id * 36 + j] != 0f;
                assertEquals(used[id], nonZero, "word row " + id);
            }
            checkParams(e.params(), () -> GradCheck.dot(w, e.forward(k, b, ForwardContext.EVAL).hidden()));
        }
    }

    @Test
    void selfAttention() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            PackedBatch b = f.batch();
            BertSelfAttention a = m.encoder.layers.get(1).attention;
            float[] x = random(b.tokens() * 36, 2, 1.0), w = GradCheck.weights(x.length, 3);
            zero(a.params());
            BertSelfAttention.Out out = a.forward(k, x, b, TRAIN);
            float[] dx = a.backward(k, w.clone(), out.cache(), b);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, a.forward(k, x, b, ForwardContext.EVAL).context());
            GradCheck.check("dx", x, dx, loss, 80, 4);
            checkParams(a.params(), loss);
        }
    }

    @Test
    void attentionOfOneSequenceIgnoresTheOthers() {
        // packing: each sequence attends only within itself, so changing sequence 0 leaves 1 and 2 unchanged
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            BertModel.Output a = m.forward(f.inputIds, f.tokenTypeIds, f.attentionMask);
            int[][] ids = Arrays.stream(f.inputIds).map(int[]::clone).toArray(int[][]::new);
            ids[0][3] = 50;
            BertModel.Output b = m.forward(ids, f.tokenTypeIds, f.attentionMask);
            PackedBatch p = f.batch();
            float[] la = a.lastHiddenState(), lb = b.lastHiddenState();
            assertArrayEquals(Arrays.copyOfRange(la, p.start(1) * 36, la.length), Arrays.copyOfRange(lb, p.start(1) * 36, lb.length));
            assertFalse(Arrays.equals(Arrays.copyOfRange(la, 0, 36), Arrays.copyOfRange(lb, 0, 36)));
        }
    }

    @Test
    void selfOutputAndOutput() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            int n = f.batch().tokens();
            BertSelfOutput so = m.encoder.layers.get(0).attentionOutput;
            float[] ctx = random(n * 36, 5, 1.0), res = random(n * 36, 6, 1.0), w = GradCheck.weights(n * 36, 7);
            zero(so.params());
            ResidualNorm.Grads g = so.backward(k, w.clone(), so.forward(k, ctx, res, n, TRAIN).cache(), n);
            java.util.function.DoubleSupplier l1 = () -> GradCheck.dot(w, so.forward(k, ctx, res, n, ForwardContext.EVAL).y());
            GradCheck.check("dContext", ctx, g.dx(), l1, SAMPLES, 8);
            GradCheck.check("dResidual", res, g.dResidual(), l1, SAMPLES, 9);
            checkParams(so.params(), l1);

            BertOutput o = m.encoder.layers.get(2).output;
            float[] inter = random(n * 37, 10, 1.0);
            zero(o.params());
            ResidualNorm.Grads g2 = o.backward(k, w.clone(), o.forward(k, inter, res, n, TRAIN).cache(), n);
            java.util.function.DoubleSupplier l2 = () -> GradCheck.dot(w, o.forward(k, inter, res, n, ForwardContext.EVAL).y());
            GradCheck.check("dIntermediate", inter, g2.dx(), l2, SAMPLES, 11);
            GradCheck.check("dResidual", res, g2.dResidual(), l2, SAMPLES, 12);
            checkParams(o.params(), l2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh", "relu"})
    void intermediateForEachActivation(String act) {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertModel m = BertModel.load(f.weights, f.config.withHiddenAct(act));
            Kernels k = m.kernels();
            int n = f.batch().tokens();
            BertIntermediate im = m.encoder.layers.get(0).intermediate;
            float[] x = random(n * 36, 13, 1.0), w = GradCheck.weights(n * 37, 14);
            if (act.equals("relu")) {
                // finite differences are meaningless across the kink: redraw input rows with a pre-activation near 0
                SplittableRandom r = new SplittableRandom(99);
                for (int row = 0; row < n; row++) {
                    while (minAbsPre(im, k, x, row) < 0.02f) for (int j = 0; j < 36; j++) x[row * 36 + j] = (float) r.nextGaussian();
                }
            }
            zero(im.params());
            float[] dx = im.backward(k, w.clone(), im.forward(k, x, n, true).cache(), n);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, im.forward(k, x, n, false).y());
            float eps = act.equals("relu") ? 1e-3f : GradCheck.EPS;
            GradCheck.check(act + " dx", x, dx, loss, SAMPLES, 15, eps);
            GradCheck.check(act + " weight", im.dense.weight.value(), im.dense.weight.grad(), loss, SAMPLES, 16, eps);
            GradCheck.check(act + " bias", im.dense.bias.value(), im.dense.bias.grad(), loss, SAMPLES, 17, eps);
        }
    }

    static float minAbsPre(BertIntermediate im, Kernels k, float[] x, int row) {
        float[] pre = im.forward(k, Arrays.copyOfRange(x, row * 36, row * 36 + 36), 1, true).cache().preAct();
        float m = Float.MAX_VALUE;
        for (float v : pre) m = Math.min(m, Math.abs(v));
        return m;
    }

    @Test
    void wholeLayerAndPooler() {
        try (TinyFixture f = new TinyFixture("gelu_tanh")) {
            BertModel m = BertModel.load(f.weights, f.config);
            Kernels k = m.kernels();
            PackedBatch b = f.batch();
            int n = b.tokens();
            BertLayer layer = m.encoder.layers.get(1);
            float[] x = random(n * 36, 16, 1.0), w = GradCheck.weights(n * 36, 17);
            zero(layer.params());
            float[] dx = layer.backward(k, w.clone(), layer.forward(k, x, b, TRAIN).cache(), b);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, layer.forward(k, x, b, ForwardContext.EVAL).hidden());
            GradCheck.check("layer dx", x, dx, loss, 60, 18);
            checkParams(layer.params(), loss);

            BertPooler pooler = m.pooler;
            float[] wp = GradCheck.weights(3 * 36, 19);
            zero(pooler.params());
            float[] dLast = pooler.backward(k, wp.clone(), pooler.forward(k, x, b).cache(), b);
            java.util.function.DoubleSupplier lp = () -> GradCheck.dot(wp, pooler.forward(k, x, b).pooled());
            GradCheck.check("pooler dx", x, dLast, lp, 60, 20);
            checkParams(pooler.params(), lp);
        }
    }

    @Test
    void maskedLmHeadIncludingTheTiedDecoder() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertForPreTraining m = BertForPreTraining.load(f.weights, f.config);
            Kernels k = m.bert.kernels();
            int n = f.batch().tokens();
            MaskedLmHead head = m.mlm;
            int[] rows = {1, 4, 8, 13};
            float[] x = random(n * 36, 21, 1.0), w = GradCheck.weights(rows.length * 99, 22);
            zero(m.params());
            float[] dx = head.backward(k, w.clone(), head.forward(k, x, rows, true).cache(), rows, n);
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(w, head.forward(k, x, rows, false).logits());
            GradCheck.check("mlm dx", x, dx, loss, 60, 23);
            checkParams(head.params(), loss);
            GradCheck.check("tied decoder (word embeddings)", head.decoder.value(), head.decoder.grad(), loss, SAMPLES, 24);

            NextSentenceHead nsp = m.nsp;
            float[] pooled = random(3 * 36, 25, 0.5), wn = GradCheck.weights(6, 26);
            float[] dp = nsp.backward(k, wn.clone(), pooled, 3);
            java.util.function.DoubleSupplier ln = () -> GradCheck.dot(wn, nsp.forward(k, pooled, 3));
            GradCheck.check("nsp dPooled", pooled, dp, ln, SAMPLES, 27);
            checkParams(nsp.params(), ln);
        }
    }

    @Test
    void wholeModelLossWithDropoutIsReproducibleAndItsGradientIsRight() {
        try (TinyFixture f = new TinyFixture("gelu")) {
            BertForPreTraining m = BertForPreTraining.load(f.weights, f.config.withDropout(0.1f, 0.1f));
            PackedBatch b = f.batch();
            java.util.function.DoubleSupplier loss = () -> m.forwardBackward(b, f.mlmLabels, f.nspLabels, ForwardContext.training(42)).total();
            m.zeroGrad();
            double l1 = m.forwardBackward(b, f.mlmLabels, f.nspLabels, ForwardContext.training(42)).total();
            float[][] grads = m.params().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
            assertEquals(l1, loss.getAsDouble(), 0.0, "same seed, same dropout masks, same loss");
            assertFalse(l1 == m.forwardBackward(b, f.mlmLabels, f.nspLabels, ForwardContext.training(43)).total(), "another seed drops other units");
            assertFalse(l1 == m.forwardBackward(b, f.mlmLabels, f.nspLabels, ForwardContext.training(42)).total()
                    && f.tensor("loss")[0] == l1, "dropout is on");
            int i = 0;
            for (Param p : m.params()) {
                GradCheck.check(p.name(), p.value(), grads[i], loss, 6, 200 + i);
                i++;
            }
        }
    }
}
