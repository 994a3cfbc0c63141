package org.bert4j.train;

/**
 * A seeded, splittable random number generator whose whole state is one {@code long}, so a
 * checkpoint can store it and a resumed run draws exactly the numbers the uninterrupted run would.
 *
 * <p>SplitMix64 (Steele, Lea &amp; Flood 2014, "Fast splittable pseudorandom number generators";
 * the generator behind {@code java.util.SplittableRandom}): {@code state += 0x9E3779B97F4A7C15},
 * output = the 64-bit finalizer of MurmurHash3 applied to the state. Randomness is passed
 * explicitly (shuffling, dropout, masking), never taken from a global.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A generator seeded with {@code seed} (the seed is mixed, so 0, 1, 2 give unrelated streams). */
    public static Rng seeded(long seed) {
        return new Rng(mix(seed ^ 0x5DEECE66DL));
    }

    /** A generator continuing from a {@link #state()} value. */
    public static Rng fromState(long state) {
        return new Rng(state);
    }

    /** The full state; {@code fromState(state())} continues this stream exactly. */
    public long state() {
        return state;
    }

    /** A new generator for a sub-task, seeded from this stream (advances this one by one draw). */
    public Rng split() {
        return new Rng(mix(nextLong()));
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long m = (nextLong() >>> 32) * bound;
        int low = (int) m;
        if (Integer.compareUnsigned(low, bound) < 0) {
            int threshold = Integer.remainderUnsigned(-bound, bound);
            while (Integer.compareUnsigned(low, threshold) < 0) {
                m = (nextLong() >>> 32) * bound;
                low = (int) m;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box-Muller; uses two draws). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(), u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code a[from, to)} in place. */
    public void shuffle(int[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
