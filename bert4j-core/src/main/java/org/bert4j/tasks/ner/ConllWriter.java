package org.bert4j.tasks.ner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes predictions in the format {@code conlleval} reads: one {@code token gold guessed} line per
 * token, a blank line after each sentence. Feed the file to {@code perl conlleval < file}, or read it
 * back with {@link #score}.
 */
public final class ConllWriter {
    private ConllWriter() {}

    public static void write(Path file, List<ConllSentence> sentences, List<List<String>> predictions) {
        if (sentences.size() != predictions.size()) {
            throw new IllegalArgumentException(sentences.size() + " sentences but " + predictions.size() + " predictions");
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int s = 0; s < sentences.size(); s++) {
                ConllSentence sent = sentences.get(s);
                List<String> pred = predictions.get(s);
                if (pred.size() != sent.size()) {
                    throw new IllegalArgumentException("sentence at line " + sent.line() + " has " + sent.size()
                        + " tokens but " + pred.size() + " predictions");
                }
                for (int i = 0; i < sent.size(); i++) {
                    w.write(sent.tokens().get(i) + " " + sent.ner().get(i) + " " + pred.get(i) + "\n");
                }
                w.write("\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** conlleval's sentence-boundary first field. */
    public static final String BOUNDARY = "-X-";

    /**
     * Scores a {@code token ... gold guessed} file (last two columns) as conlleval does: blank lines and lines
     * whose first field is {@code -X-} end a sentence; every other line is a token, {@code -DOCSTART-} lines
     * included (conlleval counts them, as tokens, in "processed N tokens" and in the accuracy; with gold and
     * guess {@code O} they change no entity). Fields are separated by runs of whitespace (conlleval: by single
     * spaces).
     */
    public static SpanF1 score(Path file) {
        SpanF1 f1 = new SpanF1();
        try {
            List<String> gold = new java.util.ArrayList<>(), guess = new java.util.ArrayList<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                String s = line.strip();
                String[] c = s.split("\\s+");
                if (s.isEmpty() || c[0].equals(BOUNDARY)) {
                    f1.add(gold, guess);
                    gold.clear();
                    guess.clear();
                    continue;
                }
                if (c.length < 3) throw new IllegalArgumentException(file + ":" + lineNo + ": expected at least 3 columns, found " + c.length);
                gold.add(c[c.length - 2]);
                guess.add(c[c.length - 1]);
            }
            f1.add(gold, guess);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return f1;
    }
}
