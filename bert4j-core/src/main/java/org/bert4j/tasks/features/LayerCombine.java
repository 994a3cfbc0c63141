package org.bert4j.tasks.features;

import java.util.Locale;

/**
 * How the selected layers of a token are combined (paper §5.4, Table 7): kept apart ({@code none}),
 * concatenated ({@code concat}, the best: "concat last four hidden"), summed ({@code sum}), or a weighted
 * sum with given weights ({@code weighted-sum}; equal weights give the mean).
 */
public enum LayerCombine {
    NONE, CONCAT, SUM, WEIGHTED_SUM;

    public static LayerCombine parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "concat" -> CONCAT;
            case "sum" -> SUM;
            case "weighted-sum", "weighted_sum" -> WEIGHTED_SUM;
            default -> throw new IllegalArgumentException("unknown --combine '" + s + "' (none, concat, sum, weighted-sum)");
        };
    }

    /** The width of one token's combined vector for {@code layers} layers of width {@code h} (NONE: all layers, stacked). */
    public int width(int layers, int h) {
        return this == SUM || this == WEIGHTED_SUM ? h : layers * h;
    }

    /** Combines {@code values[layer][H]} of one token; {@code weights} (one per layer) only for {@link #WEIGHTED_SUM}. */
    public float[] apply(float[][] values, float[] weights) {
        int l = values.length, h = values[0].length;
        float[] out = new float[width(l, h)];
        switch (this) {
            case NONE, CONCAT -> {
                for (int i = 0; i < l; i++) System.arraycopy(values[i], 0, out, i * h, h);
            }
            case SUM, WEIGHTED_SUM -> {
                for (int i = 0; i < l; i++) {
                    float w = this == SUM ? 1f : weights[i];
                    for (int j = 0; j < h; j++) out[j] += w * values[i][j];
                }
            }
        }
        return out;
    }
}
