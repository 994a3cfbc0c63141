package org.bert4j.tasks.pretraining;

/**
 * The flags of google-research/bert {@code create_pretraining_data.py}, with its defaults.
 *
 * @param maxSeqLength         {@code max_seq_length}: {@code [CLS] A [SEP] B [SEP]} is at most this long (128)
 * @param maxPredictionsPerSeq {@code max_predictions_per_seq}: at most this many masked positions (20)
 * @param maskedLmProb         {@code masked_lm_prob}: share of tokens to mask (0.15)
 * @param shortSeqProb         {@code short_seq_prob}: probability of a shorter target length per document (0.1)
 * @param dupeFactor           {@code dupe_factor}: passes over the corpus, each with other masks and pairs (10)
 * @param wholeWordMask        {@code do_whole_word_mask}: mask all WordPiece pieces of a word together (false)
 * @param seed                 {@code random_seed} (12345)
 * @param ratios               what a chosen token becomes: [MASK] / same / random, in percent (80 / 10 / 10;
 *                             not a flag of Google's script, whose values are fixed: the paper's Table 8 varies them)
 */
public record PretrainingConfig(int maxSeqLength, int maxPredictionsPerSeq, double maskedLmProb, double shortSeqProb,
                                int dupeFactor, boolean wholeWordMask, long seed, MaskingRatios ratios) {
    public static final PretrainingConfig GOOGLE_DEFAULTS = new PretrainingConfig(128, 20, 0.15, 0.1, 10, false, 12345);

    /** With BERT's 80 / 10 / 10 masking. */
    public PretrainingConfig(int maxSeqLength, int maxPredictionsPerSeq, double maskedLmProb, double shortSeqProb,
                             int dupeFactor, boolean wholeWordMask, long seed) {
        this(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, wholeWordMask, seed, MaskingRatios.BERT);
    }

    public PretrainingConfig {
        if (ratios == null) throw new IllegalArgumentException("masking ratios are required (BERT: 80,10,10)");
        if (maxSeqLength < 5) throw new IllegalArgumentException("max_seq_length must be at least 5 ([CLS] a [SEP] b [SEP]), got " + maxSeqLength);
        if (maxPredictionsPerSeq < 0) throw new IllegalArgumentException("max_predictions_per_seq must be >= 0, got " + maxPredictionsPerSeq);
        if (!(maskedLmProb >= 0 && maskedLmProb <= 1)) throw new IllegalArgumentException("masked_lm_prob must be in [0, 1], got " + maskedLmProb);
        if (!(shortSeqProb >= 0 && shortSeqProb <= 1)) throw new IllegalArgumentException("short_seq_prob must be in [0, 1], got " + shortSeqProb);
        if (dupeFactor < 1) throw new IllegalArgumentException("dupe_factor must be at least 1, got " + dupeFactor);
    }

    /** {@code max_num_tokens}: room for A and B after {@code [CLS]}, {@code [SEP]}, {@code [SEP]}. */
    public int maxNumTokens() { return maxSeqLength - 3; }

    public PretrainingConfig withDupeFactor(int d) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, d, wholeWordMask, seed, ratios);
    }

    public PretrainingConfig withSeed(long s) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, wholeWordMask, s, ratios);
    }

    public PretrainingConfig withWholeWordMask(boolean w) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, w, seed, ratios);
    }

    public PretrainingConfig withMaxSeqLength(int m) {
        return new PretrainingConfig(m, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, wholeWordMask, seed, ratios);
    }

    public PretrainingConfig withRatios(MaskingRatios r) {
        return new PretrainingConfig(maxSeqLength, maxPredictionsPerSeq, maskedLmProb, shortSeqProb, dupeFactor, wholeWordMask, seed, r);
    }
}
