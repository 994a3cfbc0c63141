package org.bert4j.tasks.classification;

/**
 * One classification or regression example (run_classifier.py {@code InputExample}, HF
 * {@code InputExample}).
 *
 * @param guid  a unique id; for GLUE files {@code "<split>-<index>"} (the file's index column where it has one,
 *              otherwise the data row number from 0), for generic files the id column or {@code "<split>-<row>"}
 * @param textA the first sequence, never empty
 * @param textB the second sequence of a pair task, null for single-sentence tasks
 * @param label the label name for classification (e.g. {@code "entailment"}, {@code "1"}); null for test
 *              data and for regression
 * @param score the regression target (STS-B similarity); null for classification and for test data
 */
public record Example(String guid, String textA, String textB, String label, Float score) {

    public Example {
        if (guid == null) throw new IllegalArgumentException("guid is null");
        if (textA == null) throw new IllegalArgumentException("textA is null (example " + guid + ")");
    }

    /** A single-sentence example. */
    public static Example single(String guid, String text, String label) {
        return new Example(guid, text, null, label, null);
    }

    /** A sentence-pair example. */
    public static Example pair(String guid, String textA, String textB, String label) {
        return new Example(guid, textA, textB, label, null);
    }

    public boolean isPair() { return textB != null; }
    public boolean hasLabel() { return label != null; }
    public boolean hasScore() { return score != null; }
}
