package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real dev-v1.1.json and a synthetic v2.0 file with a broken offset. */
class SquadReaderTest {

    static final SquadDataset DEV = SquadReader.read(SharedData.data("squad-v1.1/dev-v1.1.json"));

    @Test
    void devV11Counts() {
        assertEquals("1.1", DEV.version());
        assertEquals(48, DEV.articles());
        assertEquals(2067, DEV.paragraphs());
        assertEquals(10570, DEV.examples().size());
        assertEquals(0, DEV.answerMismatches(), () -> String.join("\n", DEV.answerProblems()));
        assertFalse(DEV.hasImpossible());
        Map<Integer, Long> answersPerQuestion = DEV.examples().stream()
            .collect(Collectors.groupingBy(e -> e.answers().size(), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(1, 3L, 2, 136L, 3, 8490L, 4, 759L, 5, 1147L, 6, 35L), answersPerQuestion);
        SquadExample first = DEV.examples().get(0);
        assertEquals("56be4db0acb8001400a502ec", first.id());
        assertEquals(new SquadAnswer("Denver Broncos", 177, true), first.answers().get(0));
    }

    @Test
    void goldAnswersScoreOneHundred() {
        Map<String, String> gold = DEV.examples().stream().collect(Collectors.toMap(SquadExample::id, e -> e.answers().get(0).text()));
        SquadEvaluator.V1Result r = SquadEvaluator.evaluateV1(DEV.examples(), gold);
        assertEquals(100.0, r.exact(), 1e-9);
        assertEquals(100.0, r.f1(), 1e-9);
        assertEquals(0, r.missing());
    }

    @Test
    void splitByArticle() {
        SquadSplit s = SquadSplit.devDefault(DEV);
        assertEquals(8582, s.train().size());
        assertEquals(1988, s.heldOut().size());
        assertEquals("Intergovernmental_Panel_on_Climate_Change", s.heldOut().get(0).title());
        assertTrue(s.train().stream().allMatch(e -> e.articleIndex() < 38));
    }

    @Test
    void answersAreRecoverableFromTokenOffsets() {
        // held-out articles: the token span found for each first answer, read back through the offsets,
        // normalizes to the answer (wordpieces can be wider than an answer that ends inside a word)
        List<SquadExample> held = SquadSplit.devDefault(DEV).heldOut();
        List<SquadFeature> fs = new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(held, true).features();
        int withAnswer = 0, exact = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (SquadFeature f : fs) {
            if (f.startPosition() == 0 || !seen.add(f.exampleIndex())) continue;
            withAnswer++;
            SquadExample ex = held.get(f.exampleIndex());
            String back = SquadDecoder.substring(ex.context(), f.charStarts()[f.startPosition()], f.charEnds()[f.endPosition()]);
            if (SquadEvaluator.normalizeAnswer(back).equals(SquadEvaluator.normalizeAnswer(ex.answers().get(0).text()))) exact++;
        }
        assertEquals(held.size(), withAnswer, "every held-out answer lies in some window");
        assertTrue(exact >= 0.99 * withAnswer, exact + " / " + withAnswer);
    }

    @Test
    void v2FileWithMismatchIsReportedNotDropped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mini-v2.json");
        Files.writeString(f, """
            {"version": "v2.0", "data": [{"title": "T", "paragraphs": [{"context": "Paris is in France.",
              "qas": [{"id": "q1", "question": "Where is Paris?", "is_impossible": false,
                       "answers": [{"text": "France", "answer_start": 12}, {"text": "France", "answer_start": 3}]},
                      {"id": "q2", "question": "Where is Rome?", "is_impossible": true, "answers": [],
                       "plausible_answers": [{"text": "France", "answer_start": 12}]}]}]}]}
            """);
        SquadDataset d = SquadReader.read(f);
        assertEquals(1, d.answerMismatches());
        String problem = d.answerProblems().get(0);
        assertTrue(problem.contains(f.toString()) && problem.contains("q1") && problem.contains("\"is is \""), problem);
        assertEquals(2, d.examples().get(0).answers().size(), "the bad answer is kept");
        assertFalse(d.examples().get(0).answers().get(1).matchesContext());
        assertTrue(d.examples().get(1).isImpossible());
        assertTrue(d.hasImpossible());
    }
}
