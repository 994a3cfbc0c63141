package org.bert4j.tasks.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bert4j.optim.AdamW;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.train.BatchSampler;
import org.bert4j.train.ProgressListener;
import org.bert4j.train.TrainConfig;
import org.bert4j.train.TrainResult;
import org.bert4j.train.Trainer;

/**
 * Fine-tuning for sentence(-pair) classification end to end, as google-research/bert
 * {@code run_classifier.py --do_train --do_eval} and Hugging Face {@code run_glue.py}: read the data,
 * load the model (new head), train with the {@link FineTuneConfig} recipe through the
 * {@link Trainer}, evaluate on the development set after every epoch, and keep the epoch that is best
 * on the task's primary metric.
 *
 * <p>Output folder {@code OUT}: {@code metrics.jsonl} and the training curves ({@code curves.*}),
 * {@code checkpoint-N/} (the newest end-of-epoch state, for {@code --resume}), {@code best/} (the best
 * epoch's model as a Hugging Face {@code BertForSequenceClassification} folder, see
 * {@link ClassifierModel#save}), {@code eval_results.json} (every epoch's metrics and the best), and
 * {@code classification_report.txt}/{@code .json} (confusion matrix and per-class precision/recall of
 * the best epoch; classification only).
 */
public final class GlueFineTuning {
    public static final String BEST = "best", EVAL_RESULTS = "eval_results.json", REPORT = "classification_report";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GlueFineTuning() {}

    /**
     * What to train and evaluate on.
     *
     * @param taskName the task's name ({@code finetuning_task} in the saved config)
     * @param glueTask the GLUE task (its metrics), or null for a user's own data
     * @param labels   the label set (the GLUE task's, or the training file's)
     */
    public record Data(String taskName, GlueTask glueTask, LabelSet labels, List<Example> train, List<Example> dev) {
        public Data {
            train = List.copyOf(train);
            dev = List.copyOf(dev);
        }

        /** The first {@code n} training examples (a stated subset); all if {@code n <= 0} or more than there are. */
        public Data limitTrain(int n) {
            return n <= 0 || n >= train.size() ? this : new Data(taskName, glueTask, labels, train.subList(0, n), dev);
        }
    }

    /** A GLUE task's {@code dir/train.tsv} and development file ({@code dev.tsv}; MNLI {@code dev_matched.tsv}). */
    public static Data glue(GlueTask task, Path dir) {
        List<Example> train = GlueReader.read(task, dir.resolve(task.fileName(Split.TRAIN)), Split.TRAIN);
        List<Example> dev = GlueReader.read(task, dir.resolve(task.fileName(Split.DEV)), Split.DEV);
        return new Data(task.id(), task, task.labelSet(), train, dev);
    }

    /** A user's own {@code train} and {@code dev} files; the labels are the training file's (sorted), checked against dev. */
    public static Data own(String taskName, GenericReader reader, Path trainFile, Path devFile) {
        List<Example> train = reader.read(trainFile, Split.TRAIN);
        List<Example> dev = reader.read(devFile, Split.DEV);
        LabelSet labels = reader.regression() ? LabelSet.regression() : LabelSet.fromTraining(train);
        labels.check(dev, devFile.toString());
        return new Data(taskName, null, labels, train, dev);
    }

    /** One end-of-epoch evaluation. */
    public record Epoch(int epoch, long step, Map<String, Double> metrics) {}

    /**
     * How the run went.
     *
     * @param primaryMetric the metric that chose the best epoch
     * @param epochs        every evaluation, in order
     * @param best          the best epoch (null if no evaluation gave a finite primary metric)
     * @param bestDir       {@code OUT/best} (null if nothing was saved)
     * @param bestReport    the best epoch's classification report (null for regression)
     * @param training      the trainer's result
     * @param seconds       wall time of this call
     * @param trainExamples number of training examples
     */
    public record Result(String primaryMetric, List<Epoch> epochs, Epoch best, Path bestDir, ClassificationReport bestReport,
                         TrainResult training, double seconds, int trainExamples) {}

    /**
     * Fine-tunes {@code model} (a folder or weights file) on {@code data} with {@code config}, writing
     * {@code out}; with {@code resumeFrom} (a checkpoint or run folder) it continues that run.
     */
    public static Result run(Path model, Data data, FineTuneConfig config, Path out, Path resumeFrom, List<ProgressListener> listeners) {
        long start = System.nanoTime();
        BertTokenizer tokenizer = org.bert4j.tokenizer.Tokenizers.load(model, null);
        ClassifierModel classifier = ClassifierModel.forFineTuning(model, data.labels(), data.taskName(), config.seed());
        int maxLen = Math.min(config.maxSeqLength(), classifier.config().maxPositionEmbeddings());
        List<Feature> train = ClassificationFeatures.encode(tokenizer, data.train(), maxLen, data.labels());
        List<Feature> dev = ClassificationFeatures.encode(tokenizer, data.dev(), maxLen, data.labels());
        GlueTrainingTask task = new GlueTrainingTask(classifier, train, dev, data.glueTask(), tokenizer.padId(), config.evalBatchSize());

        BatchSampler sampler = new BatchSampler(task.lengths(), config.batchSize(), config.seed(), true, 50, false);
        int stepsPerEpoch = sampler.batchesPerEpoch();
        long total = (long) stepsPerEpoch * config.epochs();
        String primary = ClassifierEvaluation.primaryMetric(data.glueTask(), data.labels());
        TrainConfig tc = TrainConfig.of(total, config.learningRate())
                .withSchedule("linear", Math.round(total * config.warmupRatio()))
                .withMaxGradNorm(config.maxGradNorm())
                .withEvalEvery(stepsPerEpoch)
                .withCheckpointEvery(stepsPerEpoch, 1)
                .withSeed(config.seed())
                .withBestMetric(primary, true);
        Trainer<PaddedBatch> trainer = new Trainer<>(task, sampler, new AdamW(config.weightDecay()), tc, out);

        List<Epoch> epochs = new ArrayList<>();
        if (resumeFrom != null) {
            trainer.resume(resumeFrom);
            epochs.addAll(readEpochs(out.resolve(EVAL_RESULTS), trainer.step()));
        }
        BestKeeper keeper = new BestKeeper(task, tokenizer, data, config, out, primary, stepsPerEpoch, epochs);
        trainer.addListener(keeper);
        for (ProgressListener l : listeners) trainer.addListener(l);
        TrainResult tr = trainer.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        keeper.write(seconds, train.size());
        return new Result(primary, List.copyOf(keeper.epochs), keeper.best(), keeper.best() == null ? null : out.resolve(BEST),
                keeper.bestReport, tr, seconds, train.size());
    }

