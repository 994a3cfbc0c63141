package org.bert4j.tasks.pretraining;

import java.util.Arrays;

/**
 * One pre-training example, google-research/bert {@code create_pretraining_data.py}
 * {@code TrainingInstance} with ids instead of strings, unpadded.
 *
 * @param inputIds          {@code [CLS] A [SEP] B [SEP]} after masking
 * @param segmentIds        0 for {@code [CLS] A [SEP]}, 1 for {@code B [SEP]}
 * @param maskedLmPositions positions of the predicted tokens, ascending
 * @param maskedLmIds       the original ids at those positions (the MLM labels)
 * @param isRandomNext      B is a random span of another document ({@code next_sentence_labels} = 1, NotNext)
 */
public record PretrainingInstance(int[] inputIds, int[] segmentIds, int[] maskedLmPositions, int[] maskedLmIds,
                                  boolean isRandomNext) {
    public PretrainingInstance {
        if (inputIds.length != segmentIds.length) {
            throw new IllegalArgumentException("input_ids and segment_ids differ in length: " + inputIds.length + " vs " + segmentIds.length);
        }
        if (maskedLmPositions.length != maskedLmIds.length) {
            throw new IllegalArgumentException("masked_lm_positions and masked_lm_ids differ in length");
        }
    }

    /** {@code next_sentence_labels}: 0 = IsNext, 1 = NotNext (Google's convention). */
    public int nextSentenceLabel() { return isRandomNext ? 1 : 0; }

    public int length() { return inputIds.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PretrainingInstance p && isRandomNext == p.isRandomNext && Arrays.equals(inputIds, p.inputIds)
            && Arrays.equals(segmentIds, p.segmentIds) && Arrays.equals(maskedLmPositions, p.maskedLmPositions)
            && Arrays.equals(maskedLmIds, p.maskedLmIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inputIds) * 31 + Arrays.hashCode(maskedLmPositions) * 7 + (isRandomNext ? 1 : 0);
    }

    @Override
    public String toString() {
        return "PretrainingInstance[input_ids=" + Arrays.toString(inputIds) + ", segment_ids=" + Arrays.toString(segmentIds)
            + ", masked_lm_positions=" + Arrays.toString(maskedLmPositions) + ", masked_lm_ids=" + Arrays.toString(maskedLmIds)
            + ", next_sentence_labels=" + nextSentenceLabel() + "]";
    }
}
