package org.bert4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker team: coverage of ranges, exceptions, nesting, concurrency, thread overrides. */
@Timeout(120) // a lost wake-up shows as a hang: fail instead
class ParallelTest {

    @Test
    void everyIndexExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 3, 7, 100, 1001}) {
            for (int rep = 0; rep < 50; rep++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, n));
                Parallel.forRange(n, (s, e) -> {
                    assertTrue(s <= e);
                    for (int i = s; i < e; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void usesTheTeamAndChunksAreContiguous() {
        ConcurrentHashMap<String, Integer> threads = new ConcurrentHashMap<>();
        List<int[]> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(10, (s, e) -> {
            threads.merge(Thread.currentThread().getName(), 1, Integer::sum);
            chunks.add(new int[] {s, e});
        });
        assertEquals(Math.min(10, Parallel.threads()), chunks.size());
        assertEquals(chunks.size(), threads.size(), "one chunk per thread: " + threads);
    }

    @Test
    void withThreadsOneRunsOnCaller() {
        Thread caller = Thread.currentThread();
        Parallel.withThreads(1, () -> {
            assertEquals(1, Parallel.threads());
            Parallel.forRange(100, (s, e) -> {
                assertSame(caller, Thread.currentThread());
                assertEquals(0, s);
                assertEquals(100, e);
            });
        });
        assertEquals(Parallel.maxThreads(), Parallel.threads());
    }

    @Test
    void exceptionsPropagateAndTeamSurvives() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(8, (s, end) -> {
            if (end == 8) throw new IllegalStateException("last chunk");
        }));
        assertEquals("last chunk", e.getMessage());
        everyIndexExactlyOnce();
    }

    @Test
    void nestedAndConcurrentCallsComplete() throws Exception {
        AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
        Parallel.forRange(64, (s, e) -> {
            for (int i = s; i < e; i++) {
                int row = i;
                Parallel.forRange(64, (s2, e2) -> {
                    for (int j = s2; j < e2; j++) hits.incrementAndGet(row * 64 + j);
                });
            }
        });
        for (int i = 0; i < 64 * 64; i++) assertEquals(1, hits.get(i));

        AtomicIntegerArray total = new AtomicIntegerArray(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            callers.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.forRange(10, (s, e) -> total.addAndGet(0, e - s));
                }
            }));
        }
        for (Thread t : callers) t.join(30_000);
        assertEquals(4 * 200 * 10, total.get(0));
    }
}
