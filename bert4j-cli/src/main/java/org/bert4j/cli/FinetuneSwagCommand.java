package org.bert4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForMultipleChoice;
import org.bert4j.tasks.multiplechoice.ChoiceFeature;
import org.bert4j.tasks.multiplechoice.ChoiceFeatures;
import org.bert4j.tasks.multiplechoice.MultipleChoiceDataset;
import org.bert4j.tasks.multiplechoice.MultipleChoiceExample;
import org.bert4j.tasks.multiplechoice.MultipleChoiceReader;
import org.bert4j.tasks.multiplechoice.MultipleChoiceTask;
import org.bert4j.tasks.multiplechoice.SwagReader;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code finetune swag}: fine-tunes BERT for SWAG or any multiple-choice data (paper §4.4). */
@Command(name = "swag", mixinStandardHelpOptions = true,
        description = {"Fine-tune BERT for multiple choice. Files: SWAG train.csv/val.csv, SWAG JSONL (sent1, sent2,",
                "ending0..3, label) or the generic JSONL {\"context\", \"question\", \"endings\": [...], \"label\"}."})
public final class FinetuneSwagCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "pre-trained model: a name (bert-base-cased, ...), folder or file") String model;
    @Option(names = "--train-file", required = true, description = "training file") Path trainFile;
    @Option(names = "--dev-file", description = "evaluation file, scored after every epoch (optional)") Path devFile;
    @Option(names = "--output", required = true, description = "output folder OUT") Path output;
    @Option(names = "--max-seq-length", defaultValue = "128", description = "tokens per example (default: ${DEFAULT-VALUE})") int maxSeqLength;
    @Option(names = "--epochs", defaultValue = "3", description = "passes over the training data (default: ${DEFAULT-VALUE})") double epochs;
    @Option(names = "--lr", defaultValue = "2e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--batch-size", defaultValue = "16", description = "training batch size (default: ${DEFAULT-VALUE})") int batchSize;
    @Mixin TaskTrainingOptions training;
    @Option(names = "--max-train-examples", defaultValue = "0", description = "train on the first N examples only (0: all)") int maxTrain;

    /** Reads any of the supported formats, reporting problem lines; fails if nothing usable is left. */
    static List<MultipleChoiceExample> read(PrintWriter err, Path file, boolean needLabels) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        MultipleChoiceDataset d;
        if (name.endsWith(".csv")) {
            d = SwagReader.readCsv(file);
        } else {
            String first;
            try (var lines = Files.lines(file)) {
                first = lines.filter(l -> !l.isBlank()).findFirst().orElse("");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            d = first.contains("\"sent1\"") && first.contains("\"ending0\"") ? SwagReader.readJsonl(file) : MultipleChoiceReader.readJsonl(file);
        }
        FinetuneSupport.reportProblems(err, d.problems(), "examples of " + file + " left out");
        if (d.examples().isEmpty()) throw new CommandErrors.UsageException(file + " has no usable multiple-choice examples");
        if (needLabels) {
            for (MultipleChoiceExample e : d.examples()) {
                if (e.label() < 0) throw new CommandErrors.UsageException(file + ":" + e.line() + ": example has no label");
            }
        }
        return d.examples();
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--train-file", trainFile);
            if (devFile != null) FinetuneSupport.requireFile("--dev-file", devFile);
            List<MultipleChoiceExample> train = read(err, trainFile, true);
            if (maxTrain > 0 && train.size() > maxTrain) train = train.subList(0, maxTrain);
            List<MultipleChoiceExample> dev = devFile == null ? List.of() : read(err, devFile, true);
            if (!dev.isEmpty() && dev.get(0).endings().size() != train.get(0).endings().size()) {
                throw new CommandErrors.UsageException(devFile + " has " + dev.get(0).endings().size() + " choices per example, "
                        + trainFile + " has " + train.get(0).endings().size());
            }
            Path modelPath = FinetuneSupport.resolveModel(model);
            boolean lower = FinetuneSupport.lowercase(modelPath);
            BertTokenizer tokenizer = FinetuneSupport.tokenizer(modelPath);
            ChoiceFeatures cf = new ChoiceFeatures(tokenizer, maxSeqLength);
            List<ChoiceFeature> trainF = train.stream().map(cf::encode).toList(), devF = dev.stream().map(cf::encode).toList();
            BertForMultipleChoice m = BertForMultipleChoice.load(modelPath, training.seed);
            MultipleChoiceTask task = new MultipleChoiceTask(m, trainF, devF);
            Files.createDirectories(output);
            Path best = output.resolve("best");
            FinetuneSupport.BestKeeper keeper = new FinetuneSupport.BestKeeper("accuracy", () -> m.save(best, modelPath, lower));
            var settings = training.settings(epochs, lr, batchSize);
            TrainResult result = FinetuneSupport.train(task, task.lengths(), settings, output, "finetune swag", "accuracy", keeper);
            FinetuneSupport.finish(result, keeper, () -> m.save(best, modelPath, lower),
                "train_examples", train.size(), "eval_examples", dev.size(), output, spec.commandLine().getOut());
            return 0;
        });
    }
}
