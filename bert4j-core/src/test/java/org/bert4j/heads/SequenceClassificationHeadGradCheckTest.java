package org.bert4j.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.bert4j.model.BertConfig;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.tasks.classification.ClassifierModel;
import org.bert4j.tasks.classification.LabelSet;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.junit.jupiter.api.Test;

/**
 * The classification head's backward, and the whole classifier's (encoder + head + cross-entropy or
 * MSE), against central finite differences of the loss.
 */
class SequenceClassificationHeadGradCheckTest {
    static final float EPS = 1e-2f;
    static final double ABS = 2e-3, REL = 2e-2;
    final Kernels k = KernelsProvider.get();

    static float[] gaussian(int n, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }

    static double dot(float[] w, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (double) w[i] * y[i];
        return s;
    }

    /** Checks {@code samples} coordinates of {@code values}; returns how many had a gradient above 1e-4. */
    static int check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nonZero = 0;
        for (int s = 0; s < Math.min(samples, values.length); s++) {
            int i = samples >= values.length ? s : r.nextInt(values.length);
            float v = values[i];
            values[i] = v + EPS;
            double plus = loss.getAsDouble();
            values[i] = v - EPS;
            double minus = loss.getAsDouble();
            values[i] = v;
            double fd = (plus - minus) / (2 * EPS), g = analytic[i];
            assertTrue(Math.abs(fd - g) <= ABS + REL * Math.abs(g), what + "[" + i + "]: analytic " + g + ", finite difference " + fd);
            if (Math.abs(g) > 1e-4) nonZero++;
        }
        return nonZero;
    }

    @Test
    void gradMatchesFiniteDifference() {
        int h = 12, labels = 3, batch = 4;
        SequenceClassificationHead head = new SequenceClassificationHead(h, labels, 0.3f);
        head.initialize(0.5f, new SplittableRandom(1));
        for (int i = 0; i < labels; i++) head.classifier.bias.value()[i] = 0.1f * (i + 1);
        float[] pooled = gaussian(batch * h, 2, 1.0);
        float[] w = gaussian(batch * labels, 3, 1.0);
        // the same seed gives the same dropout mask in every forward pass
        DoubleSupplier loss = () -> dot(w, head.forward(k, pooled, batch, ForwardContext.training(7)).logits());

        SequenceClassificationHead.Out out = head.forward(k, pooled, batch, ForwardContext.training(7));
        assertTrue(out.cache().mask() != null, "dropout is applied in training");
        float[] dPooled = head.backward(k, w.clone(), out.cache(), batch);
        assertTrue(check("dPooled", pooled, dPooled, loss, pooled.length, 4) > 0);
        assertTrue(check("classifier.weight", head.classifier.weight.value(), head.classifier.weight.grad(), loss, 36, 5) > 0);
        check("classifier.bias", head.classifier.bias.value(), head.classifier.bias.grad(), loss, labels, 6);
        int dropped = 0;
        for (float m : out.cache().mask()) if (m == 0f) dropped++;
        assertTrue(dropped > 0, "p = 0.3 drops some of 48 inputs");
    }

    @Test
    void evaluationHasNoDropoutAndLeavesTheInputAlone() {
        SequenceClassificationHead head = new SequenceClassificationHead(8, 2, 0.5f);
        head.initialize(0.5f, new SplittableRandom(1));
        float[] pooled = gaussian(16, 2, 1.0), copy = pooled.clone();
        float[] a = head.forward(k, pooled, 2, ForwardContext.EVAL).logits();
        float[] b = head.forward(k, pooled, 2, ForwardContext.EVAL).logits();
        assertArrayEquals(a, b);
        head.forward(k, pooled, 2, ForwardContext.training(3));
        assertArrayEquals(copy, pooled, "dropout works on a copy of the pooled output");
        assertNotEquals(a[0], head.forward(k, pooled, 2, ForwardContext.training(3)).logits()[0]);
    }

    /** A small encoder without dropout (so the loss is a deterministic function of the weights). */
    static BertConfig small() {
        return new BertConfig(40, 16, 2, 2, 24, "gelu", 0f, 0f, 16, 2, 0.2f, 1e-12f);
    }

    static PackedBatch batch() {
        int[][] ids = {{2, 7, 9, 11, 3}, {2, 5, 3, 8, 3, 0, 0}, {2, 30, 31, 3}};
        int[][] types = {{0, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 0, 0}, {0, 0, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1}};
        return PackedBatch.of(ids, types, mask);
    }

    @Test
    void classifierCrossEntropyMatchesFiniteDifference() {
        ClassifierModel m = ClassifierModel.create(small(), LabelSet.of(List.of("a", "b", "c")), "test", 11);
        PackedBatch b = batch();
        int[] labels = {2, 0, 1};
        DoubleSupplier loss = () -> m.loss(b, labels, null);
        for (Param p : m.params()) p.zeroGrad();
        ClassifierModel.Loss l = m.forwardBackward(b, labels, null, ForwardContext.training(1));
        assertEquals(loss.getAsDouble(), l.loss(), 1e-6);
        assertTrue(l.loss() > 0);
        checkParams(m, loss);
    }

    @Test
    void regressionMeanSquaredErrorMatchesFiniteDifference() {
        ClassifierModel m = ClassifierModel.create(small(), LabelSet.regression(), "sts-b", 12);
        assertEquals(1, m.head.numLabels());
        PackedBatch b = batch();
        float[] scores = {4.2f, 0.5f, 2.5f};
        DoubleSupplier loss = () -> m.loss(b, null, scores);
        for (Param p : m.params()) p.zeroGrad();
        ClassifierModel.Loss l = m.forwardBackward(b, null, scores, ForwardContext.training(1));
        // MSE by hand from the returned predictions
        double mse = 0;
        for (int i = 0; i < 3; i++) mse += Math.pow(l.logits()[i] - scores[i], 2);
        assertEquals(mse / 3, l.loss(), 1e-6);
        checkParams(m, loss);
    }

    private static void checkParams(ClassifierModel m, DoubleSupplier loss) {
        int nonZero = 0;
        for (Param p : m.params()) {
            String n = p.name();
            if (n.equals("classifier.weight") || n.equals("classifier.bias") || n.equals("pooler.dense.weight")
                    || n.equals("encoder.layer.1.output.dense.weight") || n.equals("encoder.layer.0.attention.self.query.weight")
                    || n.equals("embeddings.LayerNorm.weight") || n.equals("embeddings.word_embeddings.weight")) {
                nonZero += check(n, p.value(), p.grad().clone(), loss, 12, n.hashCode());
            }
        }
        assertTrue(nonZero > 20, "most sampled gradients are not zero (" + nonZero + ")");
    }
}
