package org.bert4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForTokenClassification;
import org.bert4j.tasks.ner.ConllDataset;
import org.bert4j.tasks.ner.ConllReader;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.ConllWriter;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.NerTask;
import org.bert4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code finetune ner}: fine-tunes BERT for CoNLL-2003 NER (paper §5.3). Tags are converted to IOB2;
 * the label set comes from the training file. Writes {@code OUT/best} (a Hugging Face
 * {@code BertForTokenClassification} folder with {@code id2label}), the best evaluation's
 * {@code predictions.conll} (token gold guessed) and {@code eval_results.json}.
 */
@Command(name = "ner", mixinStandardHelpOptions = true,
        description = {"Fine-tune BERT for named entity recognition on CoNLL-2003 files (word POS chunk NER).",
                "Use a cased model (bert-base-cased) as the paper does."})
public final class FinetuneNerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "pre-trained model: a name (bert-base-cased, ...), folder or file") String model;
    @Option(names = "--train-file", required = true, description = "training file") Path trainFile;
    @Option(names = "--dev-file", description = "evaluation file, scored after every epoch (optional)") Path devFile;
    @Option(names = "--output", required = true, description = "output folder OUT") Path output;
    @Option(names = "--max-seq-length", defaultValue = "128", description = "longer sentences are split at word boundaries") int maxSeqLength;
    @Option(names = "--epochs", defaultValue = "3", description = "passes over the training data (default: ${DEFAULT-VALUE})") double epochs;
    @Option(names = "--lr", defaultValue = "5e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--batch-size", defaultValue = "32", description = "training batch size (default: ${DEFAULT-VALUE})") int batchSize;
    @Mixin TaskTrainingOptions training;
    @Option(names = "--max-train-sentences", defaultValue = "0", description = "train on the first N sentences only (0: all)") int maxTrain;
    @Option(names = "--max-eval-sentences", defaultValue = "0", description = "evaluate on the first N sentences only (0: all)") int maxEval;

    static List<ConllSentence> readIob2(PrintWriter err, Path file, int max) {
        ConllDataset d = ConllReader.read(file);
        FinetuneSupport.reportProblems(err, d.problems(), "malformed lines in " + file + " (left out)");
        if (d.sentences().isEmpty()) throw new CommandErrors.UsageException(file + " has no sentences in CoNLL format (word POS chunk NER)");
        List<ConllSentence> s = d.sentences().stream().map(ConllSentence::withIob2).toList();
        return max > 0 && s.size() > max ? s.subList(0, max) : s;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--train-file", trainFile);
            if (devFile != null) FinetuneSupport.requireFile("--dev-file", devFile);
            List<ConllSentence> train = readIob2(err, trainFile, maxTrain);
            List<ConllSentence> dev = devFile == null ? List.of() : readIob2(err, devFile, maxEval);
            List<String> labels = NerTask.labelsOf(train);
            err.println("labels (IOB2, from " + trainFile.getFileName() + "): " + labels);
            err.flush();
            Path modelPath = FinetuneSupport.resolveModel(model);
            boolean lower = FinetuneSupport.lowercase(modelPath);
            if (lower) err.println("note: " + model + " lower-cases its input; the paper uses a cased model for NER");
            BertForTokenClassification m = BertForTokenClassification.load(modelPath, labels, training.seed);
            LabelAligner aligner = new LabelAligner(FinetuneSupport.tokenizer(modelPath), maxSeqLength, LabelAligner.Overflow.SPLIT);
            for (ConllSentence s : dev) {
                for (String t : s.ner()) {
                    if (!labels.contains(t)) err.println("warning: " + devFile + ":" + s.line() + ": tag " + t + " never occurs in the training file");
                }
            }
            NerTask task = new NerTask(m, aligner, train, dev);
            Files.createDirectories(output);
            Path best = output.resolve("best");
            FinetuneSupport.BestKeeper keeper = new FinetuneSupport.BestKeeper("f1", () -> {
                m.save(best, modelPath, lower);
                ConllWriter.write(output.resolve("predictions.conll"), dev, NerTask.predict(m, aligner, dev));
            });
            var settings = training.settings(epochs, lr, batchSize);
            TrainResult result = FinetuneSupport.train(task, task.lengths(), settings, output, "finetune ner", "f1", keeper);
            FinetuneSupport.finish(result, keeper, () -> m.save(best, modelPath, lower),
                "train_sentences", train.size(), "eval_sentences", dev.size(), output, spec.commandLine().getOut());
            err.printf(Locale.ROOT, "saved the best model to %s%n", best);
            return 0;
        });
    }
}
