package org.bert4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j finetune}: fine-tune a pre-trained BERT on a downstream task (paper §4). One subcommand
 * per task family: {@code glue} (sentence and sentence-pair classification); siblings are added to
 * {@code subcommands}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune BERT on a downstream task (paper §4): finetune glue --task T --model M --data-dir DIR --output OUT.",
        subcommands = {FinetuneGlueCommand.class, FinetuneSquadCommand.class, FinetuneNerCommand.class, FinetuneNerFeaturesCommand.class,
            FinetuneSwagCommand.class})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: name the task family, e.g. 'finetune glue'");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandErrors.USAGE;
    }
}
