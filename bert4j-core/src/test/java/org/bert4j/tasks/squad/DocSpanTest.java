package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** run_squad.py's _DocSpan loop and _check_is_max_context, by hand. */
class DocSpanTest {

    @Test
    void windowsAdvanceByStrideAndStopAtTheEnd() {
        assertEquals(List.of(new DocSpan(0, 40), new DocSpan(16, 40), new DocSpan(32, 40), new DocSpan(48, 40),
            new DocSpan(64, 36)), DocSpan.windows(100, 40, 16));
        assertEquals(List.of(new DocSpan(0, 30)), DocSpan.windows(30, 40, 16));
        assertEquals(List.of(new DocSpan(0, 40)), DocSpan.windows(40, 40, 16), "exact fit: one window");
        assertEquals(List.of(new DocSpan(0, 0)), DocSpan.windows(0, 40, 16));
        // stride larger than the window: run_squad advances by min(length, stride), so no token is skipped
        assertEquals(List.of(new DocSpan(0, 4), new DocSpan(4, 4), new DocSpan(8, 2)), DocSpan.windows(10, 4, 100));
    }

    @Test
    void maxContextScoresMinOfLeftRightPlusLength() {
        List<DocSpan> s = DocSpan.windows(100, 40, 16);
        // position 30: span0 l30 r9 -> 9.4; span1 l14 r25 -> 14.4; span2 starts at 32
        assertFalse(DocSpan.isMaxContext(s, 0, 30));
        assertTrue(DocSpan.isMaxContext(s, 1, 30));
        // position 50: span1 5.4, span2 l18 r21 -> 18.4, span3 l2 -> 2.4
        assertTrue(DocSpan.isMaxContext(s, 2, 50));
        // position 95: span4 (64..99) l31 r4 -> 4.36; span3 ends at 87
        assertTrue(DocSpan.isMaxContext(s, 4, 95));
        // the 0.01 x length term: equal min-context, the longer window wins
        List<DocSpan> unequal = List.of(new DocSpan(0, 10), new DocSpan(5, 6));
        // position 7: span0 l7 r2 -> 2.10; span1 l2 r3 -> 2.06
        assertTrue(DocSpan.isMaxContext(unequal, 0, 7));
        // exact tie: the first window wins
        List<DocSpan> tie = List.of(new DocSpan(0, 5), new DocSpan(2, 5));
        assertTrue(DocSpan.isMaxContext(tie, 0, 3));
        assertFalse(DocSpan.isMaxContext(tie, 1, 3));
        assertFalse(DocSpan.isMaxContext(tie, 0, 99), "outside every window");
    }
}
