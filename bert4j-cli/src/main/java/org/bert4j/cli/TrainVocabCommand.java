package org.bert4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.tasks.pretraining.DocumentReader;
import org.bert4j.tokenizer.train.WordCounter;
import org.bert4j.tokenizer.train.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bert4j train-vocab}: learns a WordPiece {@code vocab.txt} from text files
 * ({@link WordPieceTrainer}, Hugging Face's WordPiece training recipe).
 */
@Command(name = "train-vocab", mixinStandardHelpOptions = true,
    description = {"Learn a WordPiece vocabulary (vocab.txt) from text: [PAD] [UNK] [CLS] [SEP] [MASK], every character "
                   + "with and without ##, then BPE merges by pair frequency.",
                   "Inputs: plain text (.txt, any layout) or JSON Lines (.jsonl, text in --text-field), optionally .gz."})
final class TrainVocabCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "Text or JSONL files.")
    List<Path> inputs;

    @Option(names = "--vocab-size", required = true, paramLabel = "N", description = "Vocabulary size, special tokens included.")
    int vocabSize;

    @Option(names = "--lowercase", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Lower-case and strip accents (uncased, default); --no-lowercase or --cased keeps case.")
    boolean lowercase;

    @Option(names = "--cased", description = "Same as --no-lowercase.")
    boolean cased;

    @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "N", description = "Do not merge pairs seen fewer times. Default: ${DEFAULT-VALUE}.")
    long minFrequency;

    @Option(names = "--limit-alphabet", defaultValue = "1000", paramLabel = "N", description = "Keep at most N characters, the most frequent. Default: ${DEFAULT-VALUE}.")
    int limitAlphabet;

    @Option(names = "--unused", defaultValue = "0", paramLabel = "N", description = "Add [unused0]..[unusedN-1] after the special tokens. Default: ${DEFAULT-VALUE}.")
    int unused;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "F", description = "JSON field holding the text. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write vocab.txt.")
    Path output;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (vocabSize < 10) throw new UserException("--vocab-size must be at least 10, got " + vocabSize, Main.EXIT_USAGE);
        if (minFrequency < 0) throw new UserException("--min-frequency must be >= 0, got " + minFrequency, Main.EXIT_USAGE);
        if (limitAlphabet < 1) throw new UserException("--limit-alphabet must be positive, got " + limitAlphabet, Main.EXIT_USAGE);
        if (unused < 0) throw new UserException("--unused must be >= 0, got " + unused, Main.EXIT_USAGE);
        for (Path p : inputs) if (!Files.isRegularFile(p)) throw new UserException("input file not found: " + p);
        boolean lower = lowercase && !cased;
        WordPieceTrainer.Options options = new WordPieceTrainer.Options(vocabSize, minFrequency, limitAlphabet,
            WordPieceTrainer.Options.BERT_SPECIALS, unused, "##");
        long t0 = System.nanoTime();
        List<String> vocab;
        try (WordCounter counter = new WordCounter(lower, Runtime.getRuntime().availableProcessors());
             PhaseProgress progress = new PhaseProgress(quiet)) {
            DocumentReader reader = new DocumentReader(DocumentReader.Format.AUTO, textField, false);
            List<String> batch = new ArrayList<>();
            long[] lines = {0};
            for (Path input : inputs) {
                try {
                    reader.read(input, doc -> {
                        batch.addAll(doc);
                        if (batch.size() >= 8192) {
                            counter.add(batch);
                            lines[0] += batch.size();
                            batch.clear();
                            progress.update("count words (lines)", lines[0], -1);
                        }
                    });
                } catch (IOException e) {
                    throw new UserException("cannot read " + input + ": " + e.getMessage());
                }
            }
            counter.add(batch);
            if (counter.counts().isEmpty()) throw new UserException("no words in the input");
            progress.close();
            vocab = new WordPieceTrainer(options).train(counter.counts(), n -> progress.update("merges (vocab size)", n, vocabSize));
            System.err.printf("%d words (%d distinct) from %d lines%n", counter.words(), counter.counts().size(), counter.texts());
        }
        WordPieceTrainer.write(vocab, output);
        System.err.printf("wrote %s: %d tokens%s in %.1f s%n", output, vocab.size(),
                          vocab.size() < vocabSize ? " (fewer than asked: no pair left at --min-frequency)" : "", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
