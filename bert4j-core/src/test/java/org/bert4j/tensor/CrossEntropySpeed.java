package org.bert4j.tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the masked-LM loss kernel, {@link Kernels#crossEntropyRow} with its gradient, over
 * {@code ROWS x 30,522} logits on one thread: the scalar double-precision oracle against the vector
 * kernel, alternating rounds. Not a test: run by hand,
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bert4j-core/target/classes:bert4j-core/target/test-classes \
 *       org.bert4j.tensor.CrossEntropySpeed [ROWS] [ROUNDS]
 * </pre>
 * (defaults: 640 rows, the predictions of a 32 x 128 pre-training batch; 7 rounds).
 */
public final class CrossEntropySpeed {
    private CrossEntropySpeed() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 640;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int vocab = 30522;
        SplittableRandom r = new SplittableRandom(3);
        float[] logits = new float[rows * vocab], d = new float[rows * vocab];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (4 * r.nextGaussian());
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(vocab);
        Kernels[] ks = {new ScalarKernels(), KernelsProvider.get()};
        double[][] ms = new double[2][rounds];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            for (int which = 0; which < 2; which++) {
                long t0 = System.nanoTime();
                double loss = 0;
                for (int row = 0; row < rows; row++) loss += ks[which].crossEntropyRow(logits, row * vocab, vocab, labels[row], d, row * vocab, 1.0 / rows);
                double t = (System.nanoTime() - t0) / 1e6;
                if (round >= 0) ms[which][round] = t;
                if (round == rounds - 1) System.out.printf(Locale.ROOT, "%-8s loss %.6f%n", which == 0 ? "scalar" : "vector", loss / rows);
            }
        }
        for (int which = 0; which < 2; which++) {
            double[] s = ms[which].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%-8s median %.1f ms (min %.1f, max %.1f) for %d x %d logits, 1 thread%n",
                    which == 0 ? "scalar" : "vector", s[rounds / 2], s[0], s[rounds - 1], rows, vocab);
        }
    }
}
