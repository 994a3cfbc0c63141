package org.bert4j.tensor;

import java.util.Random;

/**
 * Prints achieved GFLOP/s of {@code matmulTransB} and {@code matmulPacked} for BERT-base shapes
 * ({@code x[m, k] @ W[n, k]^T}), with 1 and 2 threads, after a warm-up; also the two backward
 * products of the same layer ({@code matmul} for dX, {@code matmulTransA} for dW). Not a test: run it by hand, e.g.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bert4j-core/target/classes:bert4j-core/target/test-classes \
 *        org.bert4j.tensor.MatmulBenchmark [warmupSeconds] [measureSeconds]
 * </pre>
 * Numbers are only as good as the machine is quiet.
 */
public final class MatmulBenchmark {

    private MatmulBenchmark() {
    }

    public static void main(String[] args) {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        double measure = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Kernels kernels = KernelsProvider.get();
        System.out.printf("kernels=%s maxThreads=%d%n", kernels.name(), Parallel.maxThreads());
        int[][] shapes = {{128, 768, 768}, {128, 3072, 768}, {128, 768, 3072}};
        Random rnd = new Random(1);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(rnd, m * k), w = random(rnd, n * k), bias = random(rnd, n), c = new float[m * n];
            PackedMatrix packed = kernels.pack(w, 0, n, k);
            for (int threads = 1; threads <= Math.min(2, Parallel.maxThreads()); threads++) {
                int t = threads;
                double transB = Parallel.withThreads(t, () ->
                        gflops(m, n, k, warmup, measure, () -> kernels.matmulTransB(a, 0, w, 0, c, 0, m, n, k, bias, false)));
                double pk = Parallel.withThreads(t, () ->
                        gflops(m, n, k, warmup, measure, () -> kernels.matmulPacked(a, 0, packed, c, 0, m, bias)));
                // backward shapes: dX[m, k] = dY[m, n] . W[n, k]  and  dW[n, k] = dY^T . X
                float[] dy = c, dx = new float[m * k], dw = new float[n * k];
                double mm = Parallel.withThreads(t, () ->
                        gflops(m, n, k, warmup / 2, measure / 2, () -> kernels.matmul(dy, 0, w, 0, dx, 0, m, k, n, false)));
                double ta = Parallel.withThreads(t, () ->
                        gflops(m, n, k, warmup / 2, measure / 2, () -> kernels.matmulTransA(dy, 0, a, 0, dw, 0, n, k, m, false)));
                System.out.printf("m=%4d n=%4d k=%4d threads=%d  matmulTransB %6.1f  matmulPacked %6.1f"
                        + "  | backward: matmul %6.1f  matmulTransA %6.1f  GFLOP/s%n", m, n, k, t, transB, pk, mm, ta);
            }
        }
    }

    private static double gflops(int m, int n, int k, double warmup, double measure, Runnable op) {
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) op.run();
        long start = System.nanoTime();
        long iters = 0;
        end = start + (long) (measure * 1e9);
        long now;
        do {
            op.run();
            iters++;
            now = System.nanoTime();
        } while (now < end);
        return 2.0 * m * n * k * iters / (now - start);
    }

    private static float[] random(Random rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }
}
