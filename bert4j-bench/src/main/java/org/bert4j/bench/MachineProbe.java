package org.bert4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntToDoubleFunction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.bert4j.tensor.PackedMatrix;
import org.bert4j.tensor.Parallel;

/**
 * What the machine can do, measured from Java, and how close bert4j's matrix products come:
 * <ul>
 *   <li>FMA peak: a Vector API loop of 16 independent FMA chains per thread (preferred species),
 *       1 and 2 threads;</li>
 *   <li>memory bandwidth: streaming sum over a 1 GiB array and copy of 512 MiB into another 512 MiB,
 *       1 and 2 threads (each thread its half);</li>
 *   <li>BERT-base products with {@code m = 128} tokens: forward {@code x W^T} (packed weight and
 *       plain), backward {@code dX = dY W} and {@code dW = dY^T X}, each as GFLOP/s and fraction of
 *       the FMA peak measured right before and after it with the same thread count, and as GFLOP per
 *       second of process CPU time, a figure other load on the machine hardly changes.</li>
 * </ul>
 * Usage: {@code MachineProbe [seconds per measurement]}. Numbers are only as good as the machine is quiet.
 */
public final class MachineProbe {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static volatile double sink;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        System.out.printf("%d cores, species %d bits, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                SP.vectorBitSize(), load());
        double[] peak = new double[3];
        for (int t = 1; t <= 2; t++) {
            int tt = t;
            peak[t] = best(3, () -> parallel(tt, i -> fmaGflops(seconds)));
            System.out.printf("FMA peak, %d thread(s): %.1f GFLOP/s (load %.2f)%n", t, peak[t], load());
        }
        float[] big = new float[256 << 20]; // 1 GiB
        for (int i = 0; i < big.length; i += 1024) big[i] = i;
        float[] src = new float[128 << 20], dst = new float[128 << 20]; // 512 MiB each
        for (int t = 1; t <= 2; t++) {
            int tt = t;
            double sum = best(3, () -> parallel(tt, i -> sumGBs(big, i, tt)));
            double copy = best(3, () -> parallel(tt, i -> copyGBs(src, dst, i, tt)));
            System.out.printf("memory, %d thread(s): sum %.1f GB/s, copy %.1f GB/s (read + write, counted once each) (load %.2f)%n",
                    t, sum, copy, load());
        }
        matmuls(seconds, peak);
        System.out.printf("load average at the end %.2f%n", load());
    }

    static void matmuls(double seconds, double[] peak) {
        Kernels k = KernelsProvider.get();
        System.out.printf("%nmatrix products (kernels %s), GFLOP/s and fraction of the FMA peak of the same thread count%n", k.name());
        int[][] shapes = {{128, 768, 768}, {128, 3072, 768}, {128, 768, 3072}};
        Random rnd = new Random(1);
        warmUp(k, seconds);
        System.out.println("each cell: GFLOP/s (fraction of the FMA peak around it); GFLOP per CPU-second (fraction of one core's peak)");
        System.out.println("| m x n x k | threads | forward packed | forward transB | backward dX = dY W | backward dW = dY^T X |");
        System.out.println("|---|---|---|---|---|---|");
        for (int[] s : shapes) {
            int m = s[0], n = s[1], kk = s[2];
            float[] a = random(rnd, m * kk), w = random(rnd, n * kk), bias = random(rnd, n), c = random(rnd, m * n);
            float[] dx = new float[m * kk], dw = new float[n * kk];
            PackedMatrix p = k.pack(w, 0, n, kk);
            double flops = 2.0 * m * n * kk;
            for (int t = 1; t <= Math.min(2, Parallel.maxThreads()); t++) {
                int tt = t;
                Runnable[] ops = {
                    () -> k.matmulPacked(a, 0, p, c, 0, m, bias),
                    () -> k.matmulTransB(a, 0, w, 0, c, 0, m, n, kk, bias, false),
                    () -> k.matmul(c, 0, w, 0, dx, 0, m, kk, n, false),
                    () -> k.matmulTransA(c, 0, a, 0, dw, 0, n, kk, m, true)};
                StringBuilder row = new StringBuilder(String.format("| %d x %d x %d | %d |", m, n, kk, t));
                for (Runnable op : ops) {
                    // the peak right before and after each product: under a varying load the fraction stays honest
                    double before = parallel(tt, i -> fmaGflops(seconds / 4));
                    double[] g = Parallel.withThreads(tt, () -> gflops(flops, seconds, op));
                    double after = parallel(tt, i -> fmaGflops(seconds / 4));
                    row.append(String.format(" %.1f (%.0f%%); %.1f (%.0f%%) |", g[0], 200 * g[0] / (before + after), g[1], 100 * g[1] / peak[1]));
                }
                System.out.println(row);
            }
        }
    }

