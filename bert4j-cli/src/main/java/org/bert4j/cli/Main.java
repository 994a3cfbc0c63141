package org.bert4j.cli;

import java.io.InputStream;
import java.util.Properties;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.hub.ModelNotFoundException;
import org.bert4j.tokenizer.TokenizerException;
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
    description = "BERT in pure Java: tokenize, fill masks, embed, convert checkpoints.",
    subcommands = {FillMaskCommand.class, EmbedCommand.class, BenchCommand.class, TokenizeCommand.class, ConvertCommand.class, TrainVocabCommand.class, CreatePretrainingDataCommand.class, PlotCommand.class, CommandLine.HelpCommand.class})
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

    /** User errors print one message, no stack trace (unless BERT4J_DEBUG is set). */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean known = e instanceof TokenizerException || e instanceof ModelNotFoundException
            || e instanceof CheckpointException || e instanceof UserException || e instanceof IllegalArgumentException
            || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException;
        if (System.getenv("BERT4J_DEBUG") != null || !known) {
            e.printStackTrace();
        } else {
            System.err.println("bert4j " + cmd.getCommandName() + ": " + e.getMessage());
        }
        return e instanceof UserException u ? u.exitCode() : EXIT_FAILURE;
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
