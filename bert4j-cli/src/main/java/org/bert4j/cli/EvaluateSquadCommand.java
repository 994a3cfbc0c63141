package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForQuestionAnswering;
import org.bert4j.heads.SpanHead;
import org.bert4j.tasks.squad.SquadDataset;
import org.bert4j.tasks.squad.SquadDecoder;
import org.bert4j.tasks.squad.SquadFeatures;
import org.bert4j.tasks.squad.SquadPrediction;
import org.bert4j.tasks.squad.SquadPredictionWriter;
import org.bert4j.tasks.squad.SquadReader;
import org.bert4j.tasks.squad.SquadTask;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate squad}: official EM/F1 of a fine-tuned model on a SQuAD file. */
@Command(name = "squad", mixinStandardHelpOptions = true,
        description = {"Evaluate a SQuAD model: prints {\"exact_match\": ..., \"f1\": ...} (x100, evaluate-v1.1.py;",
                "v2.0 files add the evaluate-v2.0.py keys)."})
public final class EvaluateSquadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "fine-tuned model folder (e.g. OUT/best)") String model;
    @Option(names = "--eval-file", required = true) Path evalFile;
    @Option(names = "--max-seq-length", defaultValue = "384") int maxSeqLength;
    @Option(names = "--doc-stride", defaultValue = "128") int docStride;
    @Option(names = "--max-query-length", defaultValue = "64") int maxQueryLength;
    @Option(names = "--n-best-size", defaultValue = "20") int nBestSize;
    @Option(names = "--max-answer-length", defaultValue = "30") int maxAnswerLength;
    @Option(names = "--version-2-with-negative") boolean v2;
    @Option(names = "--null-score-diff-threshold", defaultValue = "0.0") double nullThreshold;
    @Option(names = "--max-eval-examples", defaultValue = "0") int maxEvalExamples;
    @Option(names = "--output-dir", description = "also write predictions.json and nbest_predictions.json here") Path outputDir;
    @Option(names = "--json", description = "print the scores as one JSON object") boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--eval-file", evalFile);
            Path modelPath = FinetuneSupport.resolveModel(model);
            try (TensorSource w = BertModels.openWeights(modelPath)) {
                if (!SpanHead.presentIn(w)) throw new UserException(model + " has no question-answering head (qa_outputs); fine-tune it with 'finetune squad' first");
            }
            SquadDataset data = SquadReader.read(evalFile);
            FinetuneSupport.reportProblems(err, data.answerProblems(), "answers in " + evalFile + " do not match their context");
            var examples = data.examples();
            if (maxEvalExamples > 0 && examples.size() > maxEvalExamples) examples = examples.subList(0, maxEvalExamples);
            boolean version2 = v2 || data.hasImpossible();
            BertForQuestionAnswering qa = BertForQuestionAnswering.load(modelPath, 0);
            var features = new SquadFeatures(FinetuneSupport.tokenizer(modelPath), new SquadFeatures.Config(maxSeqLength, docStride, maxQueryLength))
                    .build(examples, false).features();
            Map<String, SquadPrediction> predictions = SquadTask.predict(qa, examples, features,
                    new SquadDecoder.Config(nBestSize, maxAnswerLength, version2, nullThreshold), SquadTask.PREDICT_BATCH);
            Map<String, Double> scores = SquadTask.score(examples, predictions, version2);
            if (outputDir != null) {
                Files.createDirectories(outputDir);
                SquadPredictionWriter.writePredictions(outputDir.resolve("predictions.json"), predictions);
                SquadPredictionWriter.writeNbest(outputDir.resolve("nbest_predictions.json"), predictions);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(scores));
            } else {
                out.printf(Locale.ROOT, "%d questions%n", examples.size());
                scores.forEach((k, v) -> out.printf(Locale.ROOT, "%s: %.4f%n", k, v));
            }
            out.flush();
            return 0;
        });
    }
}
