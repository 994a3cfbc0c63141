package org.bert4j.tasks.multiplechoice;

import java.util.List;

/** Accuracy for multiple choice: the argmax over each example's choice logits against its label (SWAG's metric). */
public final class ChoiceAccuracy {
    private ChoiceAccuracy() {}

    /** Index of the largest logit; the first one on ties (numpy {@code argmax}). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /** Fraction (0..1) of examples whose argmax equals the label. */
    public static double accuracy(List<float[]> logits, List<Integer> labels) {
        if (logits.size() != labels.size()) throw new IllegalArgumentException(logits.size() + " predictions but " + labels.size() + " labels");
        if (logits.isEmpty()) throw new IllegalArgumentException("no examples");
        int right = 0;
        for (int i = 0; i < logits.size(); i++) {
            if (labels.get(i) < 0) throw new IllegalArgumentException("example " + i + " is unlabeled");
            if (argmax(logits.get(i)) == labels.get(i)) right++;
        }
        return (double) right / logits.size();
    }
}
