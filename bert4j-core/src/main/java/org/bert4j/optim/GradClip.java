package org.bert4j.optim;

import java.util.List;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;

/**
 * Global-norm gradient clipping, {@code torch.nn.utils.clip_grad_norm_(params, max_norm)}
 * semantics (Google's BERT does the same with {@code tf.clip_by_global_norm(grads, 1.0)}).
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Computes {@code norm = sqrt(sum over params of sum(g^2))} and, when
     * {@code maxNorm / (norm + 1e-6) < 1}, scales every gradient by that factor.
     * Parameters without a gradient are ignored. A NaN or infinite norm is returned without
     * touching the gradients (the caller is expected to stop; PyTorch would multiply by NaN).
     *
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        Kernels k = KernelsProvider.get();
        double norm = globalNorm(params);
        if (!Double.isFinite(norm)) return norm;
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) {
            float s = (float) coef;
            for (Param p : params) {
                if (p.hasGrad()) k.scale(p.grad(), 0, p.size(), s);
            }
        }
        return norm;
    }

    /** {@code sqrt(sum of squared gradient entries)} over all parameters that have a gradient. */
    public static double globalNorm(List<Param> params) {
        Kernels k = KernelsProvider.get();
        double sum = 0;
        for (Param p : params) {
            if (p.hasGrad()) sum += k.sumSquares(p.grad(), 0, p.size());
        }
        return Math.sqrt(sum);
    }
}
