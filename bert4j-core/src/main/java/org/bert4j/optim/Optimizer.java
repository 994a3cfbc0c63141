package org.bert4j.optim;

import java.util.List;
import java.util.Locale;
import org.bert4j.nn.Param;

/**
 * Updates parameters in place from their accumulated gradients.
 *
 * <p>Mirrors the {@code torch.optim.Optimizer} contract: {@link #step} reads {@code Param.grad()}
 * and writes {@code Param.value()}; the per-parameter state is keyed by the parameter's checkpoint
 * name so {@link #state()} can be saved next to the model and {@link #loadState} continues exactly
 * where a run stopped. Parameters without a gradient ({@code !hasGrad()}) are skipped, as PyTorch
 * skips {@code p.grad is None}.
 */
public interface Optimizer {

    /** One update of every parameter with learning rate {@code lr} (already scheduled). */
    void step(List<Param> params, double lr);

    /** Number of {@link #step} calls so far (PyTorch's {@code state["step"]}). */
    long stepCount();

    /** A copy of the state: step count and named moment tensors. */
    OptimizerState state();

    /** Restores {@link #state()} output; every tensor must match a parameter seen by {@link #step} later. */
    void loadState(OptimizerState state);

    /** Clears the gradients of {@code params} ({@code optimizer.zero_grad()}). */
    default void zeroGrad(List<Param> params) {
        for (Param p : params) p.zeroGrad();
    }

    /**
     * An optimizer by name with its usual defaults: {@code adamw} (PyTorch), {@code bert_adam}
     * (Google's BERT), {@code lamb} (NVIDIA); weight decay as given, Google's exclusion list.
     */
    static Optimizer byName(String name, double weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "adamw" -> new AdamW(0.9, 0.999, 1e-8, weightDecay, WeightDecayExclusion.google());
            case "bert_adam", "bertadam", "adam_weight_decay" -> new BertAdam(0.9, 0.999, 1e-6, weightDecay, WeightDecayExclusion.google());
            case "lamb" -> new Lamb(0.9, 0.999, 1e-6, weightDecay, WeightDecayExclusion.google(), false);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected adamw, bert_adam or lamb)");
        };
    }
}
