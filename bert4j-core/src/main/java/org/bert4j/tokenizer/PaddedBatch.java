package org.bert4j.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Encodings of a batch padded to one length, as a model takes them: ids, segment ids and the
 * attention mask (1 for real tokens, 0 for padding), like Hugging Face's {@code padding=True}
 * (pad on the right with the {@code [PAD]} id, segment id 0).
 *
 * @param inputIds      [batch][length]
 * @param tokenTypeIds  [batch][length]
 * @param attentionMask [batch][length]
 */
public record PaddedBatch(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {

    /**
     * Pads to the longest encoding, rounded up to a multiple of {@code padToMultipleOf} (1 = no rounding).
     */
    public static PaddedBatch of(List<Encoding> encodings, int padId, int padToMultipleOf) {
        if (padToMultipleOf < 1) throw new IllegalArgumentException("padToMultipleOf must be at least 1, got " + padToMultipleOf);
        int longest = 0;
        for (Encoding e : encodings) longest = Math.max(longest, e.length());
        int length = (longest + padToMultipleOf - 1) / padToMultipleOf * padToMultipleOf;
        int n = encodings.size();
        int[][] ids = new int[n][length], types = new int[n][length], mask = new int[n][length];
        for (int b = 0; b < n; b++) {
            Encoding e = encodings.get(b);
            Arrays.fill(ids[b], padId);
            System.arraycopy(e.ids(), 0, ids[b], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[b], 0, e.length());
            Arrays.fill(mask[b], 0, e.length(), 1);
        }
        return new PaddedBatch(ids, types, mask);
    }

    public int batchSize() { return inputIds.length; }

    public int length() { return inputIds.length == 0 ? 0 : inputIds[0].length; }
}
