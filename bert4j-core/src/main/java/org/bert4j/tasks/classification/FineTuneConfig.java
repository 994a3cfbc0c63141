package org.bert4j.tasks.classification;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fine-tuning recipe of the BERT paper (§4.1, §A.3): AdamW with weight decay 0.01 (not on
 * LayerNorm and bias parameters), linear warm-up over the first 10% of the steps then linear decay to
 * 0, batch size 32, maximum sequence length 128, 3 epochs, learning rate 2e-5 (the paper searched
 * {5e-5, 3e-5, 2e-5}), gradient clipping at global norm 1.0. Dropout 0.1 comes from the model's
 * configuration ({@code hidden_dropout_prob}, {@code attention_probs_dropout_prob}: 0.1 in every
 * released BERT), and the classifier uses the same rate.
 *
 * @param epochs        passes over the training data
 * @param learningRate  peak learning rate
 * @param batchSize     training sequences per step
 * @param maxSeqLength  tokens per sequence, special tokens included (longer inputs are truncated)
 * @param warmupRatio   fraction of the steps with linearly rising learning rate
 * @param weightDecay   decoupled weight decay of AdamW
 * @param maxGradNorm   gradient clipping threshold (global L2 norm)
 * @param seed          seeds the head initialization, shuffling and dropout
 * @param evalBatchSize sequences per evaluation forward pass
 */
public record FineTuneConfig(int epochs, double learningRate, int batchSize, int maxSeqLength, double warmupRatio,
                             double weightDecay, double maxGradNorm, long seed, int evalBatchSize) {

    public FineTuneConfig {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (maxSeqLength < 3) throw new IllegalArgumentException("max sequence length must be at least 3, got " + maxSeqLength);
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) throw new IllegalArgumentException("warm-up ratio must be in [0, 1], got " + warmupRatio);
        if (evalBatchSize <= 0) throw new IllegalArgumentException("evaluation batch size must be positive");
    }

    /** The paper's defaults (seed 42). */
    public static FineTuneConfig paper() {
        return new FineTuneConfig(3, 2e-5, 32, 128, 0.1, 0.01, 1.0, 42, 64);
    }

    public FineTuneConfig withEpochs(int e) {
        return new FineTuneConfig(e, learningRate, batchSize, maxSeqLength, warmupRatio, weightDecay, maxGradNorm, seed, evalBatchSize);
    }

    public FineTuneConfig withLearningRate(double lr) {
        return new FineTuneConfig(epochs, lr, batchSize, maxSeqLength, warmupRatio, weightDecay, maxGradNorm, seed, evalBatchSize);
    }

    public FineTuneConfig withBatchSize(int b) {
        return new FineTuneConfig(epochs, learningRate, b, maxSeqLength, warmupRatio, weightDecay, maxGradNorm, seed, evalBatchSize);
    }

    public FineTuneConfig withMaxSeqLength(int m) {
        return new FineTuneConfig(epochs, learningRate, batchSize, m, warmupRatio, weightDecay, maxGradNorm, seed, evalBatchSize);
    }

    public FineTuneConfig withWarmupRatio(double w) {
        return new FineTuneConfig(epochs, learningRate, batchSize, maxSeqLength, w, weightDecay, maxGradNorm, seed, evalBatchSize);
    }

    public FineTuneConfig withSeed(long s) {
        return new FineTuneConfig(epochs, learningRate, batchSize, maxSeqLength, warmupRatio, weightDecay, maxGradNorm, s, evalBatchSize);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("learning_rate", learningRate);
        m.put("batch_size", batchSize);
        m.put("max_seq_length", maxSeqLength);
        m.put("warmup_ratio", warmupRatio);
        m.put("weight_decay", weightDecay);
        m.put("max_grad_norm", maxGradNorm);
        m.put("optimizer", "adamw");
        m.put("schedule", "linear");
        m.put("seed", seed);
        return m;
    }
}
