package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForMultipleChoice;
import org.bert4j.tasks.multiplechoice.ChoiceAccuracy;
import org.bert4j.tasks.multiplechoice.ChoiceFeature;
import org.bert4j.tasks.multiplechoice.ChoiceFeatures;
import org.bert4j.tasks.multiplechoice.MultipleChoiceExample;
import org.bert4j.tasks.multiplechoice.MultipleChoiceTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate swag}: multiple-choice accuracy. */
@Command(name = "swag", mixinStandardHelpOptions = true,
        description = "Evaluate a multiple-choice model: prints the accuracy, or with --json {\"accuracy\": ...} (0..1).")
public final class EvaluateSwagCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true) String model;
    @Option(names = "--eval-file", required = true) Path evalFile;
    @Option(names = "--max-seq-length", defaultValue = "128") int maxSeqLength;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--eval-file", evalFile);
            List<MultipleChoiceExample> examples = FinetuneSwagCommand.read(err, evalFile, true);
            Path modelPath = FinetuneSupport.resolveModel(model);
            try (var w = org.bert4j.model.BertModels.openWeights(modelPath)) {
                if (!w.contains("classifier.weight") || w.get("classifier.weight").shape()[0] != 1) {
                    throw new UserException(model + " has no multiple-choice head (classifier [1, H]); fine-tune it with 'finetune swag' first");
                }
            }
            BertForMultipleChoice m = BertForMultipleChoice.load(modelPath, 0);
            ChoiceFeatures cf = new ChoiceFeatures(FinetuneSupport.tokenizer(modelPath), maxSeqLength);
            List<ChoiceFeature> fs = examples.stream().map(cf::encode).toList();
            double acc = ChoiceAccuracy.accuracy(MultipleChoiceTask.predict(m, fs), fs.stream().map(ChoiceFeature::label).toList());
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(new ObjectMapper().writeValueAsString(Map.of("accuracy", acc)));
            else out.printf(Locale.ROOT, "%d examples%naccuracy: %.4f%n", examples.size(), acc);
            out.flush();
            return 0;
        });
    }
}
