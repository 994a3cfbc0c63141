package org.bert4j.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import jdk.incubator.vector.*;

/**
 * Single-thread GFLOP per second of the thread's own CPU time for the forward ({@code matmulPacked},
 * {@code matmulTransB}) and backward ({@code matmul} for dX, {@code matmulTransA} for dW) products of
 * BERT-base shapes, next to a Vector API FMA peak measured the same way. CPU time, unlike wall-clock
 * time, hardly changes when other processes share the cores, so kernel changes can be compared on a
 * busy machine. Not a test: run it by hand,
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bert4j-core/target/classes:bert4j-core/target/test-classes \
 *        org.bert4j.tensor.MatmulCpuBenchmark [seconds] [m n k]
 * </pre>
 * With {@code -Dcold=true} every timed call starts with its operands evicted from the caches (a 64 MiB
 * buffer is written in between, outside the timed part), as in training, where each product's
 * activations were last touched several layers earlier.
 */
public final class MatmulCpuBenchmark {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static volatile float sink;

    private MatmulCpuBenchmark() {
    }

    public static void main(String[] a) {
        Kernels k = KernelsProvider.get();
        double secs = a.length > 0 ? Double.parseDouble(a[0]) : 1;
        Random r = new Random(1);
        int[][] shapes = a.length > 1 ? new int[][]{{Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3])}} : new int[][]{{128, 768, 768}, {1024, 768, 768}, {1024, 3072, 768}, {1024, 768, 3072}};
        Parallel.withThreads(1, () -> {
            System.out.printf("fma peak (cpu time): %.1f%n", cpu(2.0 * 16 * SP.length() * 1_000_000, secs, () -> sink += fma(1_000_000)));
            for (int[] s : shapes) {
                int m = s[0], n = s[1], kk = s[2];
                float[] x = rnd(r, m * kk), w = rnd(r, n * kk), c = rnd(r, m * n), dx = new float[m * kk], dw = new float[n * kk];
                PackedMatrix p = k.pack(w, 0, n, kk);
                double f = 2.0 * m * n * kk;
                double fp = cpu(f, secs, () -> k.matmulPacked(x, 0, p, c, 0, m, null));
                double ft = cpu(f, secs, () -> k.matmulTransB(x, 0, w, 0, c, 0, m, n, kk, null, false));
                double bx = cpu(f, secs, () -> k.matmul(c, 0, w, 0, dx, 0, m, kk, n, false));
                double bw = cpu(f, secs, () -> k.matmulTransA(c, 0, x, 0, dw, 0, n, kk, m, true));
                System.out.printf("%d x %d x %d: packed %.1f transB %.1f dX %.1f dW %.1f  GFLOP per cpu-s%n", m, n, kk, fp, ft, bx, bw);
            }
        });
    }
    static final boolean COLD = Boolean.getBoolean("cold");
    static final float[] EVICT = new float[16 << 20];

    static double cpu(double flops, double secs, Runnable op) {
        if (COLD) return cold(flops, secs, op);
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end) op.run();
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            long c0 = MX.getCurrentThreadCpuTime(); long n = 0;
            long e = System.nanoTime() + (long) (secs / 5 * 1e9);
            do { op.run(); n++; } while (System.nanoTime() < e);
            best = Math.max(best, flops * n / (MX.getCurrentThreadCpuTime() - c0));
        }
        return best;
    }
    /** CPU time of the op alone, each call after the caches were flushed by writing {@link #EVICT}. */
    static double cold(double flops, double secs, Runnable op) {
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end) op.run();
        long cpu = 0, n = 0;
        end = System.nanoTime() + (long) (secs * 1e9);
        do {
            for (int i = 0; i < EVICT.length; i += 16) EVICT[i] += 1f;
            long c0 = MX.getCurrentThreadCpuTime();
            op.run();
            cpu += MX.getCurrentThreadCpuTime() - c0;
            n++;
        } while (System.nanoTime() < end);
        return flops * n / cpu;
    }

    static float fma(int it) {
        FloatVector a = FloatVector.broadcast(SP, 0.999999f), b = FloatVector.broadcast(SP, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SP, 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int i = 0; i < it; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }
    static float[] rnd(Random r, int n) { float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian(); return x; }
}
