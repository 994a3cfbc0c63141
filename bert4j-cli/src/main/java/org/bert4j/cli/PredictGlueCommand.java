package org.bert4j.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.tasks.classification.ClassifierEvaluation;
import org.bert4j.tasks.classification.Example;
import org.bert4j.tasks.classification.GluePredictionWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j predict glue}: a fine-tuned model's predictions for a file, in the GLUE submission
 * format ({@code index\tprediction}, one row per example in file order, label names; STS-B scores
 * with 3 decimals), as HF run_glue.py {@code --do_predict} writes them.
 */
@Command(name = "glue", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a fine-tuned model (OUT/best); writes the GLUE submission format: index<TAB>prediction.")
public final class PredictGlueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, description = "the GLUE task (or any name with --format)")
    String task;

    @Option(names = "--model", required = true, description = "the fine-tuned model folder (OUT/best)")
    String model;

    @Option(names = "--input", required = true, description = "the task's test.tsv (or a train/dev file; labels are ignored)")
    Path input;

    @Option(names = "--output", required = true, description = "predictions file, e.g. SST-2.tsv")
    Path output;

    @Mixin OwnDataOptions own;

    @Mixin ClassifierRunOptions run;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            run.validate();
            GlueModelInputs in = GlueModelInputs.load(task, model, own);
            List<Example> examples = in.readAny(input, own);
            List<Example> unlabeled = examples.stream().map(e -> new Example(e.guid(), e.textA(), e.textB(), null, null)).toList();
            ClassifierEvaluation.Result r = run.run(in, unlabeled);
            if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
            if (in.glue != null) {
                if (r.predictions() != null) GluePredictionWriter.writeFile(output, in.glue, r.predictions());
                else GluePredictionWriter.writeScoresFile(output, in.glue, r.scores());
            } else {
                List<String> p = ClassifierEvaluation.predictionStrings(r, in.model.labels());
                try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    w.write("index\tprediction\n");
                    for (int i = 0; i < p.size(); i++) w.write(i + "\t" + p.get(i) + "\n");
                }
            }
            out.println("wrote " + examples.size() + " predictions to " + output);
            out.flush();
            return 0;
        });
    }
}
