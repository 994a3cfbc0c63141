package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Windowing a long synthetic passage with the real uncased vocabulary. */
class SquadFeaturesTest {

    private static final String[] WORDS = {"the", "cat", "sat", "on", "mat", "and", "then", "ran"};

    /** 600 one-token words with "black dog" (two tokens) at word 450. */
    static SquadExample longExample() {
        StringBuilder sb = new StringBuilder();
        int answerStart = -1;
        for (int i = 0; i < 600; i++) {
            if (i == 450) {
                answerStart = sb.length();
                sb.append("black dog ");
            }
            sb.append(WORDS[i % WORDS.length]).append(' ');
        }
        String context = sb.toString().strip();
        return new SquadExample("long", "t", 0, "which dog?", context,
            List.of(new SquadAnswer("black dog", answerStart, true)), false);
    }

    @Test
    void windowsPositionsAndMaxContext() {
        SquadExample ex = longExample();
        SquadFeatures.Result r = new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(List.of(ex), true);
        List<SquadFeature> f = r.features();
        // question [which, dog, ?] = 3 tokens -> 384 - 3 - 3 = 378 passage tokens per window; 602 passage tokens
        // windows start at 0, 128, 256 (256 + 346 = 602)
        assertEquals(3, f.size());
        assertEquals(384, f.get(0).length());
        assertEquals(384, f.get(1).length());
        assertEquals(3 + 346 + 3, f.get(2).length());
        SquadFeature w1 = f.get(1), w2 = f.get(2);
        assertEquals(List.of("[CLS]", "which", "dog", "?", "[SEP]", "the"), List.of(w1.tokens()).subList(0, 6));
        assertEquals(Vocab.UNCASED.clsId(), w1.inputIds()[0]);
        assertEquals(Vocab.UNCASED.sepId(), w1.inputIds()[4]);
        assertEquals(Vocab.UNCASED.sepId(), w1.inputIds()[383]);
        assertEquals(0, w1.segmentIds()[4]);
        assertEquals(1, w1.segmentIds()[5]);
        assertEquals(1, w1.segmentIds()[383]);
        assertFalse(w1.isPassageToken(4));
        assertFalse(w1.isPassageToken(383));
        assertTrue(w1.isPassageToken(5));

        // the answer is passage tokens 450..451: absent from window 0, inside windows 1 and 2
        assertEquals(0, f.get(0).startPosition());
        assertEquals(0, f.get(0).endPosition());
        assertTrue(f.get(0).isImpossible(), "training: window without the answer points at [CLS]");
        assertEquals(450 - 128 + 5, w1.startPosition());
        assertEquals(451 - 128 + 5, w1.endPosition());
        assertEquals(450 - 256 + 5, w2.startPosition());
        assertEquals("black", w2.tokens()[w2.startPosition()]);
        assertEquals("dog", w2.tokens()[w2.endPosition()]);
        String back = SquadDecoder.substring(ex.context(), w2.charStarts()[w2.startPosition()], w2.charEnds()[w2.endPosition()]);
        assertEquals("black dog", back);

        // token 450: window 1 min(322, 55) + 3.78, window 2 min(194, 151) + 3.46 -> window 2
        assertFalse(w1.tokenIsMaxContext()[w1.startPosition()]);
        assertTrue(w2.tokenIsMaxContext()[w2.startPosition()]);
        // passage token 200: window 0 (l200 r177) 177 + 3.78 vs window 1 (l72 r305) 72.78 -> window 0
        assertTrue(f.get(0).tokenIsMaxContext()[200 + 5]);
        assertFalse(w1.tokenIsMaxContext()[200 - 128 + 5]);
        // every passage token has exactly one max-context window
        for (int d = 0; d < 602; d++) {
            int count = 0;
            for (SquadFeature x : f) {
                int k = d - List.of(0, 128, 256).get(x.docSpanIndex()) + 5;
                if (k >= 5 && k < x.length() - 1 && x.tokenIsMaxContext()[k]) count++;
            }
            assertEquals(1, count, "passage token " + d);
        }
    }

    @Test
    void questionIsTruncatedToMaxQueryLength() {
        SquadExample ex = longExample();
        String longQuestion = "cat ".repeat(100) + "?";
        SquadExample q = new SquadExample("q", "t", 0, longQuestion, "a short passage .", List.of(), false);
        SquadFeature f = new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(List.of(q, ex), false).features().get(0);
        assertEquals(1 + 64 + 1 + 4 + 1, f.length());
        assertEquals("[SEP]", f.tokens()[65]);
        assertEquals(0, f.startPosition(), "no answer -> [CLS]");
        int[] padded = f.paddedInputIds(384, 0);
        assertEquals(384, padded.length);
        assertEquals(0, padded[f.length()]);
        assertArrayEquals(new int[] {1, 1, 0}, java.util.Arrays.copyOfRange(f.inputMask(384), f.length() - 2, f.length() + 1));
    }

    @Test
    void answerInsideAWordPieceMapsToTheCoveringTokensAndMismatchesAreSkippedInTraining() {
        String context = "Unaffable people in the 1990s.";
        // answer "1990" ends inside the token "1990s"
        SquadExample ex = new SquadExample("x", "t", 0, "when?", context,
            List.of(new SquadAnswer("1990", context.indexOf("1990"), true)), false);
        SquadExample bad = new SquadExample("bad", "t", 0, "when?", context,
            List.of(new SquadAnswer("2000", 3, false)), false);
        SquadFeatures.Result r = new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(List.of(ex, bad), true);
        assertEquals(List.of("bad"), r.skipped());
        assertEquals(1, r.features().size());
        SquadFeature f = r.features().get(0);
        assertEquals("1990s", f.tokens()[f.startPosition()], "the uncased vocab has 1990s as one token: the covering token");
        assertEquals(f.startPosition(), f.endPosition());
    }
}
