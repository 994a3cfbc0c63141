package org.bert4j.tokenizer;

import java.util.Arrays;

/**
 * One encoded input, as BERT's input layer takes it (paper §3.2): token ids with
 * {@code [CLS] A [SEP] (B [SEP])}, segment ids (token type ids 0 for A, 1 for B), and for every
 * token its text and offsets in the original input (code points; {@code [0, 0]} for added special
 * tokens) and the index of the word it came from ({@code -1} for special tokens).
 *
 * @param ids               [n] vocabulary ids
 * @param tokens            [n] token strings
 * @param typeIds           [n] segment ids
 * @param starts            [n] start offset of each token in its original text (code points)
 * @param ends              [n] end offset (exclusive)
 * @param wordIds           [n] word index within its sequence, -1 for added special tokens
 * @param sequenceIds       [n] 0 for text A, 1 for text B, -1 for added special tokens
 * @param specialTokensMask [n] 1 for added special tokens
 */
public record Encoding(int[] ids, String[] tokens, int[] typeIds, int[] starts, int[] ends, int[] wordIds,
                       int[] sequenceIds, int[] specialTokensMask) {

    public int length() { return ids.length; }

    /** Offsets as {@code [[start, end], ...]}. */
    public int[][] offsets() {
        int[][] o = new int[ids.length][];
        for (int i = 0; i < o.length; i++) o[i] = new int[] {starts[i], ends[i]};
        return o;
    }

    /** All ones: every token of an unpadded encoding is attended to. */
    public int[] attentionMask() {
        int[] m = new int[ids.length];
        Arrays.fill(m, 1);
        return m;
    }

    @Override
    public String toString() { return "Encoding" + Arrays.toString(tokens); }
}
