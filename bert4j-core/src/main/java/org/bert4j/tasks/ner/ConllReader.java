package org.bert4j.tasks.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CoNLL-2003 format: one token per line, space-separated columns {@code word POS chunk NER},
 * a blank line ends a sentence, {@code -DOCSTART- -X- O O} lines start documents (and end any open
 * sentence). CR LF line ends are accepted. Tags are returned as written (IOB1 in the original release,
 * IOB2 in some copies); convert with {@link Iob#toIob2}.
 *
 * <p>A line with the wrong number of columns is reported as {@code file:line: ...} in
 * {@link ConllDataset#problems()} and left out; the rest of its sentence is kept.
 */
public final class ConllReader {
    private ConllReader() {}

    public static final String DOCSTART = "-DOCSTART-";
    public static final int COLUMNS = 4;

    public static ConllDataset read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CoNLL file " + file + ": " + e.getMessage(), e);
        }
    }

    static ConllDataset read(BufferedReader r, Path file) throws IOException {
        List<ConllSentence> sentences = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> tok = new ArrayList<>(), pos = new ArrayList<>(), chunk = new ArrayList<>(), ner = new ArrayList<>();
        int documents = 0, lineNo = 0, first = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            boolean docStart = s.startsWith(DOCSTART);
            if (s.isEmpty() || docStart) {
                if (!tok.isEmpty()) {
                    sentences.add(new ConllSentence(tok, pos, chunk, ner, first));
                    tok.clear(); pos.clear(); chunk.clear(); ner.clear();
                }
                if (docStart) documents++;
                continue;
            }
            String[] cols = s.split("\\s+");
            if (cols.length != COLUMNS) {
                problems.add(file + ":" + lineNo + ": expected " + COLUMNS + " columns (word POS chunk NER), found "
                    + cols.length + ": \"" + s + "\"");
                continue;
            }
            if (tok.isEmpty()) first = lineNo;
            tok.add(cols[0]); pos.add(cols[1]); chunk.add(cols[2]); ner.add(cols[3]);
        }
        if (!tok.isEmpty()) sentences.add(new ConllSentence(tok, pos, chunk, ner, first));
        return new ConllDataset(file, documents, sentences, problems);
    }
}
