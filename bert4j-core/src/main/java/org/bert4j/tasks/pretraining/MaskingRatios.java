package org.bert4j.tasks.pretraining;

/**
 * What happens to a token chosen for prediction (paper §3.1 and appendix C.2, Table 8): it becomes
 * {@code [MASK]}, stays the SAME token, or becomes a RaNDom token, with these percentages. BERT uses
 * 80 / 10 / 10; Table 8 also tries 100/0/0, 80/0/20, 80/20/0, 0/20/80 and 0/0/100.
 *
 * <p>{@link MaskedLmMasker} draws as Google's code does: one uniform number decides {@code [MASK]}
 * ({@code < mask/100}); if not, a second decides SAME ({@code < same/(same+random)}), else a random
 * token is drawn. For 80/10/10 these are Google's {@code < 0.8} and {@code < 0.5}: the same draws and
 * the same data.
 */
public record MaskingRatios(int mask, int same, int random) {
    public static final MaskingRatios BERT = new MaskingRatios(80, 10, 10);

    public MaskingRatios {
        if (mask < 0 || same < 0 || random < 0 || mask + same + random != 100) {
            throw new IllegalArgumentException("masking ratios MASK,SAME,RND must be percentages adding up to 100 (BERT: 80,10,10), got "
                    + mask + "," + same + "," + random);
        }
    }

    /** {@code "MASK,SAME,RND"}, e.g. {@code "80,10,10"}. */
    public static MaskingRatios parse(String s) {
        String[] p = s.trim().split("\\s*,\\s*");
        if (p.length != 3) throw new IllegalArgumentException("masking ratios are three percentages MASK,SAME,RND (BERT: 80,10,10), got '" + s + "'");
        try {
            return new MaskingRatios(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("masking ratios are whole percentages MASK,SAME,RND (BERT: 80,10,10), got '" + s + "'");
        }
    }

    /** Probability of {@code [MASK]} (first draw). */
    double maskProbability() { return mask / 100.0; }

    /** Probability of SAME among the rest (second draw); 0 when nothing is left. */
    double sameGivenNotMask() { return same + random == 0 ? 0 : same / (double) (same + random); }

    @Override
    public String toString() { return mask + "," + same + "," + random; }
}
