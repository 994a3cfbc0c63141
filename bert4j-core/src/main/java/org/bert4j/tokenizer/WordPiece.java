package org.bert4j.tokenizer;

/**
 * Greedy longest-match-first WordPiece (Wu et al., 2016; google-research/bert tokenization.py
 * {@code WordpieceTokenizer}): a word is split into the longest prefix found in the vocabulary, then
 * the longest {@code ##}-continuation, and so on. A word with a piece that matches nothing, or
 * longer than {@code maxInputCharsPerWord} code points, becomes one {@code [UNK]}.
 *
 * <p>Example: {@code unaffable} → {@code un ##aff ##able}.
 */
final class WordPiece {
    private final Vocab vocab;
    private final int unkId;
    private final int[] prefix;
    private final int maxInputCharsPerWord;

    WordPiece(Vocab vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unkId = vocab.id(unkToken);
        if (unkId < 0) throw new TokenizerException("the vocabulary has no unknown token '" + unkToken + "'");
        this.prefix = continuingSubwordPrefix.codePoints().toArray();
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    int unkId() { return unkId; }

    /**
     * Appends the pieces of {@code word = text.cps[from, to)} to {@code out}: id and the offsets of
     * each piece in the original text (through {@code text.origin}).
     */
    void tokenize(AlignedText text, int from, int to, TokenSequence out, int wordId) {
        int[] cps = text.cps;
        if (to - from > maxInputCharsPerWord) {
            out.add(unkId, text.origin[from], text.origin[to - 1] + 1, wordId);
            return;
        }
        int mark = out.size();
        int start = from;
        while (start < to) {
            int end = to;
            int found = -1;
            while (start < end) {
                found = vocab.find(cps, start, end, start > from, prefix);
                if (found >= 0) break;
                end--;
            }
            if (found < 0) { // no piece matches: the whole word is unknown
                out.truncate(mark);
                out.add(unkId, text.origin[from], text.origin[to - 1] + 1, wordId);
                return;
            }
            out.add(found, text.origin[start], text.origin[end - 1] + 1, wordId);
            start = end;
        }
    }
}
