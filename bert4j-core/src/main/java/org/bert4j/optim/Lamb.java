package org.bert4j.optim;

import org.bert4j.nn.Param;

/**
 * LAMB (You et al. 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes"),
 * as NVIDIA's BERT pre-training runs it: apex {@code FusedLAMB} / {@code multi_tensor_lamb.cu} in
 * {@code adam_w_mode} with bias correction and grad averaging:
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   update = (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) + wd * p
 *   ratio  = ||p|| / ||update||   (1 when either norm is 0)
 *   p -= lr * ratio * update
 * </pre>
 * Per apex, the trust ratio is applied only to parameters with weight decay unless
 * {@code nvLamb} is set ({@code use_nvlamb=True}), which applies it to every parameter.
 * apex's built-in global gradient clipping is not repeated here: the trainer clips with
 * {@link GradClip} before the step. Defaults eps 1e-6, weight decay 0.01.
 */
public final class Lamb extends AdamMoments {
    private final boolean nvLamb;

    public Lamb(double beta1, double beta2, double eps, double weightDecay, WeightDecayExclusion exclusion, boolean nvLamb) {
        super(beta1, beta2, eps, weightDecay, exclusion);
        this.nvLamb = nvLamb;
    }

    @Override
    protected String kind() {
        return "Lamb";
    }

    @Override
    protected void update(Param p, float[] m, float[] v, double lr, double wd, long t) {
        float[] w = p.value(), g = p.grad();
        int n = p.size();
        float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1.0 - beta1), c2 = (float) (1.0 - beta2);
        float bc1 = (float) (1.0 - Math.pow(beta1, t)), bc2 = (float) (1.0 - Math.pow(beta2, t));
        float[] update = new float[n];
        double wNorm2 = 0, uNorm2 = 0;
        for (int i = 0; i < n; i++) {
            float mi = b1 * m[i] + c1 * g[i];
            float vi = b2 * v[i] + c2 * g[i] * g[i];
            m[i] = mi;
            v[i] = vi;
            float u = (mi / bc1) / ((float) Math.sqrt(vi / bc2) + (float) eps) + (float) wd * w[i];
            update[i] = u;
            wNorm2 += (double) w[i] * w[i];
            uNorm2 += (double) u * u;
        }
        double ratio = 1.0;
        if (nvLamb || wd != 0.0) {
            double wNorm = Math.sqrt(wNorm2), uNorm = Math.sqrt(uNorm2);
            if (wNorm != 0.0 && uNorm != 0.0) ratio = wNorm / uNorm;
        }
        float scale = (float) (lr * ratio);
        for (int i = 0; i < n; i++) w[i] -= scale * update[i];
    }
}
