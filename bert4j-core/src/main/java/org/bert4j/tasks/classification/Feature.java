package org.bert4j.tasks.classification;

/**
 * One example ready for the model, unpadded (padding happens per batch, {@link PaddedBatch}):
 * run_classifier.py's {@code InputFeatures} without the padding.
 *
 * @param guid          the example's id
 * @param inputIds      [n] {@code [CLS] A [SEP] (B [SEP])} token ids
 * @param typeIds       [n] segment ids: 0 for [CLS], A and its [SEP]; 1 for B and the last [SEP]
 * @param attentionMask [n] all ones (every real token is attended to)
 * @param labelIndex    index into the label set; -1 for unlabeled and regression examples
 * @param score         the regression target; NaN for classification and unlabeled examples
 * @param truncated     whether tokens were cut to fit the maximum length
 */
public record Feature(String guid, int[] inputIds, int[] typeIds, int[] attentionMask, int labelIndex, float score,
                      boolean truncated) {
    public int length() { return inputIds.length; }
    public boolean hasLabel() { return labelIndex >= 0 || !Float.isNaN(score); }
}
