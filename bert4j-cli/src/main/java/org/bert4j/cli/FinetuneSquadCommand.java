package org.bert4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForQuestionAnswering;
import org.bert4j.tasks.squad.SquadDataset;
import org.bert4j.tasks.squad.SquadDecoder;
import org.bert4j.tasks.squad.SquadExample;
import org.bert4j.tasks.squad.SquadFeatures;
import org.bert4j.tasks.squad.SquadPredictionWriter;
import org.bert4j.tasks.squad.SquadReader;
import org.bert4j.tasks.squad.SquadSplit;
import org.bert4j.tasks.squad.SquadTask;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code finetune squad}: fine-tunes BERT for SQuAD v1.1/v2.0 (paper §4.2, Google's run_squad.py
 * defaults). Writes {@code OUT/best} (a Hugging Face {@code BertForQuestionAnswering} folder), the
 * best evaluation's {@code predictions.json} and {@code nbest_predictions.json} (and
 * {@code null_odds.json} for v2.0), {@code eval_results.json} and {@code metrics.jsonl}.
 */
@Command(name = "squad", mixinStandardHelpOptions = true,
        description = {"Fine-tune BERT on SQuAD (span prediction).",
                "If --train-file and --dev-file are the same file, it is split by article (SquadSplit): the first",
                "--train-articles articles (default: all but the last 10) train, the others are held out."})
