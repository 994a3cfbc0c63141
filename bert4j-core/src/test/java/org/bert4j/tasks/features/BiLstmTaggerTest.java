package org.bert4j.tasks.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.junit.jupiter.api.Test;

/** Backpropagation through time of the 2-layer BiLSTM tagger against central finite differences (tiny sizes). */
class BiLstmTaggerTest {
    static final Kernels K = KernelsProvider.get();
    static final float EPS = 1e-2f;

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static void check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double maxAbs = 0;
        for (float g : analytic) maxAbs = Math.max(maxAbs, Math.abs(g));
        assertTrue(maxAbs > 1e-5, what + ": zero gradient");
        for (int s = 0; s < Math.min(samples, values.length); s++) {
            int i = samples >= values.length ? s : r.nextInt(values.length);
            float v = values[i];
            values[i] = v + EPS;
            double plus = loss.getAsDouble();
            values[i] = v - EPS;
            double minus = loss.getAsDouble();
            values[i] = v;
            double fd = (plus - minus) / (2 * EPS), g = analytic[i];
            assertTrue(Math.abs(fd - g) <= 1e-3 + 2e-2 * Math.abs(g), what + "[" + i + "]: analytic " + g + ", finite difference " + fd);
        }
    }

    @Test
    void bpttMatchesFiniteDifferences() {
        BiLstmTagger tagger = new BiLstmTagger(5, 4, 3);
        tagger.initialize(new SplittableRandom(1));
        for (Param p : tagger.params()) for (int i = 0; i < p.size(); i++) p.value()[i] *= 2.5f; // larger weights: nonlinear regime
        assertEquals(14, tagger.params().size(), "4 directions x 3 tensors + classifier");
        List<float[]> xs = List.of(random(6 * 5, 2), random(3 * 5, 3));
        List<int[]> ys = List.of(new int[] {0, 2, -100, 1, 1, 0}, new int[] {2, -100, 1});
        tagger.forwardBackward(K, xs, ys);
        DoubleSupplier loss = () -> {
            double total = 0;
            for (int s = 0; s < xs.size(); s++) total += tagger.loss(tagger.forward(K, xs.get(s), ys.get(s).length).logits(), ys.get(s), null, 1);
            return total / 7; // 7 labelled words
        };
        int k = 0;
        for (Param p : tagger.params()) check(p.name(), p.value(), p.grad(), loss, 30, 10 + k++);

        // the gradient with respect to the input features, through both layers and directions
        BiLstmTagger.Out o = tagger.forward(K, xs.get(0), 6);
        float[] d = new float[o.logits().length];
        tagger.loss(o.logits(), ys.get(0), d, 1);
        float[] dx = tagger.backward(K, d, o.cache());
        check("dx", xs.get(0), dx, () -> tagger.loss(tagger.forward(K, xs.get(0), 6).logits(), ys.get(0), null, 1), 30, 99);
        // the first word's input influences the last word's logits only through the forward direction, the last word's the first's through the reverse one
        assertTrue(Math.abs(dx[0]) > 0 && Math.abs(dx[5 * 5]) > 0);
    }

    /** |a - b| <= 1e-5 |b| per element, with a floor of 1e-5 of the largest |b| for elements near zero. */
    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (float v : expected) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0, what + ": all zero");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.max(Math.abs(expected[i]), 1e-2 * max);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, what + "[" + i + "]: one at a time " + expected[i] + ", batched " + actual[i]);
        }
    }

    static java.util.Map<String, float[]> grads(BiLstmTagger tagger) {
        java.util.Map<String, float[]> g = new java.util.LinkedHashMap<>();
        for (Param p : tagger.params()) g.put(p.name(), p.grad().clone());
        return g;
    }

    static java.util.stream.Stream<Kernels> kernels() {
        return java.util.stream.Stream.of(KernelsProvider.create("scalar", false), KernelsProvider.get());
    }

    /**
     * A lock-step batch of sequences of different lengths (unsorted, ties, length 1 and 0) gives the
     * logits, accumulated gradients and input gradients of running them one at a time, in both
     * directions of both layers: rows that have ended or not started contribute nothing.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("kernels")
    void batchMatchesOneAtATime(Kernels k) {
        int in = 7, hidden = 12, labels = 5;
        int[] lengths = {3, 9, 1, 6, 9, 0, 2, 5};
        BiLstmTagger tagger = new BiLstmTagger(in, hidden, labels);
        tagger.initialize(new SplittableRandom(3));
        for (Param p : tagger.params()) for (int i = 0; i < p.size(); i++) p.value()[i] *= 2f;
        List<float[]> xs = new java.util.ArrayList<>();
        List<int[]> ys = new java.util.ArrayList<>();
        SplittableRandom r = new SplittableRandom(8);
        for (int b = 0; b < lengths.length; b++) {
            xs.add(random(lengths[b] * in, 200 + b));
            int[] y = new int[lengths[b]];
            for (int t = 0; t < y.length; t++) y[t] = t % 4 == 3 ? -100 : r.nextInt(labels);
            ys.add(y);
        }
        // one at a time: gradients accumulate over the sequences
        for (Param p : tagger.params()) p.zeroGrad();
        List<float[]> logits = new java.util.ArrayList<>(), dxs = new java.util.ArrayList<>();
        for (int b = 0; b < lengths.length; b++) {
            BiLstmTagger.Out o = tagger.forward(k, xs.get(b), lengths[b]);
            float[] d = new float[o.logits().length];
            tagger.loss(o.logits(), ys.get(b), d, 1);
            dxs.add(tagger.backward(k, d, o.cache()));
            logits.add(o.logits());
        }
        java.util.Map<String, float[]> single = grads(tagger);

        for (Param p : tagger.params()) p.zeroGrad();
        BiLstmTagger.Batch batch = new BiLstmTagger.Batch(lengths);
        assertEquals(35, batch.tokens());
        assertEquals(9, batch.steps());
        BiLstmTagger.Out o = tagger.forward(k, BiLstmTagger.concat(xs), batch);
        float[] d = new float[o.logits().length];
        int[] y = new int[batch.tokens()];
        for (int b = 0; b < lengths.length; b++) System.arraycopy(ys.get(b), 0, y, batch.offset(b), lengths[b]);
        tagger.loss(o.logits(), y, d, 1);
        float[] dx = tagger.backward(k, d, o.cache());
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] == 0) continue;
            assertClose("logits of sequence " + b, logits.get(b),
                    java.util.Arrays.copyOfRange(o.logits(), batch.offset(b) * labels, (batch.offset(b) + lengths[b]) * labels));
            assertClose("dx of sequence " + b, dxs.get(b), java.util.Arrays.copyOfRange(dx, batch.offset(b) * in, (batch.offset(b) + lengths[b]) * in));
        }
        java.util.Map<String, float[]> batched = grads(tagger);
        int reverse = 0;
        for (String name : single.keySet()) {
            assertClose(name, single.get(name), batched.get(name));
            if (name.endsWith("_reverse")) reverse++;
        }
        assertEquals(6, reverse, "weight_ih, weight_hh and bias of both reverse directions compared");

        // forwardBackward (the trainer's path) is the batch with the loss averaged over labelled words
        for (Param p : tagger.params()) p.zeroGrad();
        tagger.forwardBackward(k, xs, ys);
        int words = 0;
        for (int v : y) if (v != -100) words++;
        for (Param p : tagger.params()) {
            float[] expected = batched.get(p.name()).clone();
            for (int i = 0; i < expected.length; i++) expected[i] /= words;
            assertClose("forwardBackward " + p.name(), expected, p.grad());
        }
    }

    @Test
    void learnsToTagATinySequenceTask() {
        // label = whether the previous word's first feature was positive: needs the recurrence
        BiLstmTagger tagger = new BiLstmTagger(3, 8, 2);
        tagger.initialize(new SplittableRandom(4));
        SplittableRandom r = new SplittableRandom(5);
        java.util.List<float[]> xs = new java.util.ArrayList<>();
        java.util.List<int[]> ys = new java.util.ArrayList<>();
        for (int s = 0; s < 24; s++) {
            float[] x = random(7 * 3, 100 + s);
            int[] y = new int[7];
            y[0] = -100;
            for (int t = 1; t < 7; t++) y[t] = x[(t - 1) * 3] > 0 ? 1 : 0;
            xs.add(x);
            ys.add(y);
        }
        org.bert4j.optim.AdamW adam = new org.bert4j.optim.AdamW(0.0);
        double first = 0, last = 0;
        for (int step = 0; step < 150; step++) {
            adam.zeroGrad(tagger.params());
            double l = tagger.forwardBackward(K, xs, ys);
            if (step == 0) first = l;
            last = l;
            adam.step(tagger.params(), 0.03);
        }
        assertTrue(last < 0.3 * first, "loss " + first + " -> " + last);
    }
}
