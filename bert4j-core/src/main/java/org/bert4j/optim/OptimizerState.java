package org.bert4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimizer: its kind ({@code "AdamW"}, ...), how many steps it has taken, and its
 * per-parameter tensors named {@code <param name>.<slot>} (for example
 * {@code encoder.layer.0.output.dense.weight.exp_avg_sq}). The arrays are copies.
 */
public record OptimizerState(String kind, long step, Map<String, float[]> tensors) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
