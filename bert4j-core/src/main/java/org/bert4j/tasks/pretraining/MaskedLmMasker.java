package org.bert4j.tasks.pretraining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The masked LM task (paper §3.1, Task #1), google-research/bert {@code create_pretraining_data.py}
 * {@code create_masked_lm_predictions}, step for step:
 * <ol>
 *   <li>every position except {@code [CLS]} and {@code [SEP]} is a candidate; with whole-word
 *       masking a {@code ##} piece joins the candidate before it (as in Google's code, this looks
 *       only at the token, so a {@code ##} piece that opens B after front truncation joins A's last word);</li>
 *   <li>the candidates are shuffled;</li>
 *   <li>{@code num_to_predict = min(max_predictions_per_seq, max(1, round(len(tokens) * masked_lm_prob)))},
 *       with Python 3's round-half-to-even;</li>
 *   <li>candidates are taken in shuffled order; one that would overshoot {@code num_to_predict} is skipped;</li>
 *   <li>each chosen position becomes {@code [MASK]} with probability 0.8, else keeps its token with
 *       probability 0.5, else becomes a token drawn uniformly from the whole vocabulary
 *       ({@code vocab_words[rng.randint(0, len(vocab_words) - 1)]}, special tokens included); other
 *       {@link MaskingRatios} (Table 8) change the two thresholds, not the draws;</li>
 *   <li>positions are reported in ascending order with their original ids as labels.</li>
 * </ol>
 */
final class MaskedLmMasker {
    private final PretrainingConfig config;
    private final int clsId, sepId, maskId, vocabSize;
    private final boolean[] continuation; // [vocabSize] the token starts with "##"
    private final double maskProbability, sameGivenNotMask; // 0.8 and 0.5 for BERT's 80 / 10 / 10

    MaskedLmMasker(PretrainingConfig config, int clsId, int sepId, int maskId, boolean[] continuation) {
        this.config = config;
        this.clsId = clsId;
        this.sepId = sepId;
        this.maskId = maskId;
        this.continuation = continuation;
        this.vocabSize = continuation.length;
        this.maskProbability = config.ratios().maskProbability();
        this.sameGivenNotMask = config.ratios().sameGivenNotMask();
    }

    /** Masks {@code tokens} in place and returns the instance. */
    PretrainingInstance mask(int[] tokens, int[] segmentIds, boolean isRandomNext, Random rng) {
        List<int[]> candIndexes = new ArrayList<>();
        int[] group = new int[8];
        int groupSize = 0;
        for (int i = 0; i < tokens.length; i++) {
            int t = tokens[i];
            if (t == clsId || t == sepId) continue;
            if (config.wholeWordMask() && groupSize > 0 && continuation[t]) {
                if (groupSize == group.length) group = Arrays.copyOf(group, groupSize * 2);
                group[groupSize++] = i;
            } else {
                if (groupSize > 0) candIndexes.add(Arrays.copyOf(group, groupSize));
                group[0] = i;
                groupSize = 1;
            }
        }
        if (groupSize > 0) candIndexes.add(Arrays.copyOf(group, groupSize));
        PyRandom.shuffle(candIndexes, rng);

        int[] original = tokens.clone();
        int numToPredict = Math.min(config.maxPredictionsPerSeq(),
                                    Math.max(1, (int) Math.rint(tokens.length * config.maskedLmProb())));
        boolean[] covered = new boolean[tokens.length];
        int[] positions = new int[numToPredict];
        int masked = 0;
        for (int[] indexSet : candIndexes) {
            if (masked >= numToPredict) break;
            if (masked + indexSet.length > numToPredict) continue;
            boolean anyCovered = false;
            for (int index : indexSet) if (covered[index]) { anyCovered = true; break; }
            if (anyCovered) continue;
            for (int index : indexSet) {
                covered[index] = true;
                int maskedToken;
                if (PyRandom.random(rng) < maskProbability) {
                    maskedToken = maskId;
                } else if (PyRandom.random(rng) < sameGivenNotMask) {
                    maskedToken = original[index];
                } else {
                    maskedToken = PyRandom.randint(rng, 0, vocabSize - 1);
                }
                tokens[index] = maskedToken;
                positions[masked++] = index;
            }
        }
        int[] pos = Arrays.copyOf(positions, masked);
        Arrays.sort(pos);
        int[] labels = new int[masked];
        for (int k = 0; k < masked; k++) labels[k] = original[pos[k]];
        return new PretrainingInstance(tokens, segmentIds, pos, labels, isRandomNext);
    }
}
