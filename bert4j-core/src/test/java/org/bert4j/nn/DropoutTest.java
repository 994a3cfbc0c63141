package org.bert4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dropout mask: the drop share is p, survivors are scaled by 1 / (1 - p), a seed repeats it. */
class DropoutTest {
    @Test
    void dropShareIsPAndSurvivorsAreScaled() {
        for (float p : new float[]{0.1f, 0.5f, 0.9f}) {
            int len = 1_000_001; // odd: the last element takes a draw of its own
            float[] m = Dropout.mask(new SplittableRandom(7), p, len);
            float keep = 1f / (1f - p);
            int dropped = 0, firstHalf = 0;
            for (int i = 0; i < len; i++) {
                assertTrue(m[i] == 0f || m[i] == keep, "element " + i + " is " + m[i]);
                if (m[i] == 0f) {
                    dropped++;
                    if (i % 2 == 0) firstHalf++;
                }
            }
            double sigma = Math.sqrt(len * p * (1 - p));
            assertEquals(len * p, dropped, 5 * sigma, "dropped elements for p = " + p);
            // both 32-bit halves of a draw are used: even and odd positions drop at the same rate
            double sigmaHalf = Math.sqrt(len / 2.0 * p * (1 - p));
            assertEquals(len / 2.0 * p, firstHalf, 5 * sigmaHalf, "even positions for p = " + p);
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        float[] a = Dropout.mask(new SplittableRandom(11), 0.1f, 4097);
        assertArrayEquals(a, Dropout.mask(new SplittableRandom(11), 0.1f, 4097));
        float[] b = Dropout.mask(new SplittableRandom(12), 0.1f, 4097);
        int differ = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differ++;
        assertTrue(differ > 400, differ + " of 4097 positions differ between seeds");
    }

    @Test
    void neighbouringElementsAreIndependent() {
        // pairs from one draw: P(both dropped) must be p^2, not p (halves of one long are independent)
        float p = 0.3f;
        int len = 2_000_000;
        float[] m = Dropout.mask(new SplittableRandom(5), p, len);
        int both = 0;
        for (int i = 0; i < len; i += 2) if (m[i] == 0f && m[i + 1] == 0f) both++;
        double n = len / 2.0, q = p * p;
        assertEquals(n * q, both, 5 * Math.sqrt(n * q * (1 - q)));
    }
}