    /** Every product on small and BERT shapes until C2 has compiled them all (otherwise the first rows measure the JIT). */
    static void warmUp(Kernels k, double seconds) {
        int m = 128, n = 768, kk = 768;
        Random rnd = new Random(2);
        float[] a = random(rnd, m * kk), w = random(rnd, n * kk), c = new float[m * n], dx = new float[m * kk], dw = new float[n * kk];
        PackedMatrix p = k.pack(w, 0, n, kk);
        long end = System.nanoTime() + (long) (4 * seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int t = 1; t <= Math.min(2, Parallel.maxThreads()); t++) {
                Parallel.withThreads(t, () -> {
                    k.matmulPacked(a, 0, p, c, 0, m, null);
                    k.matmulTransB(a, 0, w, 0, c, 0, m, n, kk, null, false);
                    k.matmul(c, 0, w, 0, dx, 0, m, kk, n, false);
                    k.matmulTransA(c, 0, a, 0, dw, 0, n, kk, m, true);
                });
            }
        }
    }

    /** {GFLOP per wall-clock second, GFLOP per second of process CPU time (all threads)}. */
    static double[] gflops(double flops, double seconds, Runnable op) {
        long end = System.nanoTime() + (long) (seconds / 2 * 1e9);
        while (System.nanoTime() < end) op.run();
        long start = System.nanoTime(), now, cpu0 = cpuNanos();
        long iters = 0;
        end = start + (long) (seconds * 1e9);
        do {
            op.run();
            iters++;
            now = System.nanoTime();
        } while (now < end);
        return new double[] {flops * iters / (now - start), flops * iters / (cpuNanos() - cpu0)};
    }

    /** CPU time of the whole process (all threads, spinning workers included), nanoseconds. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 1L;
    }

    /** GFLOP/s of one thread running 16 independent FMA chains for about {@code seconds}. */
    static double fmaGflops(double seconds) {
        double best = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            float r = fmaLoop(2_000_000);
            long ns = System.nanoTime() - s;
            sink += r;
            best = Math.max(best, 2.0 * 16 * SP.length() * 2_000_000 / ns);
        }
        return best;
    }

    static float fmaLoop(int iters) {
        FloatVector a = FloatVector.broadcast(SP, 0.999999f), b = FloatVector.broadcast(SP, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SP, 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int i = 0; i < iters; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }

    /** GB/s of summing this thread's share of {@code x}. */
    static double sumGBs(float[] x, int part, int parts) {
        int from = (int) ((long) x.length * part / parts), to = (int) ((long) x.length * (part + 1) / parts);
        long s = System.nanoTime();
        FloatVector a0 = FloatVector.zero(SP), a1 = a0, a2 = a0, a3 = a0;
        int l = SP.length(), i = from;
        for (; i + 4 * l <= to; i += 4 * l) {
            a0 = a0.add(FloatVector.fromArray(SP, x, i));
            a1 = a1.add(FloatVector.fromArray(SP, x, i + l));
            a2 = a2.add(FloatVector.fromArray(SP, x, i + 2 * l));
            a3 = a3.add(FloatVector.fromArray(SP, x, i + 3 * l));
        }
        sink += a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
        return 4.0 * (to - from) / (System.nanoTime() - s);
    }

    /** GB/s (bytes read + bytes written) of copying this thread's share of {@code src} into {@code dst}. */
    static double copyGBs(float[] src, float[] dst, int part, int parts) {
        int from = (int) ((long) src.length * part / parts), to = (int) ((long) src.length * (part + 1) / parts);
        long s = System.nanoTime();
        System.arraycopy(src, from, dst, from, to - from);
        return 8.0 * (to - from) / (System.nanoTime() - s);
    }

    /** Runs {@code body(i)} on {@code threads} threads started together; the sum of their results. */
    static double parallel(int threads, IntToDoubleFunction body) {
        double[] r = new double[threads];
        CyclicBarrier start = new CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int ii = i;
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                r[ii] = body.applyAsDouble(ii);
            });
            ts[i].start();
        }
        double sum = 0;
        for (int i = 0; i < threads; i++) {
            try {
                ts[i].join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            sum += r[i];
        }
        return sum;
    }

    static double best(int tries, java.util.function.DoubleSupplier s) {
        double b = 0;
        for (int i = 0; i < tries; i++) b = Math.max(b, s.getAsDouble());
        return b;
    }

    static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
