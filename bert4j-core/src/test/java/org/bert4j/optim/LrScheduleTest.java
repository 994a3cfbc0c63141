package org.bert4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Schedules against values computed by hand from the transformers.optimization formulas. */
class LrScheduleTest {
    static final double EPS = 1e-12;

    @Test
    void linearWarmsUpThenDecaysToZero() {
        LrSchedule s = LrSchedule.parse("linear", 1e-4, 10, 110);
        assertEquals(0.0, s.lr(0), EPS);           // 0/10
        assertEquals(5e-5, s.lr(5), EPS);          // 5/10
        assertEquals(1e-4, s.lr(10), EPS);         // (110-10)/100
        assertEquals(0.5e-4, s.lr(60), EPS);       // 50/100
        assertEquals(1e-6, s.lr(109), EPS);        // 1/100
        assertEquals(0.0, s.lr(110), EPS);
        assertEquals(0.0, s.lr(500), EPS);
    }

    @Test
    void constantSchedules() {
        assertEquals(3e-5, LrSchedule.parse("constant", 3e-5, 10, 100).lr(0), EPS);
        LrSchedule w = LrSchedule.parse("constant_with_warmup", 2.0, 4, 100);
        assertEquals(0.5, w.lr(1), EPS);
        assertEquals(2.0, w.lr(4), EPS);
        assertEquals(2.0, w.lr(1000), EPS);
    }

    @Test
    void cosineIsHalfAPeriod() {
        LrSchedule s = LrSchedule.parse("cosine", 1.0, 10, 110);
        assertEquals(0.3, s.lr(3), EPS);
        assertEquals(1.0, s.lr(10), EPS);
        assertEquals(0.5, s.lr(60), EPS);                                    // cos(pi/2) = 0
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(35), EPS);   // progress 1/4
        assertEquals(0.0, s.lr(110), EPS);
    }

    @Test
    void polynomialPowerOneIsLinear() {
        LrSchedule lin = LrSchedule.parse("linear", 5e-5, 7, 50);
        LrSchedule poly = LrSchedule.parse("polynomial", 5e-5, 7, 50);
        for (long t = 0; t <= 60; t++) assertEquals(lin.lr(t), poly.lr(t), 1e-18, "step " + t);
        LrSchedule sq = LrSchedule.parse("polynomial:2", 1.0, 0, 10);
        assertEquals(0.25, sq.lr(5), EPS);
        assertEquals(0.81, sq.lr(1), EPS);
    }

    @Test
    void googleDecaysFromStepZero() {
        LrSchedule g = LrSchedule.parse("google", 1.0, 10, 100);
        assertEquals(0.5, g.lr(5), EPS);
        assertEquals(0.9, g.lr(10), EPS);   // 1 - 10/100, not 1: Google's schedule jumps after warm-up
        assertEquals(0.0, g.lr(100), EPS);
    }

    @Test
    void unknownNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("exponential", 1, 0, 1));
    }
}
