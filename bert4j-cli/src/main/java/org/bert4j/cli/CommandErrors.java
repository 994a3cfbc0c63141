package org.bert4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.hub.ModelNotFoundException;
import org.bert4j.tokenizer.TokenizerException;

/**
 * How the model commands end: 0 on success; a message on stderr and exit code 2 for a usage error
 * (bad argument or input), 1 for a failure (model missing or unreadable, I/O). No stack traces.
 */
final class CommandErrors {
    static final int USAGE = 2, FAILURE = 1;

    private CommandErrors() {}

    /** A usage error detected by a command itself. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static int run(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            return report(err, e);
        } finally {
            err.flush();
        }
    }

    /**
     * Prints one line for a failed command and returns its exit code: usage errors 2, failures 1
     * ({@link UserException} carries its own). A stack trace only with BERT4J_DEBUG set, or for an
     * exception that is not a known kind of user error.
     */
    static int report(PrintWriter err, Exception e) {
        boolean debug = System.getenv("BERT4J_DEBUG") != null;
        int code;
        if (e instanceof UserException u) {
            code = u.exitCode();
        } else if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            code = USAGE;
        } else if (e instanceof ModelNotFoundException || e instanceof CheckpointException || e instanceof TokenizerException
                   || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
            code = FAILURE;
        } else {
            err.println("error: " + e);
            e.printStackTrace(err);
            return FAILURE;
        }
        err.println("error: " + e.getMessage());
        if (debug) e.printStackTrace(err);
        return code;
    }
}
