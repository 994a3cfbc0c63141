package org.bert4j.tasks.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** conlleval's chunk rules and scores on hand cases. */
class SpanF1Test {

    static List<String> tags(String s) { return List.of(s.split(" ")); }

    static List<SpanF1.Chunk> chunks(String s) { return SpanF1.chunks(tags(s)); }

    static SpanF1.Chunk c(String type, int start, int end) { return new SpanF1.Chunk(type, start, end); }

    @Test
    void chunkRulesIob1AndIob2() {
        // IOB1: B- only between two adjacent entities of the same type
        assertEquals(List.of(c("PER", 0, 2), c("PER", 2, 3)), chunks("I-PER I-PER B-PER"));
        assertEquals(List.of(c("PER", 0, 2), c("PER", 2, 3)), chunks("B-PER I-PER B-PER"), "IOB2 gives the same chunks");
        // I- after O starts a chunk
        assertEquals(List.of(c("LOC", 1, 3)), chunks("O I-LOC I-LOC O"));
        // a type change starts a chunk, even with I-
        assertEquals(List.of(c("PER", 0, 1), c("LOC", 1, 2), c("ORG", 2, 3)), chunks("I-PER I-LOC B-ORG"));
        assertEquals(List.of(c("MISC", 0, 1)), chunks("I-MISC"));
        assertEquals(List.of(), chunks("O O"));
        // B then I of another type: two chunks
        assertEquals(List.of(c("PER", 0, 1), c("LOC", 1, 2)), chunks("B-PER I-LOC"));
    }

    @Test
    void iob1ToIob2() {
        assertEquals(tags("B-PER I-PER B-PER O B-LOC B-ORG I-ORG"), Iob.toIob2(tags("I-PER I-PER B-PER O I-LOC I-ORG I-ORG")));
        assertEquals(tags("B-PER I-PER O"), Iob.toIob2(tags("B-PER I-PER O")), "IOB2 unchanged");
    }

    @Test
    void scoresAndReport() {
        SpanF1 f = new SpanF1();
        // gold IOB1, guess IOB2: PER chunks identical (2 correct), LOC guessed as ORG (wrong)
        f.add(tags("I-PER I-PER B-PER O I-LOC"), tags("B-PER I-PER B-PER O B-ORG"));
        // a guessed chunk too short is wrong; a split chunk is wrong
        f.add(tags("I-MISC I-MISC O"), tags("I-MISC O O"));
        f.add(tags("B-ORG I-ORG"), tags("B-ORG B-ORG"));
        // gold: PER 2, LOC 1, MISC 1, ORG 1 = 5; guessed: PER 2, ORG 1 + 2, MISC 1 = 6; correct 2
        SpanF1.Score o = f.overall();
        assertEquals(new SpanF1.Score(5, 6, 2), o);
        assertEquals(100.0 * 2 / 6, o.precision(), 1e-9);
        assertEquals(40.0, o.recall(), 1e-9);
        assertEquals(2 * (100.0 / 3) * 40 / (100.0 / 3 + 40), o.f1(), 1e-9);
        assertEquals(new SpanF1.Score(1, 0, 0), f.byType().get("LOC"));
        assertEquals(new SpanF1.Score(1, 3, 0), f.byType().get("ORG"));
        assertEquals(new SpanF1.Score(2, 2, 2), f.byType().get("PER"));
        // tokens 10; tag-equal tokens: 1 (I-PER), 1 (O) + "I-MISC"=I-MISC, O=O + B-ORG = 6... computed: sentence 1: I-PER vs B-PER no,
        // I-PER=I-PER yes, B-PER yes, O yes, I-LOC/B-ORG no (3); sentence 2: yes, no, yes (2); sentence 3: yes, no (1) -> 6/10
        assertEquals(60.0, f.accuracy(), 1e-9);
        String expected = """
            processed 10 tokens with 5 phrases; found: 6 phrases; correct: 2.
            accuracy:  60.00%; precision:  33.33%; recall:  40.00%; FB1:  36.36
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
                         MISC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                          ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  3
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2
            """;
        assertEquals(expected, f.report());
    }

    @Test
    void sentenceBoundaryClosesChunks() {
        // the same entity split across a sentence boundary is two chunks, and both are matched
        SpanF1 f = new SpanF1().add(tags("O I-PER"), tags("O I-PER")).add(tags("I-PER O"), tags("I-PER O"));
        assertEquals(new SpanF1.Score(2, 2, 2), f.overall());
    }
}
