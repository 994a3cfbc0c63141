package org.bert4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bert4j predict}: run a fine-tuned model over unlabeled data; one subcommand per task family. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a fine-tuned model: predict glue --task T --model OUT/best --input FILE.tsv --output PRED.tsv.",
        subcommands = {PredictGlueCommand.class, PredictSquadCommand.class, PredictNerCommand.class})
public final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: name the task family, e.g. 'predict glue'");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandErrors.USAGE;
    }
}
