package org.bert4j.tasks.multiplechoice;

/**
 * One multiple-choice example as model input: one row per choice, padded to a common length, so a
 * batch is {@code [batch, choices, tokens]} (Hugging Face {@code BertForMultipleChoice}).
 *
 * @param inputIds   [choices][tokens] ids of {@code [CLS] context [SEP] question ending [SEP]}, then padding
 * @param segmentIds [choices][tokens] 0 for {@code [CLS]} context {@code [SEP]}, 1 for the second segment, 0 for padding
 * @param inputMask  [choices][tokens] 1 for real tokens, 0 for padding
 * @param label      right choice, -1 if unlabeled
 */
public record ChoiceFeature(int[][] inputIds, int[][] segmentIds, int[][] inputMask, int label) {
    public int choices() { return inputIds.length; }
    public int length() { return inputIds[0].length; }
}
