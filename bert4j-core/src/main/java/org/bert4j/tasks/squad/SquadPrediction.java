package org.bert4j.tasks.squad;

import java.util.List;

/**
 * The decoded answer of one question.
 *
 * @param id               the question id
 * @param text             the prediction written to {@code predictions.json} ("" = no answer, v2.0)
 * @param bestNonNullText  the best non-empty answer (what the official v2 threshold search compares)
 * @param nullScoreDiff    v2.0: null score − (start + end logit of the best non-null answer), the
 *                         value of {@code null_odds.json}; 0 for v1.1
 * @param nbest            the n-best list of {@code nbest_predictions.json}, best first
 */
public record SquadPrediction(String id, String text, String bestNonNullText, double nullScoreDiff,
                              List<Entry> nbest) {

    /** One n-best candidate: text, softmax probability over the n-best total scores, logits. */
    public record Entry(String text, double probability, double startLogit, double endLogit) {}
}
