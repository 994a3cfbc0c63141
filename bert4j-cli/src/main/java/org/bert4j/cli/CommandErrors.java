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
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (ModelNotFoundException | CheckpointException | TokenizerException e) {
            err.println("error: " + e.getMessage());
            return FAILURE;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return FAILURE;
        } catch (Exception e) {
            err.println("error: " + e);
            return FAILURE;
        } finally {
            err.flush();
        }
    }
}
