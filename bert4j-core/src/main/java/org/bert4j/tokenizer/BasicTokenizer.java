package org.bert4j.tokenizer;

/**
 * Splits a stretch of raw text into words and hands each word to WordPiece: BERT's
 * "BasicTokenizer" (normalization, whitespace and punctuation splitting).
 */
interface BasicTokenizer {
    /**
     * Tokenizes {@code cps[from, to)} of the original text, appending WordPiece tokens to {@code out};
     * words are numbered from {@code firstWordId}. Returns the next free word id.
     */
    int tokenize(int[] cps, int from, int to, WordPiece wordPiece, TokenSequence out, int firstWordId);

    /** Hugging Face tokenizers' pipeline: {@code BertNormalizer} over the whole text, then {@code BertPreTokenizer}. */
    static BasicTokenizer huggingFace(BertNormalizer normalizer) {
        return (cps, from, to, wordPiece, out, wordId) -> {
            AlignedText t = normalizer.normalize(AlignedText.of(cps, from, to));
            // BertPreTokenizer: whitespace separates words and is dropped; each punctuation mark is a word.
            int start = -1;
            for (int i = 0; i < t.length; i++) {
                int c = t.cps[i];
                if (CharClasses.isWhitespace(c)) {
                    if (start >= 0) { wordPiece.tokenize(t, start, i, out, wordId++); start = -1; }
                } else if (CharClasses.isPunctuation(c)) {
                    if (start >= 0) { wordPiece.tokenize(t, start, i, out, wordId++); start = -1; }
                    wordPiece.tokenize(t, i, i + 1, out, wordId++);
                } else if (start < 0) {
                    start = i;
                }
            }
            if (start >= 0) wordPiece.tokenize(t, start, t.length, out, wordId++);
            return wordId;
        };
    }
}
