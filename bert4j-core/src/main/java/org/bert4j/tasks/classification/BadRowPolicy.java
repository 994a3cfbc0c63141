package org.bert4j.tasks.classification;

/**
 * What a reader does with a malformed row (wrong number of columns, unknown label, empty text,
 * unparsable score).
 *
 * <p>{@link #FAIL} is the default: the reader reads the whole file, then throws a
 * {@link DataFormatException} giving the number of bad rows and the first few, each as
 * {@code file:line: reason}. {@link #SKIP} drops them and reports them in the {@link ReadResult}
 * (Hugging Face's QqpProcessor silently skips rows with missing columns; we at least count them).
 */
public enum BadRowPolicy { FAIL, SKIP }
