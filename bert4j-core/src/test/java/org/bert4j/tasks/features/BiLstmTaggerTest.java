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
