package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand cases of the official evaluate-v1.1.py / evaluate-v2.0.py behaviour. */
class SquadEvaluatorTest {

    static SquadExample ex(String id, boolean impossible, String... golds) {
        String context = String.join(" ", golds);
        List<SquadAnswer> answers = new java.util.ArrayList<>();
        int off = 0;
        for (String g : golds) {
            answers.add(new SquadAnswer(g, off, true));
            off += g.length() + 1;
        }
        return new SquadExample(id, "t", 0, "q?", context, answers, impossible);
    }

    @Test
    void normalizeAnswer() {
        assertEquals("cat", SquadEvaluator.normalizeAnswer("The Cat!"));
        assertEquals("apple", SquadEvaluator.normalizeAnswer("  an   Apple. "));
        assertEquals("theater anthem", SquadEvaluator.normalizeAnswer("Theater, Anthem"), "articles only as whole words");
        assertEquals("us army", SquadEvaluator.normalizeAnswer("the U.S. Army"), "punctuation is deleted, not replaced by space");
        assertEquals("acat", SquadEvaluator.normalizeAnswer("a-cat"), "punctuation removed before articles, so 'a-cat' becomes one word");
        assertEquals("café 1990s", SquadEvaluator.normalizeAnswer("Café\u00a0 the 1990s"), "NBSP is whitespace for str.split()");
        assertEquals("", SquadEvaluator.normalizeAnswer("The a an ."));
        // Python's re \w is category L* or N* or '_'; Java's Unicode \w differs on marks and No numbers
        assertEquals("the\u00b2", SquadEvaluator.normalizeAnswer("the\u00b2"), "superscript two (No) is a word character");
        assertEquals("\u0301", SquadEvaluator.normalizeAnswer("the\u0301"), "a combining mark (Mn) is not");
        assertEquals("\ud800\udc00the", SquadEvaluator.normalizeAnswer("\ud800\udc00the"), "a supplementary letter before 'the'");
        assertEquals("\u03bf\u03b4\u03bf\u03c21990s", SquadEvaluator.normalizeAnswer("\u039f\u0394\u039f\u03a31990s"),
            "Python's final-sigma rule: next non-case-ignorable character '1' is not cased");
        assertEquals("\u03c3\u03bf\u03c2", SquadEvaluator.normalizeAnswer("\u03a3\u039f\u03a3"));
    }

    @Test
    void exactMatchAndF1ByHand() {
        assertEquals(1.0, SquadEvaluator.exactMatch("The Cat!", "cat"));
        assertEquals(0.0, SquadEvaluator.exactMatch("cats", "cat"));
        // pred [cat, sat], gold [cat, sat, down]: P = 1, R = 2/3, F1 = 0.8
        assertEquals(0.8, SquadEvaluator.f1("the cat sat", "a cat sat down"), 1e-12);
        // pred [cat, cat, sat], gold [cat, sat, mat, on]: common = 2 (multiset), P = 2/3, R = 1/2, F1 = 4/7
        assertEquals(4.0 / 7, SquadEvaluator.f1("cat cat sat", "cat sat on mat"), 1e-12);
        assertEquals(0.0, SquadEvaluator.f1("dog", "cat"));
        assertEquals(0.0, SquadEvaluator.f1("", ""), "v1.1: no common token -> 0");
        assertEquals(1.0, SquadEvaluator.f1V2("", "the"), "v2.0: both empty after normalization -> 1");
        assertEquals(0.0, SquadEvaluator.f1V2("cat", ""));
    }

    @Test
    void evaluateV1MaxOverGoldsAndMissing() {
        List<SquadExample> data = List.of(ex("q1", false, "Denver Broncos", "the Broncos"),
            ex("q2", false, "Santa Clara, California"), ex("q3", false, "gold"));
        Map<String, String> preds = Map.of("q1", "Broncos", "q2", "Santa Clara");
        SquadEvaluator.V1Result r = SquadEvaluator.evaluateV1(data, preds);
        // q1: EM 1 (vs "the Broncos"), F1 1. q2: EM 0, F1 P=1 R=2/3 -> 0.8. q3 missing -> 0
        assertEquals(100.0 / 3, r.exact(), 1e-9);
        assertEquals(100.0 * 1.8 / 3, r.f1(), 1e-9);
        assertEquals(3, r.total());
        assertEquals(1, r.missing());
    }

    @Test
    void evaluateV2HasAnsNoAnsAndThreshold() {
        List<SquadExample> data = List.of(ex("a", false, "red fox"), ex("b", false, "blue whale"),
            ex("c", true), ex("d", true));
        Map<String, String> preds = new LinkedHashMap<>();
        preds.put("a", "red fox");
        preds.put("b", "whale");
        preds.put("c", "");
        preds.put("d", "something");
        Map<String, Double> out = SquadEvaluator.evaluateV2(data, preds, null, 1.0);
        assertEquals(50.0, out.get("exact"), 1e-9); // a, c
        assertEquals(100.0 * (1 + 2.0 / 3 + 1 + 0) / 4, out.get("f1"), 1e-9); // b: P=1, R=1/2 -> 2/3
        assertEquals(4.0, out.get("total"));
        assertEquals(50.0, out.get("HasAns_exact"), 1e-9);
        assertEquals(2.0, out.get("HasAns_total"));
        assertEquals(50.0, out.get("NoAns_exact"), 1e-9);
        assertEquals(50.0, out.get("NoAns_f1"), 1e-9);
        // make_qid_to_has_ans: a listed answer that normalizes to "" still makes the question HasAns
        SquadEvaluator.RawScores onlyArticle = SquadEvaluator.rawScores(List.of(ex("e", false, "The")), Map.of("e", ""));
        assertEquals(true, onlyArticle.hasAnswer().get("e"));
        assertEquals(1.0, onlyArticle.exact().get("e"), "gold [\"\"] after dropping the empty one");

        // find_best_thresh by hand: na probs a=0.1 b=0.9 c=0.5 d=0.3; start at 2 (all no-answer right on c, d)
        // sorted: a(+1)=3 [best, thr .1], d(-1)=2, c(0)=2, b(+2/3 F1)=2.667 -> best 3 at 0.1 -> 75 %
        Map<String, Double> na = new HashMap<>(Map.of("a", 0.1, "b", 0.9, "c", 0.5, "d", 0.3));
        SquadEvaluator.RawScores raw = SquadEvaluator.rawScores(data, preds);
        assertArrayEquals(new double[] {75.0, 0.1}, SquadEvaluator.findBestThreshold(preds, raw.f1(), na, raw.hasAnswer()), 1e-9);
        na.put("b", 0.05); // b first: 2 + 2/3, then a: 3 + 2/3 at 0.1 -> 91.67 %
        assertArrayEquals(new double[] {100.0 * (3 + 2.0 / 3) / 4, 0.1},
            SquadEvaluator.findBestThreshold(preds, raw.f1(), na, raw.hasAnswer()), 1e-9);
        Map<String, Double> withNa = SquadEvaluator.evaluateV2(data, preds, na, 0.2);
        // above 0.2: c (0.5) and d (0.3) predicted no-answer -> both right; a, b keep their scores
        assertEquals(75.0, withNa.get("exact"), 1e-9);
        assertEquals(0.1, withNa.get("best_f1_thresh"), 1e-12);
    }
}
