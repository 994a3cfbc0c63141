package org.bert4j.tasks.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.bert4j.tensor.Parallel;

/**
 * Times one training step (forward + backward, gradients zeroed before) of the BiLSTM tagger on a batch
 * of random sentences of lengths 5..40 (seeded), after a warm-up. Not a test: run by hand,
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bert4j-core/target/classes:bert4j-core/target/test-classes \
 *       org.bert4j.tasks.features.BiLstmTaggerSpeed HIDDEN [BATCH] [INPUT] [THREADS] [WARMUP] [REPS]
 * </pre>
 * (defaults: batch 32, input 3072, 2 threads, 3 warm-up steps, 5 timed steps).
 */
public final class BiLstmTaggerSpeed {
    private BiLstmTaggerSpeed() {}

    public static void main(String[] args) {
        int hidden = Integer.parseInt(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int input = args.length > 2 ? Integer.parseInt(args[2]) : 3072;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        int labels = 9;
        SplittableRandom r = new SplittableRandom(7);
        List<float[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        int words = 0;
        for (int b = 0; b < batch; b++) {
            int n = 5 + r.nextInt(36);
            float[] x = new float[n * input];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            int[] y = new int[n];
            for (int t = 0; t < n; t++) y[t] = r.nextInt(labels);
            xs.add(x);
            ys.add(y);
            words += n;
        }
        BiLstmTagger tagger = new BiLstmTagger(input, hidden, labels);
        tagger.initialize(new SplittableRandom(1));
        Kernels k = KernelsProvider.get();
        double[] ms = new double[reps];
        Parallel.withThreads(threads, () -> {
            for (int i = 0; i < warmup + reps; i++) {
                for (Param p : tagger.params()) p.zeroGrad();
                long t0 = System.nanoTime();
                tagger.forwardBackward(k, xs, ys);
                double dt = (System.nanoTime() - t0) / 1e6;
                if (i >= warmup) ms[i - warmup] = dt;
                System.err.printf(Locale.ROOT, "%s step %d: %.1f ms%n", i < warmup ? "warm-up" : "timed", i + 1, dt);
            }
        });
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "BiLSTM step, %s, batch %d (%d words), input %d, hidden %d, %d threads: median %.1f ms, min %.1f ms (%d timed)%n",
                k.name(), batch, words, input, hidden, threads, ms[reps / 2], ms[0], reps);
    }
}
