package org.bert4j.cli;

import java.nio.file.Path;
import org.bert4j.tasks.classification.GenericReader;
import picocli.CommandLine.Option;

/** The options for a user's own classification data ({@code --format} and the column names), shared by the glue verbs. */
final class OwnDataOptions {
    @Option(names = "--format", description = "your own data instead of GLUE's files: tsv (header line), csv or jsonl")
    String format;

    @Option(names = "--text-column", defaultValue = "sentence", description = "with --format: the text column (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--text-pair-column", description = "with --format: the second text's column, for sentence pairs")
    String textPairColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "with --format: the label column (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(names = "--regression", description = "with --format: the label column holds numbers to predict (MSE loss)")
    boolean regression;

    boolean given() {
        return format != null;
    }

    GenericReader reader() {
        return new GenericReader(GenericReader.Format.parse(format), textColumn, textPairColumn, labelColumn, null, regression);
    }

    /** {@code dir/<split>.<format>}. */
    Path file(Path dir, String split) {
        return dir.resolve(split + "." + GenericReader.Format.parse(format).name().toLowerCase(java.util.Locale.ROOT));
    }
}
