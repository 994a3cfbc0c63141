package org.bert4j.tokenizer;

import java.util.List;

/** Stands in for WordPiece behind a BasicTokenizer and collects the words it is handed, unsplit. */
final class WordCollector extends WordPiece {
    private final List<String> words;

    WordCollector(List<String> words) {
        this.words = words;
    }

    @Override
    void tokenize(AlignedText text, int from, int to, TokenSequence out, int wordId) {
        words.add(text.substring(from, to));
    }
}