    private static boolean better(double v, double best) {
        return Double.isFinite(v) && (!Double.isFinite(best) || v > best);
    }

    /** Records each evaluation, saves the model when the primary metric improves, writes eval_results.json. */
    private static final class BestKeeper implements ProgressListener {
        final GlueTrainingTask task;
        final BertTokenizer tokenizer;
        final Data data;
        final FineTuneConfig config;
        final Path out;
        final String primary;
        final int stepsPerEpoch;
        final List<Epoch> epochs;
        ClassificationReport bestReport; // of this process's best epoch (a resumed run's earlier report stays on disk)
        double seconds = Double.NaN;
        int trainExamples;

        BestKeeper(GlueTrainingTask task, BertTokenizer tokenizer, Data data, FineTuneConfig config, Path out, String primary,
                   int stepsPerEpoch, List<Epoch> epochs) {
            this.task = task;
            this.tokenizer = tokenizer;
            this.data = data;
            this.config = config;
            this.out = out;
            this.primary = primary;
            this.stepsPerEpoch = stepsPerEpoch;
            this.epochs = new ArrayList<>(epochs);
        }

        Epoch best() {
            Epoch b = null;
            for (Epoch e : epochs) {
                if (better(e.metrics().getOrDefault(primary, Double.NaN), b == null ? Double.NaN : b.metrics().getOrDefault(primary, Double.NaN))) b = e;
            }
            return b;
        }

        @Override
        public void onEvaluate(long step, Map<String, Double> metrics) {
            Epoch e = new Epoch((int) ((step + stepsPerEpoch - 1) / stepsPerEpoch), step, new LinkedHashMap<>(metrics));
            epochs.add(e);
            if (best() == e) {
                Path tmp = out.resolve("." + BEST + ".tmp");
                deleteTree(tmp);
                task.model().save(tmp, tokenizer);
                deleteTree(out.resolve(BEST));
                try {
                    Files.move(tmp, out.resolve(BEST), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot move the best model into " + out.resolve(BEST), ex);
                }
                ClassifierEvaluation.Result r = task.lastEvaluation();
                bestReport = r == null ? null : r.report();
                writeReport();
            }
            write(seconds, trainExamples);
        }

        private void writeReport() {
            if (bestReport == null) return;
            try {
                Files.writeString(out.resolve(REPORT + ".txt"), bestReport.render(), StandardCharsets.UTF_8);
                Files.writeString(out.resolve(REPORT + ".json"), JSON.writeValueAsString(bestReport.toMap()) + "\n", StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write the classification report in " + out, ex);
            }
        }

        void write(double wallSeconds, int examples) {
            this.seconds = wallSeconds;
            this.trainExamples = examples;
            ObjectNode n = JSON.createObjectNode();
            n.put("task", data.taskName());
            n.put("primary_metric", primary);
            ArrayNode a = n.putArray("epochs");
            for (Epoch e : epochs) a.add(epochNode(e));
            Epoch b = best();
            if (b != null) n.set("best", epochNode(b));
            else n.putNull("best");
            n.set("config", JSON.valueToTree(config.toMap()));
            if (examples > 0) n.put("train_examples", examples);
            n.put("dev_examples", data.dev().size());
            if (Double.isFinite(wallSeconds)) n.put("wall_seconds", wallSeconds);
            try {
                Files.createDirectories(out);
                Path tmp = out.resolve("." + EVAL_RESULTS + ".tmp");
                Files.writeString(tmp, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, out.resolve(EVAL_RESULTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write " + out.resolve(EVAL_RESULTS), ex);
            }
        }
    }

    private static ObjectNode epochNode(Epoch e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", e.epoch());
        o.put("step", e.step());
        e.metrics().forEach((k, v) -> {
            if (Double.isFinite(v)) o.put(k, v);
            else o.putNull(k);
        });
        return o;
    }

    /** The epochs of an earlier run's eval_results.json up to {@code step} (for --resume). */
    static List<Epoch> readEpochs(Path file, long upToStep) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            JsonNode n = JSON.readTree(file.toFile());
            List<Epoch> out = new ArrayList<>();
            for (JsonNode e : n.path("epochs")) {
                long step = e.path("step").asLong();
                if (step > upToStep) continue;
                Map<String, Double> m = new LinkedHashMap<>();
                e.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("epoch") && !f.getKey().equals("step")) m.put(f.getKey(), f.getValue().isNull() ? Double.NaN : f.getValue().asDouble());
                });
                out.add(new Epoch(e.path("epoch").asInt(), step, m));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Copies a folder's files (one level, as a model folder is) into {@code to}, replacing it. */
    public static void copyFolder(Path from, Path to) {
        deleteTree(to);
        try {
            Files.createDirectories(to);
            try (Stream<Path> s = Files.list(from)) {
                for (Path p : s.toList()) if (Files.isRegularFile(p)) Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
