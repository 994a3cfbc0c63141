package org.bert4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bert4j.hub.ModelFolder;
import org.bert4j.optim.AdamW;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.train.BatchSampler;
import org.bert4j.train.ProgressListener;
import org.bert4j.train.TrainConfig;
import org.bert4j.train.TrainResult;
import org.bert4j.train.TrainableTask;
import org.bert4j.train.Trainer;

/**
 * What the {@code finetune squad|ner|swag} verbs share: model and tokenizer lookup, the training loop
 * (AdamW with weight decay 0.01, linear schedule with warm-up, clipping at 1.0, as Google's
 * {@code optimization.py}) and keeping the best evaluated model in {@code OUT/best}.
 */
final class FinetuneSupport {
    private FinetuneSupport() {}

    /** The training settings of one run. */
    record Settings(double epochs, double learningRate, int batchSize, long seed, double warmupProportion, double weightDecay,
                    long evalEvery, long maxSteps, boolean quiet, int threads) {}

    /** A model name, folder or file resolved to a local path (downloading known names). */
    static Path resolveModel(String model) {
        return ConsoleDownloads.hub().resolve(model);
    }

    static Path folderOf(Path modelFolderOrFile) {
        return Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
    }

    /** Whether the model's tokenizer lower-cases (as its folder says; true if it does not say). */
    static boolean lowercase(Path modelFolderOrFile) {
        return new ModelFolder(folderOf(modelFolderOrFile)).lowercase().orElse(true);
    }

    static BertTokenizer tokenizer(Path modelFolderOrFile) {
        return BertTokenizer.fromModelFolder(folderOf(modelFolderOrFile), lowercase(modelFolderOrFile));
    }

    static Path requireFile(String option, Path p) {
        if (p == null) throw new CommandErrors.UsageException(option + " is required");
        if (!Files.isRegularFile(p)) throw new UserException(option + " " + p + " does not exist", Main.EXIT_FAILURE);
        return p;
    }

    /** Prints the first few data problems (file:line or file and id) and how many there were. */
    static void reportProblems(PrintWriter err, List<String> problems, String what) {
        if (problems.isEmpty()) return;
        int shown = Math.min(10, problems.size());
        for (int i = 0; i < shown; i++) err.println("warning: " + problems.get(i));
        if (problems.size() > shown) err.println("warning: ... and " + (problems.size() - shown) + " more");
        err.println("warning: " + problems.size() + " " + what);
        err.flush();
    }

    /** Keeps the best evaluation (by {@code metric}, larger is better): calls {@code save} when it improves. */
    static final class BestKeeper implements ProgressListener {
        private final String metric;
        private final Runnable save;
        private double best = Double.NEGATIVE_INFINITY;
        private Map<String, Double> bestMetrics = Map.of();
        private long bestStep = -1;

        BestKeeper(String metric, Runnable save) {
            this.metric = metric;
            this.save = save;
        }

        @Override
        public void onEvaluate(long step, Map<String, Double> metrics) {
            Double v = metrics.get(metric);
            if (v == null || !(v > best)) return;
            best = v;
            bestStep = step;
            bestMetrics = Map.copyOf(metrics);
            save.run();
        }

        boolean saved() { return bestStep >= 0; }

        long bestStep() { return bestStep; }

        Map<String, Double> bestMetrics() { return bestMetrics; }
    }

    /**
     * Trains {@code task} for {@code s.epochs()} epochs over examples of the given lengths (or
     * {@code s.maxSteps()} steps if positive), evaluating every {@code s.evalEvery()} steps (0: once
     * per epoch) and at the end, with metrics and checkpoints in {@code out}.
     */
    static <B> TrainResult train(TrainableTask<B> task, int[] lengths, Settings s, Path out, String name, String bestMetric,
                                 ProgressListener... listeners) {
        if (s.threads() < 0) throw new CommandErrors.UsageException("--threads must be 1 or more (0: all cores), got " + s.threads());
        BatchSampler sampler = new BatchSampler(lengths, s.batchSize(), s.seed(), true, 1, false);
        long steps = s.maxSteps() > 0 ? s.maxSteps() : TrainConfig.stepsForEpochs(s.epochs(), sampler.batchesPerEpoch(), 1);
        long evalEvery = s.evalEvery() > 0 ? s.evalEvery() : sampler.batchesPerEpoch();
        TrainConfig config = TrainConfig.of(steps, s.learningRate())
                .withSchedule("linear", Math.round(steps * s.warmupProportion()))
                .withSeed(s.seed())
                .withEvalEvery(evalEvery)
                .withCheckpointEvery(0, 1)
                .withBestMetric(bestMetric, true);
        Trainer<B> trainer = new Trainer<>(task, sampler, new AdamW(s.weightDecay()), config, out);
        if (!s.quiet()) trainer.addListener(new ConsoleProgress(name));
        for (ProgressListener l : listeners) trainer.addListener(l);
        System.err.printf(Locale.ROOT, "%s: %d training examples, batch %d, %d steps (%.2f epochs), lr %.2e, eval every %d steps%n", name,
                lengths.length, s.batchSize(), steps, (double) steps / sampler.batchesPerEpoch(), s.learningRate(), evalEvery);
        return s.threads() > 0 ? org.bert4j.tensor.Parallel.withThreads(s.threads(), trainer::run) : trainer.run();
    }

    /**
     * After training: fails if it diverged, makes sure OUT/best exists (the end-of-run model when no
     * evaluation improved), then writes OUT/eval_results.json (best step and metrics, the
     * training and evaluation counts, final loss) and prints it. Returns the JSON.
     */
    static String finish(TrainResult result, BestKeeper keeper, Runnable saveBest, String trainKey, int trainCount,
                         String evalKey, int evalCount, Path output, PrintWriter out) throws com.fasterxml.jackson.core.JsonProcessingException {
        if (result.diverged()) throw new UserException("training stopped: " + result.stopReason());
        if (!keeper.saved()) saveBest.run();
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("best_step", keeper.bestStep());
        summary.putAll(keeper.bestMetrics());
        summary.put(trainKey, trainCount);
        summary.put(evalKey, evalCount);
        summary.put("final_loss", result.lastLoss());
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
        write(output.resolve("eval_results.json"), json + "\n");
        out.println(json);
        out.flush();
        return json;
    }

    /**
     * Writes {@code text} to {@code file} through a hidden temporary sibling renamed into place, so a
     * reader (or a crash) never sees half a file.
     */
    static void writeAtomically(Path file, String text) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            Files.createDirectories(abs.getParent());
            Files.writeString(tmp, text);
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code file}. */
    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
