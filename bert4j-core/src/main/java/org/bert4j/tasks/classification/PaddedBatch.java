package org.bert4j.tasks.classification;

import java.util.List;

/**
 * Features padded to the longest one in the batch (dynamic padding, HF's
 * {@code DataCollatorWithPadding}; run_classifier.py pads every example to {@code max_seq_length} instead,
 * which gives the same logits since padded positions are masked out).
 *
 * @param inputIds      [batch * seqLen] row-major, padded with the tokenizer's pad id
 * @param typeIds       [batch * seqLen], padded with 0
 * @param attentionMask [batch * seqLen] 1 for real tokens, 0 for padding
 * @param labels        [batch] label indices (-1 where unlabeled)
 * @param scores        [batch] regression targets (NaN where none)
 * @param batchSize     the number of features
 * @param seqLen        the padded length
 */
public record PaddedBatch(int[] inputIds, int[] typeIds, int[] attentionMask, int[] labels, float[] scores,
                          int batchSize, int seqLen) {

    /** Pads features to their longest length. */
    public static PaddedBatch of(List<Feature> features, int padId) {
        int b = features.size(), t = 0;
        for (Feature f : features) t = Math.max(t, f.length());
        int[] ids = new int[b * t], types = new int[b * t], mask = new int[b * t], labels = new int[b];
        float[] scores = new float[b];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            Feature f = features.get(i);
            System.arraycopy(f.inputIds(), 0, ids, i * t, f.length());
            System.arraycopy(f.typeIds(), 0, types, i * t, f.length());
            System.arraycopy(f.attentionMask(), 0, mask, i * t, f.length());
            labels[i] = f.labelIndex();
            scores[i] = f.score();
        }
        return new PaddedBatch(ids, types, mask, labels, scores, b, t);
    }
}
