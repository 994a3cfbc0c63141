package org.bert4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.tasks.pretraining.CreatePretrainingData;
import org.bert4j.tasks.pretraining.DocumentReader;
import org.bert4j.tasks.pretraining.MaskingRatios;
import org.bert4j.tasks.pretraining.PretrainingConfig;
import org.bert4j.tasks.pretraining.PretrainingDataWriter;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.TokenizerException;
import org.bert4j.tokenizer.Vocab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bert4j create-pretraining-data}: google-research/bert {@code create_pretraining_data.py}
 * ({@link CreatePretrainingData}): NSP sentence pairs and MLM masks, written as shards with
 * {@code stats.json}.
 */
@Command(name = "create-pretraining-data", mixinStandardHelpOptions = true,
    description = {"Create BERT pre-training instances ([CLS] A [SEP] B [SEP], 50% NotNext, 15% masked 80/10/10) "
                   + "as in google-research/bert create_pretraining_data.py.",
                   "Inputs: text with one sentence per line and blank lines between documents, or JSON Lines with one "
                   + "document per line (--text-field); .gz allowed. Writes DIR/part-*.b4pt (or .jsonl) and DIR/stats.json."})
final class CreatePretrainingDataCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Text or JSONL files.")
    List<Path> inputs;

    @Option(names = "--vocab", required = true, paramLabel = "V", description = "vocab.txt")
    Path vocab;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
    Path output;

    @Option(names = "--max-seq-length", defaultValue = "128", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int maxSeqLength;

    @Option(names = "--max-predictions-per-seq", defaultValue = "20", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int maxPredictionsPerSeq;

    @Option(names = "--masked-lm-prob", defaultValue = "0.15", paramLabel = "P", description = "Default: ${DEFAULT-VALUE}.")
    double maskedLmProb;

    @Option(names = "--mask-ratios", defaultValue = "80,10,10", paramLabel = "MASK,SAME,RND",
            description = "What a token chosen for prediction becomes, in percent: [MASK], itself, a random token "
                    + "(the paper's Table 8). Default: ${DEFAULT-VALUE}.")
    String maskRatios;

    @Option(names = "--dupe-factor", defaultValue = "10", paramLabel = "N", description = "Passes over the corpus with other masks. Default: ${DEFAULT-VALUE}.")
    int dupeFactor;

    @Option(names = "--short-seq-prob", defaultValue = "0.1", paramLabel = "P", description = "Default: ${DEFAULT-VALUE}.")
    double shortSeqProb;

    @Option(names = "--whole-word-mask", description = "Mask all WordPiece pieces of a word together.")
    boolean wholeWordMask;

    @Option(names = "--seed", defaultValue = "12345", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", defaultValue = "shards", paramLabel = "F", description = "shards (binary, default) or jsonl.")
    String format;

    @Option(names = "--shard-size", defaultValue = "100000", paramLabel = "N", description = "Instances per shard file. Default: ${DEFAULT-VALUE}.")
    int shardSize;

    @Option(names = "--split-sentences", description = "Split lines into sentences with a rule-based splitter (for text not one sentence per line).")
    boolean splitSentences;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "F", description = "JSON field holding a document's text. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--lowercase", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Lower-case (uncased vocabulary, default); --no-lowercase or --cased keeps case.")
    boolean lowercase;

    @Option(names = "--cased", description = "Same as --no-lowercase.")
    boolean cased;

    @Option(names = "--debug-tokens", description = "Add \"tokens\" to JSONL output.")
    boolean debugTokens;

    @Option(names = "--quiet", description = "No progress bars and no statistics table.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PretrainingDataWriter.Format fmt = switch (format) {
            case "shards" -> PretrainingDataWriter.Format.SHARDS;
            case "jsonl" -> PretrainingDataWriter.Format.JSONL;
            default -> throw new UserException("--format must be shards or jsonl, got " + format, Main.EXIT_USAGE);
        };
        if (shardSize < 1) throw new UserException("--shard-size must be positive, got " + shardSize, Main.EXIT_USAGE);
        if (debugTokens && fmt != PretrainingDataWriter.Format.JSONL) throw new UserException("--debug-tokens needs --format jsonl", Main.EXIT_USAGE);
        PretrainingConfig config;
        try {
            config = new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, wholeWordMask, seed,
                    MaskingRatios.parse(maskRatios));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Main.EXIT_USAGE);
        }
        for (Path p : inputs) if (!Files.isRegularFile(p)) throw new UserException("input file not found: " + p);
        BertTokenizer tokenizer;
        try {
            tokenizer = BertTokenizer.fromVocab(Vocab.load(vocab), BertTokenizer.Settings.huggingFace(lowercase && !cased));
        } catch (TokenizerException e) {
            throw new UserException(e.getMessage());
        }
        long t0 = System.nanoTime();
        CreatePretrainingData.Result result;
        try (PhaseProgress progress = new PhaseProgress(quiet)) {
            var create = new CreatePretrainingData(tokenizer, config);
            var reader = new DocumentReader(DocumentReader.Format.AUTO, textField, splitSentences);
            result = create.run(inputs, reader, output, fmt, shardSize, debugTokens, progress);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        if (!quiet) System.err.print(result.statistics().table());
        System.err.printf("wrote %d instances to %s in %.1f s%n", result.instances().size(), output, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
