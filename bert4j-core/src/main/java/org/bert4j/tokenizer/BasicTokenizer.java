package org.bert4j.tokenizer;

import java.util.function.IntPredicate;

/**
 * Splits a stretch of raw text into words: BERT's "BasicTokenizer" (normalization, whitespace and
 * punctuation splitting). Each word goes to a {@link WordSink}: WordPiece when encoding, a list
 * when training a vocabulary.
 */
interface BasicTokenizer {

    /** Receives each word found: {@code text.cps[from, to)}, numbered {@code wordId}. */
    @FunctionalInterface
    interface WordSink {
        void word(AlignedText text, int from, int to, int wordId);
    }

    /**
     * Splits {@code cps[from, to)} of the original text into words for {@code sink}, numbering them
     * from {@code firstWordId}. Returns the next free word id.
     */
    int tokenize(int[] cps, int from, int to, WordSink sink, int firstWordId);

    /** Hugging Face tokenizers' pipeline: {@code BertNormalizer} over the whole text, then {@code BertPreTokenizer}. */
    static BasicTokenizer huggingFace(BertNormalizer normalizer) {
        return (cps, from, to, sink, wordId) -> splitWords(normalizer.normalize(AlignedText.of(cps, from, to)),
            CharClasses::isWhitespace, CharClasses::isPunctuation, sink, wordId);
    }

    /**
     * Whitespace separates words and is dropped; each punctuation mark is a word of its own
     * ({@code BertPreTokenizer}; Google's {@code _run_split_on_punc} after {@code whitespace_tokenize}).
     */
    static int splitWords(AlignedText t, IntPredicate isSpace, IntPredicate isPunctuation, WordSink sink, int wordId) {
        int start = -1;
        for (int i = 0; i < t.length; i++) {
            int c = t.cps[i];
            if (isSpace.test(c)) {
                if (start >= 0) { sink.word(t, start, i, wordId++); start = -1; }
            } else if (isPunctuation.test(c)) {
                if (start >= 0) { sink.word(t, start, i, wordId++); start = -1; }
                sink.word(t, i, i + 1, wordId++);
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) sink.word(t, start, t.length, wordId++);
        return wordId;
    }
}
