package org.bert4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bert4j evaluate}: score a fine-tuned model on labeled data; one subcommand per task family. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a fine-tuned model: evaluate glue --task T --model OUT/best --eval-file FILE.tsv [--json].",
        subcommands = {EvaluateGlueCommand.class, EvaluateSquadCommand.class, EvaluateNerCommand.class, EvaluateSwagCommand.class})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: name the task family, e.g. 'evaluate glue'");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandErrors.USAGE;
    }
}
