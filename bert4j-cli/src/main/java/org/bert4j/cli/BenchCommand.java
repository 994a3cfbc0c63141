package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.heads.MaskedLmHead;
import org.bert4j.heads.NextSentenceHead;
import org.bert4j.hub.ModelHub;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.Flops;
import org.bert4j.model.Init;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.optim.AdamW;
import org.bert4j.optim.Optimizer;
import org.bert4j.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j bench}: times bert4j alone on seeded random token ids, inference (encoder forward
 * with prepacked weights) or training (one {@code BertForPreTraining} step: MLM on 15% of positions
 * plus NSP, backward, AdamW). Warms up first, then reports the median and spread of the iterations;
 * GFLOP/s count the encoder's matrix products only ({@link Flops}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time bert4j: inference or a training step on random token ids.",
                "--model takes a model name or folder, or random:L<layers>-H<hidden>[-A<heads>][-I<intermediate>]",
                "(or random:base) for a randomly initialized model of that shape."})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "model name, folder or random:L4-H256 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--batch-size", defaultValue = "8", description = "sequences per batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seq-length", defaultValue = "128", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    int seqLength;

    @Option(names = "--threads", defaultValue = "0", description = "threads (default: all, the bert4j.threads team size)")
    int threads;

    @Option(names = "--iterations", defaultValue = "10", description = "timed iterations after the warm-up (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--mode", defaultValue = "infer", description = "infer or train (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "warm-up: at least one iteration, this many seconds of wall-clock and of CPU time (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the token ids, labels and random weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    /** What was measured. */
    record Result(String model, String mode, int batchSize, int seqLength, int threads, String kernels, int iterations,
                  double medianMs, double p10Ms, double p90Ms, double minMs, double maxMs, double flopsPerIteration,
                  double cpuMsPerIteration, double[] iterationMs) {
        double sequencesPerSecond() { return batchSize / (medianMs / 1e3); }

        double tokensPerSecond() { return (double) batchSize * seqLength / (medianMs / 1e3); }

        double gflops() { return flopsPerIteration / (medianMs / 1e3) / 1e9; }

        /** GFLOP per second of process CPU time: what the threads achieve while they run, much less sensitive to other load. */
        double gflopsPerCpuSecond() { return flopsPerIteration / (cpuMsPerIteration / 1e3) / 1e9; }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            if (batchSize < 1 || seqLength < 2 || iterations < 1) {
                throw new CommandErrors.UsageException("--batch-size and --iterations must be >= 1, --seq-length >= 2");
            }
            if (!mode.equals("infer") && !mode.equals("train")) throw new CommandErrors.UsageException("--mode must be infer or train, not " + mode);
            if (threads < 0) throw new CommandErrors.UsageException("--threads must be >= 1");
            int t = threads == 0 ? Parallel.maxThreads() : threads;
            if (t > Parallel.maxThreads()) {
                spec.commandLine().getErr().printf("bert4j bench: %d threads asked, the team has %d (set -Dbert4j.threads=%d in BERT4J_JAVA_OPTS)%n",
                        t, Parallel.maxThreads(), t);
                t = Parallel.maxThreads();
            }
            if (!heapFixed()) {
                spec.commandLine().getErr().println("bert4j bench: the heap can still grow (-Xms below -Xmx): iterations that touch new heap pages"
                        + " run up to 2.5x slower on some machines. For steady timings: BERT4J_JAVA_OPTS=\"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"");
            }
            int tt = t;
            Result r = Parallel.withThreads(t, () -> run(tt));
            print(out, r);
            out.flush();
            return 0;
        });
    }

    /** Whether the heap was sized once (-Xms equal to -Xmx) and pre-touched, so that no iteration pays for fresh pages. */
    static boolean heapFixed() {
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        if (vm == null) return true; // not HotSpot: nothing to say
        return vm.getVMOption("InitialHeapSize").getValue().equals(vm.getVMOption("MaxHeapSize").getValue())
                && Boolean.parseBoolean(vm.getVMOption("AlwaysPreTouch").getValue());
    }

    private Result run(int t) {
        BertConfig config;
        BertModel bert;
        BertForPreTraining pre = null;
        boolean train = mode.equals("train");
        BertConfig random = randomConfig(model);
        if (random != null) {
            config = random;
            if (train) {
                pre = BertForPreTraining.create(config);
                Init.normal(pre.params(), config.initializerRange(), new SplittableRandom(seed));
                bert = pre.bert;
            } else {
                bert = new BertModel(config, true);
                bert.initialize(new SplittableRandom(seed));
            }
        } else {
            Path dir = ModelHub.defaults().resolve(model);
            if (train) {
                pre = withHeads(BertForPreTraining.load(dir, null));
                bert = pre.bert;
            } else {
                bert = BertModels.load(dir);
            }
            config = bert.config();
        }
        if (seqLength > config.maxPositionEmbeddings()) {
            throw new CommandErrors.UsageException("--seq-length " + seqLength + " exceeds the model's " + config.maxPositionEmbeddings() + " positions");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] ids = randomIds(rng, batchSize, seqLength, config.vocabSize());
        int[][] types = new int[batchSize][seqLength];
        for (int[] row : types) Arrays.fill(row, seqLength / 2, seqLength, 1);
        PackedBatch batch = PackedBatch.of(ids, types, null);
        Runnable step;
        double flops;
        if (train) {
            int[][] labels = mlmLabels(rng, ids);
            int[] nsp = new int[batchSize];
            for (int b = 0; b < batchSize; b++) nsp[b] = rng.nextInt(2);
            BertForPreTraining m = pre;
            List<Param> params = m.params();
            Optimizer opt = new AdamW(0.01);
            long[] stepNo = {0};
            step = () -> {
                m.zeroGrad();
                m.forwardBackward(batch, labels, nsp, ForwardContext.training(seed + stepNo[0]++));
                opt.step(params, 1e-5);
            };
            flops = Flops.encoderTrainStep(config, batchSize, seqLength);
        } else {
            bert.packForInference();
            BertModel m = bert;
            step = () -> m.forward(batch, ForwardContext.EVAL);
            flops = Flops.encoderForward(config, batchSize, seqLength);
        }
        // warm-up: at least one iteration, warmupSeconds of wall-clock time and as much process CPU
        // time (on a loaded machine the JIT needs CPU time, not wall time, to reach C2 code)
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long cpuEnd = processCpuNanos() + (long) (warmupSeconds * 1e9);
        do step.run(); while (System.nanoTime() < end || processCpuNanos() < cpuEnd);
        double[] ms = new double[iterations];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        double cpuMs = (processCpuNanos() - cpu0) / 1e6 / iterations;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Result(model, mode, batchSize, seqLength, t, bert.kernels().name(), iterations,
                percentile(sorted, 50), percentile(sorted, 10), percentile(sorted, 90), sorted[0], sorted[sorted.length - 1], flops, cpuMs, ms);
    }

    private void print(PrintWriter out, Result r) {
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("model", r.model()).put("mode", r.mode()).put("batch_size", r.batchSize()).put("seq_length", r.seqLength())
                    .put("threads", r.threads()).put("kernels", r.kernels()).put("iterations", r.iterations())
                    .put("median_ms", r.medianMs()).put("p10_ms", r.p10Ms()).put("p90_ms", r.p90Ms())
                    .put("min_ms", r.minMs()).put("max_ms", r.maxMs())
                    .put("sequences_per_second", r.sequencesPerSecond()).put("tokens_per_second", r.tokensPerSecond())
                    .put("gflops", r.gflops()).put("cpu_ms", r.cpuMsPerIteration()).put("gflops_per_cpu_second", r.gflopsPerCpuSecond())
                    .put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            o.put("heap_fixed", heapFixed());
            var each = o.putArray("iteration_ms"); // in the order they ran: drifts and bimodal spreads show here
            for (double v : r.iterationMs()) each.add(v);
            out.println(o.toString());
        } else {
            out.printf("%s %s, batch %d x %d tokens, %d thread(s), kernels %s%n", r.model(), r.mode(), r.batchSize(), r.seqLength(),
                    r.threads(), r.kernels());
            out.printf("median %.1f ms (p10 %.1f, p90 %.1f, min %.1f, max %.1f over %d iterations)%n", r.medianMs(), r.p10Ms(), r.p90Ms(),
                    r.minMs(), r.maxMs(), r.iterations());
            out.printf("%.2f sequences/s, %.0f tokens/s, %.1f GFLOP/s (encoder matrix products), load average %.2f%n",
                    r.sequencesPerSecond(), r.tokensPerSecond(), r.gflops(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.printf("%.0f ms of CPU time per iteration (mean, all threads): %.1f GFLOP per CPU-second%n", r.cpuMsPerIteration(),
                    r.gflopsPerCpuSecond());
        }
    }

    private static final Pattern RANDOM = Pattern.compile("random:L(\\d+)-H(\\d+)(?:-A(\\d+))?(?:-I(\\d+))?");

    /** The configuration of a {@code random:...} model argument, or null for a real model. */
    static BertConfig randomConfig(String arg) {
        if (!arg.startsWith("random:")) return null;
        if (arg.equals("random:base")) return BertConfig.base();
        Matcher m = RANDOM.matcher(arg);
        if (!m.matches()) throw new CommandErrors.UsageException("--model " + arg + ": expected random:L<layers>-H<hidden>[-A<heads>][-I<intermediate>] or random:base");
        int l = Integer.parseInt(m.group(1)), h = Integer.parseInt(m.group(2));
        int a = m.group(3) != null ? Integer.parseInt(m.group(3)) : Math.max(1, h / 64);
        int i = m.group(4) != null ? Integer.parseInt(m.group(4)) : 4 * h;
        BertConfig b = BertConfig.base();
        return new BertConfig(b.vocabSize(), h, l, a, i, b.hiddenAct(), b.hiddenDropoutProb(), b.attentionProbsDropoutProb(),
                b.maxPositionEmbeddings(), b.typeVocabSize(), b.initializerRange(), b.layerNormEps());
    }

    /** A checkpoint without pre-training heads (e.g. a sentence-transformers export) gets fresh random ones. */
    private BertForPreTraining withHeads(BertForPreTraining m) {
        if (m.mlm != null && m.nsp != null) return m;
        BertConfig c = m.config();
        BertForPreTraining full = new BertForPreTraining(m.bert, m.mlm != null ? m.mlm : new MaskedLmHead(c, m.bert.embeddings.wordEmbeddings),
                m.nsp != null ? m.nsp : new NextSentenceHead(c));
        List<Param> fresh = new ArrayList<>();
        if (m.mlm == null) fresh.addAll(full.mlm.params());
        if (m.nsp == null) fresh.addAll(full.nsp.params());
        Init.normal(fresh, c.initializerRange(), new SplittableRandom(seed));
        return full;
    }

    /** {@code [CLS] random ... [SEP] random ... [SEP]}, ids drawn from the vocabulary past the first 1000 (special and unused). */
    static int[][] randomIds(SplittableRandom rng, int batch, int len, int vocab) {
        int lo = Math.min(1000, vocab / 2);
        int[][] ids = new int[batch][len];
        for (int[] row : ids) {
            for (int t = 0; t < len; t++) row[t] = lo + rng.nextInt(vocab - lo);
            row[0] = Math.min(101, vocab - 1);
            row[len / 2 - 1 < 1 ? len - 1 : len / 2 - 1] = Math.min(102, vocab - 1);
            row[len - 1] = Math.min(102, vocab - 1);
        }
        return ids;
    }

    /** 15% of the positions (at least one per sequence, not [CLS]) labelled with their original id, as BERT's masking. */
    static int[][] mlmLabels(SplittableRandom rng, int[][] ids) {
        int[][] labels = new int[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            labels[b] = new int[ids[b].length];
            Arrays.fill(labels[b], BertForPreTraining.IGNORE);
            int n = Math.max(1, Math.round(ids[b].length * 0.15f));
            for (int j = 0; j < n; j++) {
                int t = 1 + rng.nextInt(ids[b].length - 1);
                labels[b][t] = ids[b][t];
            }
        }
        return labels;
    }

    /** CPU time of the whole process (all threads, including spinning workers), nanoseconds. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0L;
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
