package org.bert4j.tasks.ner;

import java.nio.file.Path;
import java.util.List;

/**
 * A CoNLL file as read by {@link ConllReader}.
 *
 * @param source    the file
 * @param documents number of {@code -DOCSTART-} lines
 * @param sentences the sentences (document markers excluded)
 * @param problems  malformed lines, each as "file:line: reason"; these lines were left out
 */
public record ConllDataset(Path source, int documents, List<ConllSentence> sentences, List<String> problems) {
    public ConllDataset {
        sentences = List.copyOf(sentences);
        problems = List.copyOf(problems);
    }

    /** Number of tokens over all sentences. */
    public int tokens() { return sentences.stream().mapToInt(ConllSentence::size).sum(); }

    /** All NER tags seen, sorted. */
    public List<String> nerTags() {
        return sentences.stream().flatMap(s -> s.ner().stream()).distinct().sorted().toList();
    }
}
