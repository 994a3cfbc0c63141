package org.bert4j.tasks.classification;

/** A data file that cannot be read as the task expects; the message names the file and the lines. */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) { super(message); }
    public DataFormatException(String message, Throwable cause) { super(message, cause); }
}
