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

    @Mixin OwnDataOptions own;

    @Mixin ClassifierRunOptions run;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            run.validate();
            GlueModelInputs in = GlueModelInputs.load(task, model, own);
            List<Example> examples = in.readLabeled(evalFile, own);
            ClassifierEvaluation.Result r = run.run(in, examples);
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
