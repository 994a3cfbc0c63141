package org.bert4j.tasks.pretraining;

import java.util.Arrays;
import java.util.List;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.model.PackedBatch;

/**
 * Instances collated for one forward pass: padded per batch to its longest sequence with
 * {@code [PAD]} and attention mask 0 (the data itself is unpadded), then packed
 * ({@link PackedBatch} drops the padding again), with the labels in the padded layout.
 *
 * <p>Labels by objective: masked LM: {@code mlmLabels[b][maskedLmPositions[i]] = maskedLmIds[i]};
 * left-to-right LM: the unmasked sequence ({@link #originalTokens}) is the input and
 * {@code mlmLabels[b][t]} is its token {@code t + 1} (every position but the last); NSP:
 * {@code next_sentence_labels} (0 IsNext, 1 NotNext), null for objectives without NSP.
 *
 * @param packed    the model input
 * @param mlmLabels {@code [batch][seqLen]}, {@link BertForPreTraining#IGNORE} where nothing is predicted
 * @param nspLabels {@code [batch]}, or null
 */
public record PretrainingBatch(PackedBatch packed, int[][] mlmLabels, int[] nspLabels) {

    public static PretrainingBatch collate(List<PretrainingInstance> instances, PretrainingObjective objective, int padId) {
        int n = instances.size(), seqLen = 0;
        for (PretrainingInstance in : instances) seqLen = Math.max(seqLen, in.length());
        int[][] ids = new int[n][seqLen], types = new int[n][seqLen], mask = new int[n][seqLen], labels = new int[n][seqLen];
        int[] nsp = objective.nsp() ? new int[n] : null;
        for (int b = 0; b < n; b++) {
            PretrainingInstance in = instances.get(b);
            int len = in.length();
            int[] tokens = objective == PretrainingObjective.LTR ? originalTokens(in) : in.inputIds();
            Arrays.fill(ids[b], padId);
            System.arraycopy(tokens, 0, ids[b], 0, len);
            System.arraycopy(in.segmentIds(), 0, types[b], 0, len);
            Arrays.fill(mask[b], 0, len, 1);
            Arrays.fill(labels[b], BertForPreTraining.IGNORE);
            if (objective == PretrainingObjective.LTR) {
                for (int t = 0; t + 1 < len; t++) labels[b][t] = tokens[t + 1];
            } else {
                int[] pos = in.maskedLmPositions(), lab = in.maskedLmIds();
                for (int i = 0; i < pos.length; i++) {
                    if (pos[i] < 0 || pos[i] >= len) {
                        throw new IllegalArgumentException("masked_lm_positions " + pos[i] + " is outside the sequence of length " + len);
                    }
                    labels[b][pos[i]] = lab[i];
                }
            }
            if (nsp != null) nsp[b] = in.nextSentenceLabel();
        }
        return new PretrainingBatch(PackedBatch.of(ids, types, mask), labels, nsp);
    }

    /**
     * The sequence before masking: {@code input_ids} with {@code masked_lm_ids} written back at
     * {@code masked_lm_positions} (undoes the 80% {@code [MASK]} and the 10% random tokens alike).
     */
    public static int[] originalTokens(PretrainingInstance in) {
        int[] t = in.inputIds().clone();
        int[] pos = in.maskedLmPositions(), lab = in.maskedLmIds();
        for (int i = 0; i < pos.length; i++) t[pos[i]] = lab[i];
        return t;
    }
}
