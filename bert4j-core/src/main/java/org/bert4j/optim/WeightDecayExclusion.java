package org.bert4j.optim;

import java.util.List;

/**
 * Which parameters get no weight decay, matched on checkpoint names.
 *
 * <p>Mirrors google-research/bert {@code optimization.py}: {@code exclude_from_weight_decay=["LayerNorm",
 * "layer_norm", "bias"]} and {@code _do_use_weight_decay}, which excludes a variable when any pattern
 * occurs in its name ({@code re.search}; the patterns here are plain substrings). Hugging Face's
 * examples use {@code no_decay = ["bias", "LayerNorm.weight"]}, which selects the same BERT parameters.
 */
public record WeightDecayExclusion(List<String> substrings) {

    public WeightDecayExclusion {
        substrings = List.copyOf(substrings);
    }

    /** Google's list: {@code LayerNorm}, {@code layer_norm}, {@code bias}. */
    public static WeightDecayExclusion google() {
        return new WeightDecayExclusion(List.of("LayerNorm", "layer_norm", "bias"));
    }

    /** Decay everything. */
    public static WeightDecayExclusion none() {
        return new WeightDecayExclusion(List.of());
    }

    /** Whether the parameter called {@code name} is decayed. */
    public boolean decays(String name) {
        for (String s : substrings) {
            if (name.contains(s)) return false;
        }
        return true;
    }
}
