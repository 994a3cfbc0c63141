package org.bert4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bert4j.tasks.classification.DataFormatException;
import org.bert4j.tasks.classification.FineTuneConfig;
import org.bert4j.tasks.classification.GlueFineTuning;
import org.bert4j.tasks.classification.GlueTask;
import org.bert4j.tensor.Parallel;
import org.bert4j.train.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j finetune glue}: the paper's GLUE fine-tuning (§4.1) — AdamW, lr 2e-5, weight decay
 * 0.01, 10% linear warm-up then linear decay, batch 32, 128 tokens, 3 epochs, clipping at 1.0 —
 * evaluating on the development set after every epoch and keeping the best epoch in {@code OUT/best}.
 * {@code --grid} runs the paper's search (§A.3) instead.
 */
@Command(name = "glue", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tune on a GLUE task (DIR/train.tsv, evaluated on DIR/dev.tsv after every epoch) or on your own data "
                + "(--format). Writes OUT/best (the best epoch, a Hugging Face BertForSequenceClassification folder), "
                + "OUT/eval_results.json, OUT/classification_report.txt, OUT/metrics.jsonl and the training curves.")
public final class FinetuneGlueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, description = "GLUE task (cola, sst-2, mrpc, sts-b, qqp, mnli, qnli, rte, wnli), or any name with --format")
    String task;

    @Option(names = "--model", required = true, description = "pre-trained model: a name (bert-base-uncased, all-MiniLM-L6-v2, ...), folder or file")
    String model;

    @Option(names = "--data-dir", required = true, description = "folder with train.tsv and dev.tsv (or train.<format> and dev.<format>)")
    Path dataDir;

    @Option(names = "--output", required = true, description = "output folder OUT")
    Path output;

    @Option(names = "--epochs", defaultValue = "3", description = "passes over the training data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--lr", defaultValue = "2e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--batch-size", defaultValue = "32", description = "training batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--max-seq-length", defaultValue = "128", description = "tokens per example, longer ones are truncated (default: ${DEFAULT-VALUE})")
    int maxSeqLength;

    @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "fraction of steps of linear warm-up (default: ${DEFAULT-VALUE})")
    double warmupRatio;

    @Option(names = "--seed", defaultValue = "42", description = "seed of head initialization, shuffling and dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--grid", description = "the paper's search: batch {16, 32} x lr {5e-5, 3e-5, 2e-5} x epochs {2, 3, 4}, each under OUT/grid/; best to OUT/best")
    boolean grid;

    @Option(names = "--max-train-examples", defaultValue = "0", description = "train on the first N training examples only (0: all)")
    int maxTrainExamples;

    @Option(names = "--resume", description = "continue the run from this checkpoint (OUT/checkpoint-N) or run folder")
    Path resume;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads (default: all cores)")
    int threads;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Mixin OwnDataOptions own;

    static final int[] GRID_BATCH = {16, 32};
    static final double[] GRID_LR = {5e-5, 3e-5, 2e-5};
    static final int[] GRID_EPOCHS = {2, 3, 4};

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            if (threads < 0) throw new CommandErrors.UsageException("--threads must be positive");
            if (grid && resume != null) throw new CommandErrors.UsageException("--grid and --resume cannot be combined");
            if (!Files.isDirectory(dataDir)) throw new CommandErrors.UsageException("--data-dir " + dataDir + " is not a folder");
            if (resume != null && !Files.exists(resume)) throw new CommandErrors.UsageException("--resume " + resume + " does not exist");
            FineTuneConfig cfg;
            try {
                cfg = FineTuneConfig.paper().withEpochs(epochs).withLearningRate(lr).withBatchSize(batchSize)
                        .withMaxSeqLength(maxSeqLength).withWarmupRatio(warmupRatio).withSeed(seed);
            } catch (IllegalArgumentException e) {
                throw new CommandErrors.UsageException(e.getMessage());
            }
            GlueFineTuning.Data data = readData();
            Path modelPath = ConsoleDownloads.hub().resolve(model);
            int t = threads > 0 ? threads : Parallel.maxThreads();
            out.printf(Locale.ROOT, "finetune %s: model %s, %d training / %d dev examples, labels %s%n", data.taskName(), modelPath,
                    data.train().size(), data.dev().size(), data.labels());
            out.flush();
            return Parallel.withThreads(t, () -> grid ? runGrid(out, modelPath, data, cfg) : runOne(out, modelPath, data, cfg));
        });
    }

    private GlueFineTuning.Data readData() {
        try {
            GlueFineTuning.Data d;
            if (own.given()) {
                Path train = own.file(dataDir, "train"), dev = own.file(dataDir, "dev");
                d = GlueFineTuning.own(task, own.reader(), train, dev);
                GlueTask glue = glueTaskOrNull(task);
                if (glue != null && glue.labelSet().equals(d.labels())) d = new GlueFineTuning.Data(glue.id(), glue, d.labels(), d.train(), d.dev());
            } else {
                GlueTask glue;
                try {
                    glue = GlueTask.parse(task);
                } catch (IllegalArgumentException e) {
                    throw new CommandErrors.UsageException(e.getMessage() + " (or pass --format for your own data)");
                }
                if (!glue.hasLabeledData()) throw new CommandErrors.UsageException(glue.displayName() + " has no training data (it is test only)");
                d = GlueFineTuning.glue(glue, dataDir);
            }
            if (maxTrainExamples < 0) throw new CommandErrors.UsageException("--max-train-examples must be positive");
            return d.limitTrain(maxTrainExamples);
        } catch (DataFormatException e) {
            throw new CommandErrors.UsageException(e.getMessage());
        }
    }

    static GlueTask glueTaskOrNull(String name) {
        try {
            return GlueTask.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private List<ProgressListener> progress(String name) {
        return quiet ? List.of() : List.of(new ConsoleProgress(name));
    }

    private int runOne(PrintWriter out, Path modelPath, GlueFineTuning.Data data, FineTuneConfig cfg) {
        GlueFineTuning.Result r = GlueFineTuning.run(modelPath, data, cfg, output, resume, progress(data.taskName()));
        print(out, r);
        return r.training().diverged() ? CommandErrors.FAILURE : 0;
    }

    private void print(PrintWriter out, GlueFineTuning.Result r) {
        for (GlueFineTuning.Epoch e : r.epochs()) out.println("epoch " + e.epoch() + " (step " + e.step() + "): " + metrics(e.metrics()));
        if (r.best() != null) {
            out.printf(Locale.ROOT, "best: epoch %d, %s = %.4f -> %s%n", r.best().epoch(), r.primaryMetric(),
                    r.best().metrics().get(r.primaryMetric()), r.bestDir());
        } else {
            out.println("no epoch gave a finite " + r.primaryMetric() + "; nothing saved to " + output.resolve(GlueFineTuning.BEST));
        }
        if (r.bestReport() != null) out.print(r.bestReport().render());
        out.printf(Locale.ROOT, "wall time %.1f s (%d training examples, %.1f examples/s overall, evaluation included); results in %s%n", r.seconds(), r.trainExamples(),
                r.training().steps() == 0 ? 0.0 : r.trainExamples() * (double) r.epochs().size() / r.seconds(), output.resolve(GlueFineTuning.EVAL_RESULTS));
        if (r.training().diverged()) out.println("stopped: " + r.training().stopReason());
        out.flush();
    }

    static String metrics(Map<String, Double> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s = %.4f", k, v)));
        return s.toString();
    }

    /** One grid cell's run folder name, e.g. {@code bs16-lr5e-05-ep2}. */
    static String cellName(int batch, double lr, int epochs) {
        return String.format(Locale.ROOT, "bs%d-lr%s-ep%d", batch, lrText(lr), epochs);
    }

    static String lrText(double lr) {
        return String.format(Locale.ROOT, "%.0e", lr);
    }

    private int runGrid(PrintWriter out, Path modelPath, GlueFineTuning.Data data, FineTuneConfig base) {
        record Cell(int batch, double lr, int epochs, GlueFineTuning.Result result) {}
        List<Cell> cells = new ArrayList<>();
        String primary = null;
        int n = GRID_BATCH.length * GRID_LR.length * GRID_EPOCHS.length, i = 0;
        for (int b : GRID_BATCH) {
            for (double l : GRID_LR) {
                for (int e : GRID_EPOCHS) {
                    i++;
                    Path dir = output.resolve("grid").resolve(cellName(b, l, e));
                    out.printf(Locale.ROOT, "grid %d/%d: batch %d, lr %s, %d epochs -> %s%n", i, n, b, lrText(l), e, dir);
                    out.flush();
                    FineTuneConfig cfg = base.withBatchSize(b).withLearningRate(l).withEpochs(e);
                    GlueFineTuning.Result r = GlueFineTuning.run(modelPath, data, cfg, dir, null, progress(cellName(b, l, e)));
                    primary = r.primaryMetric();
                    cells.add(new Cell(b, l, e, r));
                    print(out, r);
                }
            }
        }
        Cell best = null;
        for (Cell c : cells) {
            double v = c.result().best() == null ? Double.NaN : c.result().best().metrics().get(primary);
            double bv = best == null || best.result().best() == null ? Double.NaN : best.result().best().metrics().get(primary);
            if (Double.isFinite(v) && (!Double.isFinite(bv) || v > bv)) best = c;
        }
        StringBuilder md = new StringBuilder();
        md.append("# Grid search: ").append(data.taskName()).append(" (dev ").append(primary).append(")\n\n");
        md.append("Model `").append(model).append("`, seed ").append(base.seed()).append(", max sequence length ")
          .append(base.maxSeqLength()).append(", ").append(data.train().size()).append(" training / ").append(data.dev().size())
          .append(" dev examples. Paper §A.3: batch {16, 32} × lr {5e-5, 3e-5, 2e-5} × epochs {2, 3, 4}; each run keeps its best epoch.\n\n");
        md.append("| batch | lr | epochs | best epoch | ").append(primary).append(" | all dev metrics | wall s |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            GlueFineTuning.Epoch be = c.result().best();
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %s | %s | %.0f |%s%n", c.batch(), lrText(c.lr()), c.epochs(),
                    be == null ? "-" : Integer.toString(be.epoch()),
                    be == null ? "-" : String.format(Locale.ROOT, "%.4f", be.metrics().get(primary)),
                    be == null ? "-" : metrics(be.metrics()), c.result().seconds(), c == best ? " **best**" : ""));
        }
        if (best != null) {
            md.append(String.format(Locale.ROOT, "%nBest: batch %d, lr %s, %d epochs (epoch %d): %s = %.4f, copied to `%s`.%n",
                    best.batch(), lrText(best.lr()), best.epochs(), best.result().best().epoch(), primary,
                    best.result().best().metrics().get(primary), output.resolve(GlueFineTuning.BEST)));
            GlueFineTuning.copyFolder(best.result().bestDir(), output.resolve(GlueFineTuning.BEST));
        }
        try {
            Files.createDirectories(output);
            Files.writeString(output.resolve("grid.md"), md.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + output.resolve("grid.md"), e);
        }
        out.println();
        out.print(md);
        out.flush();
        return best == null ? CommandErrors.FAILURE : 0;
    }
}
