package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    private static final List<String> LABELS = List.of("contradiction", "entailment", "neutral");
    private static final int[] GOLD = {0, 0, 1, 1, 2, 2, 2, 0, 1, 2};
    private static final int[] PRED = {0, 1, 1, 1, 2, 0, 2, 0, 2, 2};

    @Test
    void confusionMatrixIsGoldByPredicted() {
        ClassificationReport r = ClassificationReport.of(LABELS, GOLD, PRED);
        long[][] c = r.confusionMatrix();
        assertArrayEquals(new long[] {2, 1, 0}, c[0]);
        assertArrayEquals(new long[] {0, 2, 1}, c[1]);
        assertArrayEquals(new long[] {1, 0, 3}, c[2]);
        assertEquals(10, r.total());
        assertEquals(0.7, r.accuracy(), 1e-12);
    }

    @Test
    void perClassScoresHandComputed() {
        ClassificationReport r = ClassificationReport.of(LABELS, GOLD, PRED);
        // contradiction: tp 2, predicted 3, support 3
        assertEquals(2.0 / 3, r.precision(0), 1e-12);
        assertEquals(2.0 / 3, r.recall(0), 1e-12);
        assertEquals(2.0 / 3, r.f1(0), 1e-12);
        // neutral: tp 3, predicted 4, support 4
        assertEquals(0.75, r.precision(2), 1e-12);
        assertEquals(0.75, r.recall(2), 1e-12);
        assertEquals(4, r.support(2));
        double[] macro = r.macroAverage();
        assertEquals((2.0 / 3 + 2.0 / 3 + 0.75) / 3, macro[2], 1e-12);
        double[] weighted = r.weightedAverage();
        assertEquals(0.3 * 2 / 3 + 0.3 * 2 / 3 + 0.4 * 0.75, weighted[2], 1e-12);
    }

    @Test
    void aClassNeverPredictedScoresZero() {
        ClassificationReport r = ClassificationReport.of(List.of("0", "1"), new int[] {0, 1, 1}, new int[] {0, 0, 0});
        assertEquals(0.0, r.precision(1));
        assertEquals(0.0, r.recall(1));
        assertEquals(0.0, r.f1(1));
        assertEquals(1.0 / 3, r.precision(0), 1e-12);
        assertEquals(0.5, r.f1(0), 1e-12);
    }

    @Test
    void rendersATableAndJson() throws Exception {
        ClassificationReport r = ClassificationReport.of(LABELS, GOLD, PRED);
        String text = r.render();
        assertTrue(text.contains("precision"), text);
        assertTrue(text.contains("neutral    0.7500    0.7500    0.7500         4"), text);
        assertTrue(text.contains("accuracy"), text);
        assertTrue(text.contains("confusion matrix"), text);
        Map<String, Object> m = r.toMap();
        String json = new ObjectMapper().writeValueAsString(m);
        assertTrue(json.contains("\"confusion_matrix\":[[2,1,0],[0,2,1],[1,0,3]]"), json);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) m.get("per_class");
        assertEquals(4L, perClass.get("neutral").get("support"));
        assertEquals(0.7, (Double) m.get("accuracy"), 1e-12);
    }

    @Test
    void rejectsOutOfRangeIndices() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(List.of("a", "b"), new int[] {2}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(List.of("a", "b"), new int[] {0, 1}, new int[] {0}));
    }
}
