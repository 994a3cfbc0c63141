package org.bert4j.tasks.classification;

/**
 * Where the fields of one GLUE file are: column positions (0-based) after a plain split on tab.
 *
 * @param header       whether the first line is a header (then every row must have as many columns as it)
 * @param columnCount  the number of columns of a headerless file; 0 when the header decides
 * @param index        the id column, or {@link #NONE} (ids are then the data row numbers)
 * @param textA        the first text
 * @param textB        the second text, or {@link #NONE}
 * @param label        the label / score column, {@link #LAST} for the last column (MNLI, whose dev
 *                     files have five annotator columns more than train), or {@link #NONE} (test files)
 */
public record Columns(boolean header, int columnCount, int index, int textA, int textB, int label) {
    public static final int NONE = -1;
    /** The last column of the row, whatever the count: run_classifier.py's {@code line[-1]}. */
    public static final int LAST = -2;

    /** A file with a header line. */
    static Columns headed(int index, int textA, int textB, int label) {
        return new Columns(true, 0, index, textA, textB, label);
    }

    /** The smallest number of columns a row needs for these positions. */
    public int minColumns() {
        int m = Math.max(Math.max(index, textA), Math.max(textB, label)) + 1;
        return label == LAST ? Math.max(m, 1) : m;
    }

    /** The label column of a row with {@code n} columns, or {@link #NONE}. */
    int labelColumn(int n) { return label == LAST ? n - 1 : label; }
}