public final class FinetuneSquadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "model name, folder or weights file (e.g. bert-base-uncased)")
    String model;
    @Option(names = "--train-file", required = true, description = "SQuAD JSON to train on") Path trainFile;
    @Option(names = "--dev-file", description = "SQuAD JSON to evaluate on (optional)") Path devFile;
    @Option(names = "--output", required = true, description = "output folder") Path output;
    @Option(names = "--max-seq-length", defaultValue = "384", description = "tokens per window (default: ${DEFAULT-VALUE})") int maxSeqLength;
    @Option(names = "--doc-stride", defaultValue = "128", description = "tokens between the starts of overlapping passage windows (default: ${DEFAULT-VALUE})") int docStride;
    @Option(names = "--max-query-length", defaultValue = "64", description = "question tokens kept (default: ${DEFAULT-VALUE})") int maxQueryLength;
    @Option(names = "--n-best-size", defaultValue = "20", description = "start and end candidates per window (default: ${DEFAULT-VALUE})") int nBestSize;
    @Option(names = "--max-answer-length", defaultValue = "30", description = "longest answer in tokens (default: ${DEFAULT-VALUE})") int maxAnswerLength;
    @Option(names = "--epochs", defaultValue = "2", description = "passes over the training data (default: ${DEFAULT-VALUE})") double epochs;
    @Option(names = "--lr", defaultValue = "3e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--batch-size", defaultValue = "12", description = "training batch size (default: ${DEFAULT-VALUE})") int batchSize;
    @Mixin TaskTrainingOptions training;
    @Option(names = "--version-2-with-negative", description = "SQuAD 2.0: questions may have no answer") boolean v2;
    @Option(names = "--null-score-diff-threshold", defaultValue = "0.0", description = "SQuAD 2.0: answer only if the best span beats the no-answer score by more than this (default: ${DEFAULT-VALUE})") double nullThreshold;
    @Option(names = "--train-articles", defaultValue = "-1", description = "articles to train on (the split point when train and dev are one file)") int trainArticles;
    @Option(names = "--max-train-examples", defaultValue = "0", description = "train on the first N questions only") int maxTrainExamples;
    @Option(names = "--max-eval-examples", defaultValue = "0", description = "evaluate on the first N questions only") int maxEvalExamples;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--train-file", trainFile);
            if (devFile != null) FinetuneSupport.requireFile("--dev-file", devFile);
            if (maxSeqLength < maxQueryLength + 4) throw new CommandErrors.UsageException("--max-seq-length must exceed --max-query-length + 3");
            if (batchSize <= 0 || epochs <= 0) throw new CommandErrors.UsageException("--batch-size and --epochs must be positive");

            SquadDataset train = SquadReader.read(trainFile);
            FinetuneSupport.reportProblems(err, train.answerProblems(), "answers in " + trainFile + " do not match their context (skipped in training)");
            List<SquadExample> trainExamples, evalExamples;
            if (devFile != null && Files.isSameFile(trainFile, devFile)) {
                int split = trainArticles >= 0 ? trainArticles : Math.max(0, train.articles() - 10);
                SquadSplit s = SquadSplit.byArticle(train, split);
                trainExamples = s.train();
                evalExamples = s.heldOut();
                err.printf(Locale.ROOT, "train and dev are the same file: split by article, training on articles 1-%d (%d questions), "
                        + "evaluating on the other %d articles (%d questions)%n", split, trainExamples.size(), train.articles() - split, evalExamples.size());
            } else {
                trainExamples = train.examples();
                if (trainArticles >= 0) trainExamples = trainExamples.stream().filter(e -> e.articleIndex() < trainArticles).toList();
                if (devFile != null) {
                    SquadDataset dev = SquadReader.read(devFile);
                    FinetuneSupport.reportProblems(err, dev.answerProblems(), "answers in " + devFile + " do not match their context");
                    evalExamples = dev.examples();
                } else {
                    evalExamples = List.of();
                }
            }
            if (maxTrainExamples > 0 && trainExamples.size() > maxTrainExamples) trainExamples = trainExamples.subList(0, maxTrainExamples);
            if (maxEvalExamples > 0 && evalExamples.size() > maxEvalExamples) evalExamples = evalExamples.subList(0, maxEvalExamples);
            if (trainExamples.isEmpty()) throw new CommandErrors.UsageException("no training questions");
            boolean version2 = v2 || train.hasImpossible();
            err.flush();

            Path modelPath = FinetuneSupport.resolveModel(model);
            BertTokenizer tokenizer = FinetuneSupport.tokenizer(modelPath);
            boolean lower = FinetuneSupport.lowercase(modelPath);
            BertForQuestionAnswering qa = BertForQuestionAnswering.load(modelPath, training.seed);
            if (maxSeqLength > qa.config().maxPositionEmbeddings()) {
                throw new CommandErrors.UsageException("--max-seq-length " + maxSeqLength + " exceeds the model's max_position_embeddings " + qa.config().maxPositionEmbeddings());
            }
            SquadFeatures features = new SquadFeatures(tokenizer, new SquadFeatures.Config(maxSeqLength, docStride, maxQueryLength));
            SquadFeatures.Result trainFeatures = features.build(trainExamples, true);
            SquadFeatures.Result evalFeatures = features.build(evalExamples, false);
            SquadDecoder.Config decoder = new SquadDecoder.Config(nBestSize, maxAnswerLength, version2, nullThreshold);
            SquadTask task = new SquadTask(qa, trainFeatures.features(), evalExamples, evalFeatures.features(), decoder);
            err.printf(Locale.ROOT, "%d training questions -> %d windows; %d evaluation questions -> %d windows%n", trainExamples.size(),
                    trainFeatures.features().size(), evalExamples.size(), evalFeatures.features().size());

            Files.createDirectories(output);
            Path best = output.resolve("best");
            FinetuneSupport.BestKeeper keeper = new FinetuneSupport.BestKeeper("f1", () -> {
                qa.save(best, modelPath, lower);
                SquadPredictionWriter.writePredictions(output.resolve("predictions.json"), task.lastPredictions());
                SquadPredictionWriter.writeNbest(output.resolve("nbest_predictions.json"), task.lastPredictions());
                if (version2) SquadPredictionWriter.writeNullOdds(output.resolve("null_odds.json"), task.lastPredictions());
            });
            var settings = training.settings(epochs, lr, batchSize);
            TrainResult result = FinetuneSupport.train(task, task.lengths(), settings, output, "finetune squad", "f1", keeper);
            FinetuneSupport.finish(result, keeper, () -> qa.save(best, modelPath, lower),
                "train_questions", trainExamples.size(), "eval_questions", evalExamples.size(), output, spec.commandLine().getOut());
            err.println("saved the best model to " + best);
            return 0;
        });
    }
}
