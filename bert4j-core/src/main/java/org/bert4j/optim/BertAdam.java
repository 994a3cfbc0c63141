package org.bert4j.optim;

import org.bert4j.nn.Param;

/**
 * The optimizer of the BERT paper's runs: google-research/bert {@code optimization.py}
 * {@code AdamWeightDecayOptimizer}. Adam <em>without</em> bias correction, weight decay added to
 * the update (decoupled, not L2 in the loss):
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   update = m / (sqrt(v) + eps) + wd * p      (wd = 0 for LayerNorm, layer_norm, bias)
 *   p -= lr * update
 * </pre>
 * Defaults {@code beta_1=0.9}, {@code beta_2=0.999}, {@code epsilon=1e-6}, {@code weight_decay_rate=0.01}.
 */
public final class BertAdam extends AdamMoments {
    public BertAdam(double beta1, double beta2, double eps, double weightDecay, WeightDecayExclusion exclusion) {
        super(beta1, beta2, eps, weightDecay, exclusion);
    }

    /** Google's defaults: betas 0.9/0.999, eps 1e-6, weight decay 0.01, Google's exclusion list. */
    public BertAdam() {
        this(0.9, 0.999, 1e-6, 0.01, WeightDecayExclusion.google());
    }

    @Override
    protected String kind() {
        return "BertAdam";
    }

    @Override
    protected void update(Param p, float[] m, float[] v, double lr, double wd, long t) {
        // float32 in Google's operation order (apply_gradients), so results track TensorFlow/PyTorch to an ulp
        float[] w = p.value(), g = p.grad();
        float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1.0 - beta1), c2 = (float) (1.0 - beta2);
        float e = (float) eps, decay = (float) wd, rate = (float) lr;
        for (int i = 0; i < w.length; i++) {
            float mi = b1 * m[i] + c1 * g[i];
            float vi = b2 * v[i] + c2 * g[i] * g[i];
            float update = mi / ((float) Math.sqrt(vi) + e) + decay * w[i];
            w[i] -= rate * update;
            m[i] = mi;
            v[i] = vi;
        }
    }
}
