package org.bert4j.checkpoint;

/** A checkpoint could not be read or written; the message names the file and what is wrong with it. */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
