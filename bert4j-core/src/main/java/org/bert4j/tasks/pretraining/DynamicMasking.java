package org.bert4j.tasks.pretraining;

import java.util.Random;
import org.bert4j.tokenizer.Vocab;

/**
 * Dynamic masking (RoBERTa, Liu et al. 2019, §4.1): instead of the masks fixed when the data was
 * created, every time an instance is used it gets fresh ones. The unmasked sequence is recovered
 * from the instance itself ({@link PretrainingBatch#originalTokens}: the labels written back at
 * their positions) and masked again by {@link MaskedLmMasker}, Google's 80/10/10 procedure (or other {@link MaskingRatios}), with the
 * caller's seeded generator, so a run (and a resumed run) is reproducible.
 */
public final class DynamicMasking {
    private final MaskedLmMasker masker;

    /**
     * @param vocab                the vocabulary of the data ({@code [CLS]}, {@code [SEP]}, {@code [MASK]}, {@code ##} pieces)
     * @param maskedLmProb         share of tokens to mask (0.15)
     * @param maxPredictionsPerSeq at most this many masked positions per sequence
     * @param wholeWordMask        mask all pieces of a word together
     */
    public DynamicMasking(Vocab vocab, double maskedLmProb, int maxPredictionsPerSeq, boolean wholeWordMask) {
        this(vocab, maskedLmProb, maxPredictionsPerSeq, wholeWordMask, MaskingRatios.BERT);
    }

    /** As above with other [MASK] / same / random percentages (the paper's Table 8). */
    public DynamicMasking(Vocab vocab, double maskedLmProb, int maxPredictionsPerSeq, boolean wholeWordMask, MaskingRatios ratios) {
        int cls = vocab.id("[CLS]"), sep = vocab.id("[SEP]"), mask = vocab.id("[MASK]");
        if (cls < 0 || sep < 0 || mask < 0) throw new IllegalArgumentException("dynamic masking needs [CLS], [SEP] and [MASK] in the vocabulary");
        boolean[] continuation = new boolean[vocab.size()];
        for (int id = 0; id < continuation.length; id++) {
            String t = vocab.token(id);
            continuation[id] = t != null && t.startsWith("##");
        }
        // the masker reads only masked_lm_prob, max_predictions_per_seq and do_whole_word_mask
        PretrainingConfig config = PretrainingConfig.GOOGLE_DEFAULTS.withWholeWordMask(wholeWordMask);
        config = new PretrainingConfig(config.maxSeqLength(), maxPredictionsPerSeq, maskedLmProb, config.shortSeqProb(),
                config.dupeFactor(), wholeWordMask, config.seed(), ratios);
        masker = new MaskedLmMasker(config, cls, sep, mask, continuation);
    }

    /** The instance with new masks drawn from {@code random}; segments and NSP label unchanged. */
    public PretrainingInstance remask(PretrainingInstance in, Random random) {
        return masker.mask(PretrainingBatch.originalTokens(in), in.segmentIds().clone(), in.isRandomNext(), random);
    }
}
