package org.bert4j.tensor;

/**
 * A piece of work over a contiguous index range {@code [start, end)}, as handed out by
 * {@link Parallel#forRange(int, IntRangeBody)}.
 */
@FunctionalInterface
public interface IntRangeBody {
    /** Processes indices {@code start} (inclusive) to {@code end} (exclusive). */
    void run(int start, int end);
}
