/**
 * Named-entity recognition on CoNLL-2003 (paper §5.3): reading the 4-column files
 * ({@link org.bert4j.tasks.ner.ConllReader}), IOB1 → IOB2 tags ({@link org.bert4j.tasks.ner.Iob}),
 * word labels on the first WordPiece of each word ({@link org.bert4j.tasks.ner.LabelAligner}), and the
 * entity-level precision/recall/F1 of the shared task's {@code conlleval} script
 * ({@link org.bert4j.tasks.ner.SpanF1}).
 */
package org.bert4j.tasks.ner;
