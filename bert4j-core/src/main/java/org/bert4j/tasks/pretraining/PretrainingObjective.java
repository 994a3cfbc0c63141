package org.bert4j.tasks.pretraining;

import java.util.Locale;

/**
 * What a pre-training run learns (paper §3.1 and the ablations of §5.1, Table 5):
 * <ul>
 *   <li>{@link #MLM_NSP} ({@code mlm+nsp}): BERT's masked LM plus next sentence prediction;</li>
 *   <li>{@link #MLM} ({@code mlm}): "No NSP", the masked LM alone;</li>
 *   <li>{@link #LTR} ({@code ltr}): "LTR &amp; No NSP", a left-to-right language model (causal
 *       attention) predicting the next token at every position of the unmasked sequence.</li>
 * </ul>
 */
public enum PretrainingObjective {
    MLM_NSP("mlm+nsp"),
    MLM("mlm"),
    LTR("ltr");

    private final String cliName;

    PretrainingObjective(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line: {@code mlm+nsp}, {@code mlm} or {@code ltr}. */
    public String cliName() {
        return cliName;
    }

    /** Whether the next-sentence head is trained and evaluated. */
    public boolean nsp() {
        return this == MLM_NSP;
    }

    public static PretrainingObjective parse(String name) {
        for (PretrainingObjective o : values()) if (o.cliName.equals(name.toLowerCase(Locale.ROOT))) return o;
        throw new IllegalArgumentException("unknown objective '" + name + "' (expected mlm+nsp, mlm or ltr)");
    }
}
