package org.bert4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one forward/backward pass over a (micro-)batch reports: the mean loss over its examples,
 * how many examples it held (for examples/s), and named extras such as {@code mlm_loss},
 * {@code nsp_accuracy} that go to {@code metrics.jsonl} next to {@code loss}.
 */
public record StepMetrics(double loss, int examples, Map<String, Double> extras) {
    public StepMetrics {
        extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public StepMetrics(double loss, int examples) {
        this(loss, examples, Map.of());
    }
}
