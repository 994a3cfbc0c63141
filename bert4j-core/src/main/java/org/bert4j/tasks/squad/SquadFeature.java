package org.bert4j.tasks.squad;

/**
 * One model input for SQuAD: {@code [CLS] question [SEP] passage-window [SEP]} (Google run_squad.py
 * {@code InputFeatures}), unpadded.
 *
 * @param exampleIndex      index of the example in the list given to {@link SquadFeatures#build}
 * @param exampleId         the question id
 * @param docSpanIndex      which window of the passage this is
 * @param tokens            [n] token strings
 * @param inputIds          [n] vocabulary ids
 * @param segmentIds        [n] 0 for [CLS], question and first [SEP]; 1 for the passage and last [SEP]
 * @param charStarts        [n] code-point start offset of each passage token in the context; -1 elsewhere
 * @param charEnds          [n] code-point end offset (exclusive); -1 elsewhere
 * @param tokenIsMaxContext [n] true for passage tokens whose most-context window is this one
 * @param startPosition     token index of the answer start in this window, 0 ([CLS]) if the answer is not
 *                          inside the window, the question is impossible, or there is no answer
 * @param endPosition       token index of the answer end (inclusive), same rules
 * @param isImpossible      true if the question is unanswerable or (v2 training) its answer lies outside the window
 */
public record SquadFeature(int exampleIndex, String exampleId, int docSpanIndex, String[] tokens, int[] inputIds,
                           int[] segmentIds, int[] charStarts, int[] charEnds, boolean[] tokenIsMaxContext,
                           int startPosition, int endPosition, boolean isImpossible) {

    public int length() { return inputIds.length; }

    /** Whether token {@code i} is a passage token (the decoder only predicts those). */
    public boolean isPassageToken(int i) { return i >= 0 && i < charStarts.length && charStarts[i] >= 0; }

    /** {@code inputIds} padded with {@code padId} to {@code maxSeqLength}. */
    public int[] paddedInputIds(int maxSeqLength, int padId) { return pad(inputIds, maxSeqLength, padId); }

    /** {@code segmentIds} padded with 0 to {@code maxSeqLength}. */
    public int[] paddedSegmentIds(int maxSeqLength) { return pad(segmentIds, maxSeqLength, 0); }

    /** 1 for real tokens, 0 for padding, of length {@code maxSeqLength}. */
    public int[] inputMask(int maxSeqLength) {
        int[] m = new int[maxSeqLength];
        java.util.Arrays.fill(m, 0, Math.min(length(), maxSeqLength), 1);
        return m;
    }

    private static int[] pad(int[] a, int n, int value) {
        if (a.length > n) throw new IllegalArgumentException("feature has " + a.length + " tokens, more than " + n);
        int[] out = java.util.Arrays.copyOf(a, n);
        java.util.Arrays.fill(out, a.length, n, value);
        return out;
    }
}
