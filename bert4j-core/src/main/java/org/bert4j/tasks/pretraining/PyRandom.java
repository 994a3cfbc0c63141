package org.bert4j.tasks.pretraining;

import java.util.List;
import java.util.Random;

/**
 * The three Python {@code random} calls that {@code create_pretraining_data.py} makes, on a
 * {@link java.util.Random}: {@code random()}, {@code randint(a, b)} (both ends included) and
 * {@code shuffle} (Fisher–Yates from the end, as CPython). The streams differ from Python's
 * Mersenne Twister, so instances are not byte-identical to Google's; the algorithm is.
 */
final class PyRandom {
    private PyRandom() {}

    /** {@code rng.random()}: uniform in [0, 1). */
    static double random(Random rng) { return rng.nextDouble(); }

    /** {@code rng.randint(a, b)}: uniform over a..b, both included. */
    static int randint(Random rng, int a, int b) {
        if (b < a) throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        return a + rng.nextInt(b - a + 1);
    }

    /** {@code rng.shuffle(list)}. */
    static <T> void shuffle(List<T> list, Random rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
