package org.bert4j.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bert4j}: one command line, a verb per job. Exit codes: 0 success, 1 the job failed (bad
 * input, missing model, ...), 2 the command line was wrong.
 */
@Command(
    name = "bert4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "BERT in pure Java: tokenize, fill masks, embed, extract features, convert checkpoints, pre-train, fine-tune, evaluate, predict.",
    subcommands = {FillMaskCommand.class, EmbedCommand.class, ExtractFeaturesCommand.class, TokenizeCommand.class,
                   ConvertCommand.class, TrainVocabCommand.class, CreatePretrainingDataCommand.class, PretrainCommand.class,
                   FinetuneCommand.class, EvaluateCommand.class, PredictCommand.class, BenchCommand.class, PlotCommand.class,
                   CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // library log lines (java.util.logging) read as one plain line on stderr
        System.setProperty("java.util.logging.SimpleFormatter.format", "bert4j: %5$s%6$s%n");
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli.execute(args);
    }

    /** Exceptions that escape a command: one line and an exit code (see {@link CommandErrors#report}). */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return CommandErrors.report(cmd.getErr(), e);
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {
                "bert4j " + p.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
