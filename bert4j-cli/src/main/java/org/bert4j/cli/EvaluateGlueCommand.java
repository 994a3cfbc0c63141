package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bert4j.tasks.classification.ClassifierEvaluation;
import org.bert4j.tasks.classification.Example;
import org.bert4j.tasks.classification.Feature;
import org.bert4j.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j evaluate glue}: a fine-tuned model's metrics on a labeled file (HF run_glue.py
 * {@code --do_eval}): the task's GLUE metrics, then the classification report; with {@code --json}
 * one JSON object whose keys are the metric names ({@code {"acc": 0.86, "f1": 0.90, "acc_and_f1": 0.88}}).
 */
@Command(name = "glue", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a fine-tuned model (OUT/best) on a labeled GLUE file (or your own data with --format).")
public final class EvaluateGlueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, description = "the GLUE task (or any name with --format)")
    String task;

    @Option(names = "--model", required = true, description = "the fine-tuned model folder (OUT/best)")
    String model;

    @Option(names = "--eval-file", required = true, description = "labeled file in the task's train/dev layout")
    Path evalFile;

    @Option(names = "--json", description = "print one JSON object: metric name -> value")
    boolean json;

    @Option(names = "--max-seq-length", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
    int maxSeqLength;

    @Option(names = "--batch-size", defaultValue = "64", description = "evaluation batch size (default: ${DEFAULT-VALUE})")
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
            List<Example> examples = in.readLabeled(evalFile, own);
            List<Feature> features = in.encode(examples, maxSeqLength);
            ClassifierEvaluation.Result r = Parallel.withThreads(threads > 0 ? threads : Parallel.maxThreads(),
                    () -> ClassifierEvaluation.evaluate(in.model, features, in.glue, batchSize, in.tokenizer.padId()));
            if (json) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                r.metrics().forEach((k, v) -> {
                    if (Double.isFinite(v)) o.put(k, v);
                    else o.putNull(k);
                });
                out.println(new ObjectMapper().writeValueAsString(o));
            } else {
                out.printf(Locale.ROOT, "%s on %s (%d examples)%n", in.glue == null ? task : in.glue.displayName(), evalFile, examples.size());
                r.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "%s = %.4f%n", k, v));
                if (r.report() != null) out.print("\n" + r.report().render());
            }
            out.flush();
            return 0;
        });
    }
}
