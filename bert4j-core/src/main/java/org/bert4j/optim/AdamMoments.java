package org.bert4j.optim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;

/**
 * The machinery every Adam-family optimizer shares: first and second moments per parameter
 * (PyTorch's {@code exp_avg}, {@code exp_avg_sq}; Google's {@code /adam_m}, {@code /adam_v}),
 * the step count, the weight-decay exclusion, and saving/restoring all of it. Subclasses write
 * only the per-parameter update rule.
 */
public abstract class AdamMoments implements Optimizer {
    protected final double beta1;
    protected final double beta2;
    protected final double eps;
    protected final double weightDecay;
    protected final WeightDecayExclusion exclusion;
    private final Map<String, float[][]> moments = new HashMap<>(); // name -> {exp_avg, exp_avg_sq}
    private Map<String, float[]> pending = new HashMap<>();               // loaded, not yet claimed by a param
    private long step;

    protected AdamMoments(double beta1, double beta2, double eps, double weightDecay, WeightDecayExclusion exclusion) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("betas must be in [0, 1): " + beta1 + ", " + beta2);
        if (!(eps >= 0) || !(weightDecay >= 0)) throw new IllegalArgumentException("eps and weight decay must be >= 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.exclusion = exclusion;
    }

    /** Short name stored with the state ({@code "AdamW"}, {@code "BertAdam"}, {@code "Lamb"}). */
    protected abstract String kind();

    /**
     * Updates one parameter; {@code m} and {@code v} are its moments (updated in place), {@code t}
     * the 1-based step number, {@code wd} its weight decay (0 if excluded).
     */
    protected abstract void update(Param p, float[] m, float[] v, double lr, double wd, long t);

    @Override
    public final void step(List<Param> params, double lr) {
        step++;
        for (Param p : params) {
            if (!p.hasGrad()) continue;
            float[][] mv = moments(p);
            update(p, mv[0], mv[1], lr, exclusion.decays(p.name()) ? weightDecay : 0.0, step);
        }
    }

    private float[][] moments(Param p) {
        float[][] mv = moments.get(p.name());
        if (mv == null) {
            float[] m = pending.remove(p.name() + ".exp_avg");
            float[] v = pending.remove(p.name() + ".exp_avg_sq");
            if ((m == null) != (v == null)) throw new IllegalStateException("optimizer state for " + p.name() + " has only one moment");
            if (m == null) {
                m = new float[p.size()];
                v = new float[p.size()];
            } else if (m.length != p.size() || v.length != p.size()) {
                throw new IllegalStateException("optimizer state for " + p.name() + " has " + m.length + " values, parameter has " + p.size());
            }
            mv = new float[][] {m, v};
            moments.put(p.name(), mv);
        } else if (mv[0].length != p.size()) {
            throw new IllegalStateException("parameter " + p.name() + " changed size");
        }
        return mv;
    }

    @Override
    public final long stepCount() {
        return step;
    }

    @Override
    public final OptimizerState state() {
        Map<String, float[]> t = new LinkedHashMap<>();
        moments.keySet().stream().sorted().forEach(name -> {
            float[][] mv = moments.get(name);
            t.put(name + ".exp_avg", mv[0].clone());
            t.put(name + ".exp_avg_sq", mv[1].clone());
        });
        pending.forEach((k, v) -> t.put(k, v.clone()));
        return new OptimizerState(kind(), step, t);
    }

    @Override
    public final void loadState(OptimizerState state) {
        if (!state.kind().equals(kind())) throw new IllegalArgumentException("state is from " + state.kind() + ", this optimizer is " + kind());
        for (String k : state.tensors().keySet()) {
            if (!k.endsWith(".exp_avg") && !k.endsWith(".exp_avg_sq")) throw new IllegalArgumentException("unexpected optimizer tensor " + k);
        }
        moments.clear();
        Map<String, float[]> copy = new HashMap<>();
        state.tensors().forEach((k, v) -> copy.put(k, v.clone()));
        pending = copy;
        step = state.step();
    }
}
