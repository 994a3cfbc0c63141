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
import org.bert4j.tasks.classification.Feature;
import org.bert4j.tasks.classification.GluePredictionWriter;
import org.bert4j.tensor.Parallel;
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

    @Option(names = "--max-seq-length", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
    int maxSeqLength;

    @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads (default: all cores)")
    int threads;

    @Mixin OwnDataOptions own;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            if (batchSize <= 0 || maxSeqLength < 3 || threads < 0) throw new CommandErrors.UsageException("--batch-size, --max-seq-length and --threads must be positive");
            GlueModelInputs in = GlueModelInputs.load(task, model, own);
            List<Example> examples = in.readAny(input, own);
            List<Example> unlabeled = examples.stream().map(e -> new Example(e.guid(), e.textA(), e.textB(), null, null)).toList();
            List<Feature> features = in.encode(unlabeled, maxSeqLength);
            ClassifierEvaluation.Result r = Parallel.withThreads(threads > 0 ? threads : Parallel.maxThreads(),
                    () -> ClassifierEvaluation.evaluate(in.model, features, in.glue, batchSize, in.tokenizer.padId()));
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
