package org.bert4j.model;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bert4j.hub.ModelHub;
import org.bert4j.nn.ForwardContext;

/**
 * Times a BERT-base forward pass (evaluation) on a batch of 8 sequences of 128 tokens. Not a test.
 * Run after the tests have unpacked bert-base-uncased into target/model-cache:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bert4j-core/target/classes:bert4j-core/target/test-classes:$(cat cp.txt) \
 *       org.bert4j.model.BertBaseBenchmark [batch] [seqLen] [reps]
 * </pre>
 */
public final class BertBaseBenchmark {
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seq = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = ModelHub.defaults().withCache(Path.of("bert4j-core", "target", "model-cache").toAbsolutePath()).resolve("bert-base-uncased");
        long t0 = System.nanoTime();
        BertModel m = BertModels.load(dir);
        if (!Boolean.getBoolean("unpacked")) m.packForInference();
        System.out.printf("loaded in %.1f s, kernels %s, threads %d%n", (System.nanoTime() - t0) / 1e9, m.kernels().name(),
                org.bert4j.tensor.Parallel.maxThreads());
        SplittableRandom r = new SplittableRandom(1);
        int[][] ids = new int[batch][seq];
        for (int[] row : ids) {
            for (int t = 0; t < seq; t++) row[t] = 1000 + r.nextInt(29000);
            row[0] = 101;
            row[seq - 1] = 102;
        }
        PackedBatch b = PackedBatch.of(ids, null, null);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps + 1; i++) {
            long s = System.nanoTime();
            m.forward(b, ForwardContext.EVAL);
            double sec = (System.nanoTime() - s) / 1e9;
            if (i > 0) best = Math.min(best, sec);
            System.out.printf("forward %d x %d: %.3f s%s%n", batch, seq, sec, i == 0 ? " (warm-up)" : "");
        }
        double flops = 2.0 * batch * seq * (12 * (4 * 768 * 768 + 2 * 768 * 3072) + 0) + 2.0 * 12 * batch * 2 * seq * seq * 768;
        System.out.printf("best %.3f s = %.1f sequences/s, %.1f GFLOP/s%n", best, batch / best, flops / best / 1e9);
    }
}
