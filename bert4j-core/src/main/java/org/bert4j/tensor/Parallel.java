package org.bert4j.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A dedicated, persistent team of worker threads for data-parallel kernels (not the common
 * ForkJoin pool, not an executor per call). {@link #forRange} cuts {@code [0, n)} statically into
 * contiguous chunks, one per thread; the calling thread runs the first chunk itself. Idle workers
 * spin briefly ({@code bert4j.spinMicros}, default 50) and then park.
 *
 * <p>Team size is {@code bert4j.threads} (default {@code availableProcessors()}), fixed at first
 * use. {@link #withThreads} lowers the parallelism for the calling thread (benchmarks: 1 vs 2).
 * A call from inside a worker, or while another thread is using the team, runs the whole range
 * inline on the calling thread, so nested and concurrent use are safe (just not parallel).
 */
public final class Parallel {

    private static final int MAX_THREADS = Math.max(1,
            Integer.getInteger("bert4j.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = Long.getLong("bert4j.spinMicros", 50L) * 1000L;
    private static final ThreadLocal<Integer> OVERRIDE = new ThreadLocal<>();

    private Parallel() {
    }

    /** Number of threads {@link #forRange} uses on the calling thread (including itself). */
    public static int threads() {
        Integer t = OVERRIDE.get();
        return t == null ? MAX_THREADS : t;
    }

    /** The team size: the most threads {@link #forRange} will ever use. */
    public static int maxThreads() {
        return MAX_THREADS;
    }

    /** Runs {@code body} with {@link #threads()} set to {@code min(threads, maxThreads())} on this thread. */
    public static void withThreads(int threads, Runnable body) {
        withThreads(threads, () -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} with {@link #threads()} set to {@code min(threads, maxThreads())} on this thread. */
    public static <T> T withThreads(int threads, Supplier<T> body) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        Integer saved = OVERRIDE.get();
        OVERRIDE.set(Math.min(threads, MAX_THREADS));
        try {
            return body.get();
        } finally {
            if (saved == null) OVERRIDE.remove();
            else OVERRIDE.set(saved);
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into {@code min(threads(), n)} contiguous chunks,
     * in parallel, returning when all are done. An exception in any chunk is rethrown here (after
     * all chunks finished).
     */
    public static void forRange(int n, IntRangeBody body) {
        if (n <= 0) return;
        int t = Math.min(threads(), n);
        if (t <= 1 || Thread.currentThread() instanceof Worker) {
            body.run(0, n);
            return;
        }
        Team team = Team.INSTANCE;
        // Nested call from the thread that is already driving the team (it holds the lock, which
        // is reentrant), or the team is busy with another caller: do it all here. Dispatching a
        // nested job would replace the outer one before every worker has picked it up.
        if (team.lock.isHeldByCurrentThread() || !team.lock.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            team.run(n, t, body);
        } finally {
            team.lock.unlock();
        }
    }

    /** Start of chunk {@code c} of {@code chunks} over {@code [0, n)}. */
    static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }

    /** One parallel call: immutable except for the completion counter and the failure slot. */
    private record Job(IntRangeBody body, int n, int chunks, Thread caller,
                       AtomicInteger pending, AtomicReference<Throwable> failure) {
        void runChunk(int c) {
            try {
                body.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1));
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private static final class Team {
        static final Team INSTANCE = new Team(MAX_THREADS - 1);

        final ReentrantLock lock = new ReentrantLock();
        final Worker[] workers;
        volatile Job job;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void run(int n, int chunks, IntRangeBody body) {
            Job j = new Job(body, n, chunks, Thread.currentThread(),
                    new AtomicInteger(chunks - 1), new AtomicReference<>());
            job = j;
            for (int w = 0; w < chunks - 1; w++) LockSupport.unpark(workers[w]);
            j.runChunk(0);
            // wait for the workers: spin a little, then park (the last one unparks us)
            long start = System.nanoTime();
            int spins = 0;
            while (j.pending.get() != 0) {
                if (++spins < 64 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            job = null;
            Throwable e = j.failure.get();
            if (e instanceof RuntimeException re) throw re;
            if (e instanceof Error er) throw er;
            if (e != null) throw new RuntimeException(e);
        }
    }

    /** A team thread; runs chunk {@code index} of every job with more than {@code index} chunks. */
    private static final class Worker extends Thread {
        private final Team team;
        private final int index;

        Worker(Team team, int index) {
            super("bert4j-worker-" + index);
            this.team = team;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            long idleSince = System.nanoTime();
            int spins = 0;
            while (true) {
                Job j = team.job;
                if (j != null && j != last) {
                    last = j;
                    if (index < j.chunks()) {
                        j.runChunk(index);
                        if (j.pending().decrementAndGet() == 0) LockSupport.unpark(j.caller());
                    }
                    idleSince = System.nanoTime();
                    spins = 0;
                } else if (++spins < 64 || System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(team);
                }
            }
        }
    }
}
