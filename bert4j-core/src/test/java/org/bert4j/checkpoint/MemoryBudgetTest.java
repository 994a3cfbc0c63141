package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Loading BERT-base into float arrays must not cost more heap than 1.3x its weight bytes: mapped tensors
 * are views (no heap), and transposed TF kernels are heap copies made per get() and dropped right after.
 * The weights are copied into one big array, so that G1's per-region rounding of many large
 * ("humongous") arrays does not blur what the reader itself keeps.
 */
class MemoryBudgetTest {
    private static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void loadingBertBaseStaysWithinBudget() throws Exception {
        var index = Fixtures.easyBertVariablesIndex();
        long before = usedHeap();
        try (TensorSource s = Checkpoints.open(index)) {
            long total = 0;
            for (String n : s.names()) total += s.get(n).numel();
            long weightBytes = 4 * total;
            assertTrue(weightBytes > 400_000_000L, "BERT-base has ~110M float parameters: " + weightBytes);
            float[] all = new float[Math.toIntExact(total)];
            int at = 0;
            for (String n : s.names()) {
                float[] w = s.get(n).toFloatArray();
                System.arraycopy(w, 0, all, at, w.length);
                at += w.length;
            }
            long grown = usedHeap() - before;
            assertTrue(grown < 1.3 * weightBytes, "heap grew by " + grown + " bytes for " + weightBytes + " weight bytes");
            assertEquals(total, at);
            assertTrue(all[at - 1] == all[at - 1]); // keep the array alive until here
        }
    }
}
