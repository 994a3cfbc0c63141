package org.bert4j.hub;

/**
 * A {@code --model} argument could not be turned into a local model: no such path, an unknown
 * name, a failed download or a failed unpack. The message says what was tried and what to do.
 */
public class ModelNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with a message only.
     *
     * @param message what was tried, what went wrong, and what to do about it
     */
    public ModelNotFoundException(String message) {
        super(message);
    }

    /**
     * An error with a message and its cause.
     *
     * @param message what was tried, what went wrong, and what to do about it
     * @param cause the underlying failure
     */
    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
