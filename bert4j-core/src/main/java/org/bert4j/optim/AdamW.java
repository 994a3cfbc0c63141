package org.bert4j.optim;

import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), exactly as PyTorch's
 * {@code torch.optim.AdamW} ({@code _single_tensor_adamw}):
 * <pre>
 *   p  = p * (1 - lr * wd)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g^2
 *   p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Defaults {@code betas=(0.9, 0.999)}, {@code eps=1e-8}. This is what Hugging Face's
 * {@code Trainer} fine-tunes BERT with; {@link BertAdam} is the paper's own variant.
 */
public final class AdamW extends AdamMoments {
    private final Kernels kernels = KernelsProvider.get();

    public AdamW(double beta1, double beta2, double eps, double weightDecay, WeightDecayExclusion exclusion) {
        super(beta1, beta2, eps, weightDecay, exclusion);
    }

    /** PyTorch's defaults with {@code weightDecay} on all but LayerNorm and bias parameters. */
    public AdamW(double weightDecay) {
        this(0.9, 0.999, 1e-8, weightDecay, WeightDecayExclusion.google());
    }

    @Override
    protected String kind() {
        return "AdamW";
    }

    @Override
    protected void update(Param p, float[] m, float[] v, double lr, double wd, long t) {
        float bc1 = (float) (1.0 - Math.pow(beta1, t));
        float bc2 = (float) (1.0 - Math.pow(beta2, t));
        kernels.adamwStep(p.value(), p.grad(), m, v, 0, p.size(), (float) lr, (float) beta1, (float) beta2,
                (float) eps, (float) wd, bc1, bc2);
    }
}
