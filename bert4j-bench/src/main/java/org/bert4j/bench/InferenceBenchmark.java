package org.bert4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bert4j.hub.ModelHub;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.Flops;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.tensor.Parallel;

/**
 * Encoder inference of bert4j and ONNX Runtime on the same weights and inputs, in the same process,
 * alternating rounds: all-MiniLM-L6-v2 (bert4j reads the very ONNX file ORT runs) and, if given,
 * BERT-base (a bert4j-saved folder and its ONNX export by {@code reference/export_bert_onnx.py}).
 * Shapes (batch, seq) = (1, 128), (8, 128), (1, 512), each with 1 and 2 threads (ORT: intra-op threads
 * = T, inter-op 1, all graph optimizations; bert4j: {@link Parallel#withThreads}). Before timing, the
 * last hidden states are compared (max |difference| must stay within 1e-4, else the row says so).
 *
 * <p>Usage: {@code InferenceBenchmark [--rounds N] [--bert-base FOLDER ONNX] [--skip-minilm] [--threads 1,2]}.
 * Each row prints both medians (ms per forward), the ratio ORT time / bert4j time (above 1: bert4j is
 * faster) with its min and max over the rounds, and bert4j's GFLOP/s on the encoder's matrix products.
 */
public final class InferenceBenchmark {
    static final double TOL = 1e-4;
    static final int[][] SHAPES = {{1, 128}, {8, 128}, {1, 512}};
    /** A timed sample lasts at least this long (short forwards are repeated). */
    static final double MIN_SAMPLE_S = 0.25;
    /** CPU seconds of bert4j forwards before the first measurement. */
    static final double JIT_WARMUP_CPU_S = 10;

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path baseDir = null, baseOnnx = null;
        boolean miniLm = true;
        int[] threads = {1, 2};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--bert-base" -> {
                    baseDir = Path.of(args[++i]);
                    baseOnnx = Path.of(args[++i]);
                }
                case "--skip-minilm" -> miniLm = false;
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf("%d cores, bert4j team %d threads, load average %.2f, %s%n", Runtime.getRuntime().availableProcessors(),
                Parallel.maxThreads(), load(), Runtime.version());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> rows = new ArrayList<>();
        if (miniLm) {
            Path dir = ModelHub.defaults().resolve("all-MiniLM-L6-v2");
            rows.addAll(compare(env, "all-MiniLM-L6-v2", BertModels.load(dir.resolve("model.onnx")), dir.resolve("model.onnx"), threads, rounds));
        }
        if (baseDir != null) {
            if (!Files.exists(baseOnnx)) throw new IllegalArgumentException(baseOnnx + " does not exist (reference/export_bert_onnx.py)");
            rows.addAll(compare(env, "bert-base-uncased", BertModels.load(baseDir), baseOnnx, threads, rounds));
        }
        System.out.println();
        System.out.println("| model | batch x seq | threads | bert4j ms | ORT ms | ORT time / bert4j time (min–max) | bert4j GFLOP/s | max abs diff | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static List<String> compare(OrtEnvironment env, String name, BertModel model, Path onnx, int[] threads, int rounds) throws OrtException {
        model.packForInference();
        jitWarmUp(model);
        List<String> rows = new ArrayList<>();
        for (int t : threads) {
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(t);
                opts.setInterOpNumThreads(1);
                opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (OrtSession session = env.createSession(onnx.toString(), opts)) {
                    for (int[] shape : SHAPES) {
                        if (shape[1] > model.config().maxPositionEmbeddings()) continue;
                        rows.add(Parallel.withThreads(t, () -> {
                            try {
                                return row(env, session, name, model, shape[0], shape[1], t, rounds);
                            } catch (OrtException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
                    }
                }
            }
        }
        return rows;
    }

    static String row(OrtEnvironment env, OrtSession session, String name, BertModel model, int batch, int seq, int threads, int rounds)
            throws OrtException {
        SplittableRandom rng = new SplittableRandom(batch * 1000L + seq);
        int vocab = model.config().vocabSize();
        int[][] ids = new int[batch][seq];
        for (int[] row : ids) {
            for (int i = 0; i < seq; i++) row[i] = 1000 + rng.nextInt(vocab - 1000);
            row[0] = 101;
            row[seq - 1] = 102;
        }
        long[][] lIds = new long[batch][seq], lMask = new long[batch][seq], lTypes = new long[batch][seq];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < seq; i++) {
                lIds[b][i] = ids[b][i];
                lMask[b][i] = 1;
            }
        }
        PackedBatch packed = PackedBatch.of(ids, null, null);
        try (OnnxTensor ti = OnnxTensor.createTensor(env, lIds); OnnxTensor tm = OnnxTensor.createTensor(env, lMask);
             OnnxTensor tt = OnnxTensor.createTensor(env, lTypes)) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            for (String in : session.getInputNames()) feed.put(in, in.contains("type") ? tt : in.contains("mask") ? tm : ti);
            // same result?
            float[] ours = model.forward(packed, ForwardContext.EVAL).lastHiddenState();
            float[][][] ref;
            try (OrtSession.Result r = session.run(feed)) {
                ref = (float[][][]) r.get(0).getValue();
            }
            int h = model.config().hiddenSize();
            double maxDiff = 0;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < seq; i++) {
                    for (int j = 0; j < h; j++) maxDiff = Math.max(maxDiff, Math.abs(ours[(b * seq + i) * h + j] - ref[b][i][j]));
                }
            }
            Runnable bert4j = () -> model.forward(packed, ForwardContext.EVAL);
            Runnable ort = () -> {
                try (OrtSession.Result r = session.run(feed)) {
                    r.get(0); // the output tensor, left native: ORT's own cost, no Java array copy
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            };
            // warm-up (at least 1 s each), then the repetitions per sample
            int repOurs = reps(bert4j), repOrt = reps(ort);
            double[] oursMs = new double[rounds], ortMs = new double[rounds], ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                settle();
                oursMs[r] = sample(bert4j, repOurs);
                settle();
                ortMs[r] = sample(ort, repOrt);
                ratio[r] = ortMs[r] / oursMs[r];
            }
            double mo = median(oursMs), mr = median(ortMs);
            double gflops = Flops.encoderForward(model.config(), batch, seq) / (mo / 1e3) / 1e9;
            String ok = maxDiff <= TOL ? String.format("%.1e", maxDiff) : String.format("%.1e (over %.0e!)", maxDiff, TOL);
            String line = String.format("| %s | %d x %d | %d | %.1f | %.1f | %.2f (%.2f–%.2f) | %.1f | %s | %.1f |", name, batch, seq, threads,
                    mo, mr, median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0), gflops, ok, load());
            System.out.println(line);
            return line;
        }
    }

    /**
     * Runs bert4j's forward on every shape until the process has used {@link #JIT_WARMUP_CPU_S} of CPU
     * time, so that the first row does not measure the JIT (the Vector API is slow until C2 compiles it;
     * on a loaded machine that takes many wall-clock seconds).
     */
    static void jitWarmUp(BertModel model) {
        long end = cpuNanos() + (long) (JIT_WARMUP_CPU_S * 1e9);
        SplittableRandom rng = new SplittableRandom(3);
        while (cpuNanos() < end) {
            for (int[] shape : SHAPES) {
                if (shape[1] > model.config().maxPositionEmbeddings()) continue;
                int[][] ids = new int[shape[0]][shape[1]];
                for (int[] row : ids) for (int i = 0; i < row.length; i++) row[i] = 1000 + rng.nextInt(model.config().vocabSize() - 1000);
                for (int t = 1; t <= Parallel.maxThreads(); t++) Parallel.withThreads(t, () -> model.forward(PackedBatch.of(ids, null, null), ForwardContext.EVAL));
            }
        }
    }

    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0L;
    }

    /** Warms {@code op} up for at least a second and returns how many calls make a sample of {@link #MIN_SAMPLE_S}. */
    static int reps(Runnable op) {
        long start = System.nanoTime(), end = start + 1_000_000_000L;
        int n = 0;
        do {
            op.run();
            n++;
        } while (System.nanoTime() < end);
        double perCall = (System.nanoTime() - start) / 1e9 / n;
        return (int) Math.max(1, Math.ceil(MIN_SAMPLE_S / perCall));
    }

    /**
     * Pause before each sample (ms, system property {@code bench.settleMs}, default 100): ONNX Runtime's pool threads keep
     * spinning after a run, and without the pause they took the cores from the first tens of ms of bert4j's next sample
     * (MiniLM, 2 threads: bert4j 10-15% slower than alone, ORT unchanged; docs/BENCHMARKS.md, session 5).
     */
    static final long SETTLE_MS = Long.getLong("bench.settleMs", 100L);

    static void settle() {
        if (SETTLE_MS <= 0) return;
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Milliseconds per call over {@code reps} calls. */
    static double sample(Runnable op, int reps) {
        long s = System.nanoTime();
        for (int i = 0; i < reps; i++) op.run();
        return (System.nanoTime() - s) / 1e6 / reps;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
