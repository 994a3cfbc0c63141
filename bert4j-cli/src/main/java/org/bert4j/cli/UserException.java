package org.bert4j.cli;

/** A failure caused by the user's input, reported as one line with the given exit code. */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message) { this(message, Main.EXIT_FAILURE); }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
