package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed values and the references' edge cases. Values marked "scipy" were computed with
 * scipy 1.17.1 {@code stats.spearmanr} / {@code stats.pearsonr}; multi-class MCC with sklearn's formula in numpy.
 */
class GlueMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void accuracyCountsEqualPredictions() {
        assertEquals(0.75, GlueMetrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 0, 0, 1}), EPS);
        assertTrue(Double.isNaN(GlueMetrics.accuracy(new int[0], new int[0])));
        assertThrows(IllegalArgumentException.class, () -> GlueMetrics.accuracy(new int[2], new int[3]));
    }

    @Test
    void f1OfThePositiveClass() {
        int[] gold = {1, 1, 1, 0, 0, 1, 0, 1};
        int[] pred = {1, 0, 1, 0, 1, 1, 0, 1};
        // tp 4, fp 1, fn 1: P = R = 4/5, F1 = 8/10
        assertEquals(0.8, GlueMetrics.f1(gold, pred, 1), EPS);
        assertEquals(0.8, GlueMetrics.precision(gold, pred, 1), EPS);
        assertEquals(0.8, GlueMetrics.recall(gold, pred, 1), EPS);
        // class 0: tp 2, fp 1, fn 1
        assertEquals(2.0 / 3, GlueMetrics.f1(gold, pred, 0), EPS);
    }

    @Test
    void f1WithNoPositivePredictionsIsZero() {
        int[] gold = {1, 0, 1, 0};
        int[] none = {0, 0, 0, 0};
        assertEquals(0.0, GlueMetrics.f1(gold, none, 1));
        assertEquals(0.0, GlueMetrics.precision(gold, none, 1));
        assertEquals(0.0, GlueMetrics.recall(gold, none, 1));
        // nothing positive on either side: sklearn's 0/0 -> 0
        assertEquals(0.0, GlueMetrics.f1(none, none, 1));
    }

    @Test
    void mccBinaryHandComputed() {
        int[] gold = {1, 1, 1, 0, 0, 1, 0, 1};
        int[] pred = {1, 0, 1, 0, 1, 1, 0, 1};
        // (tp*tn - fp*fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (4*2 - 1*1) / sqrt(5*5*3*3) = 7/15
        assertEquals(7.0 / 15, GlueMetrics.matthewsCorrcoef(gold, pred), EPS);
    }

    @Test
    void mccPerfectInverseAndConstant() {
        int[] gold = {0, 1, 1, 0, 1};
        assertEquals(1.0, GlueMetrics.matthewsCorrcoef(gold, gold.clone()), EPS);
        assertEquals(-1.0, GlueMetrics.matthewsCorrcoef(gold, new int[] {1, 0, 0, 1, 0}), EPS);
        assertEquals(0.0, GlueMetrics.matthewsCorrcoef(gold, new int[] {1, 1, 1, 1, 1}), "constant predictor");
        assertEquals(0.0, GlueMetrics.matthewsCorrcoef(gold, new int[] {0, 0, 0, 0, 0}), "constant predictor");
        assertEquals(0.0, GlueMetrics.matthewsCorrcoef(new int[] {1, 1, 1}, new int[] {1, 0, 1}), "constant labels");
        assertEquals(0.0, GlueMetrics.matthewsCorrcoef(new int[0], new int[0]), "no examples");
    }

    @Test
    void mccMultiClassMatchesSklearnFormula() {
        int[] gold = {0, 0, 1, 1, 2, 2, 2, 0, 1, 2};
        int[] pred = {0, 1, 1, 1, 2, 0, 2, 0, 2, 2};
        // C = [[2,1,0],[0,2,1],[1,0,3]]; t = (3,3,4), p = (3,3,4), correct 7, n 10
        // (7*10 - 34) / sqrt((100 - 34)(100 - 34)) = 36/66
        assertEquals(36.0 / 66, GlueMetrics.matthewsCorrcoef(gold, pred), EPS);
    }

    @Test
    void pearsonHandComputed() {
        // means 3 and 4; sxy = 6, sxx = 10, syy = 6: r = 6 / sqrt(60) = sqrt(0.6)
        assertEquals(Math.sqrt(0.6), GlueMetrics.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5}), EPS);
        assertEquals(-1.0, GlueMetrics.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), EPS);
    }

    @Test
    void pearsonOfConstantIsNaN() {
        assertTrue(Double.isNaN(GlueMetrics.pearson(new double[] {2, 2, 2}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(GlueMetrics.pearson(new double[] {1, 2, 3}, new double[] {0, 0, 0})));
        assertTrue(Double.isNaN(GlueMetrics.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(GlueMetrics.pearson(new double[] {1}, new double[] {1})), "one point");
        Map<String, Double> m = GlueMetrics.computeRegression(GlueTask.STSB, new double[] {3, 3, 3}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(m.get("corr")), "corr of a constant predictor is NaN, as (nan + nan) / 2 in HF");
    }

    @Test
    void averageRanksShareTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 6, 6, 6, 8},
                          GlueMetrics.averageRanks(new double[] {1, 2, 2, 3, 4, 4, 4, 5}), EPS);
        assertArrayEquals(new double[] {2, 1, 3.5, 3.5, 7, 5.5, 5.5, 8},
                          GlueMetrics.averageRanks(new double[] {2, 1, 3, 3, 5, 4, 4, 6}), EPS);
    }

    @Test
    void spearmanWithTiesMatchesScipy() {
        double[] x = {1, 2, 2, 3, 4, 4, 4, 5}, y = {2, 1, 3, 3, 5, 4, 4, 6};
        assertEquals(0.9256265453136692, GlueMetrics.spearman(x, y), 1e-12); // scipy
        assertEquals(0.886796350347864, GlueMetrics.pearson(x, y), 1e-12);   // scipy
        double[] a = {0.5, 1.2, 3.3, 3.3, 4.8, 2.0, 2.0, 0.0, 5.0, 3.3};
        double[] b = {0.0, 1.0, 3.0, 4.0, 4.0, 2.4, 1.6, 0.2, 4.6, 3.8};
        assertEquals(0.9630363567333498, GlueMetrics.spearman(a, b), 1e-12); // scipy
        assertEquals(0.9568618412695378, GlueMetrics.pearson(a, b), 1e-12);  // scipy
    }

    @Test
    void stsbReportsPearsonSpearmanAndTheirMean() {
        double[] a = {0.5, 1.2, 3.3, 3.3, 4.8, 2.0, 2.0, 0.0, 5.0, 3.3};
        double[] b = {0.0, 1.0, 3.0, 4.0, 4.0, 2.4, 1.6, 0.2, 4.6, 3.8};
        Map<String, Double> m = GlueMetrics.computeRegression(GlueTask.STSB, a, b);
        assertEquals(List.of("pearson", "spearmanr", "corr"), List.copyOf(m.keySet()));
        assertEquals((0.9568618412695378 + 0.9630363567333498) / 2, m.get("corr"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GlueMetrics.compute(GlueTask.STSB, new int[1], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> GlueMetrics.computeRegression(GlueTask.MRPC, a, b));
    }

    @Test
    void mrpcAndQqpReportAccuracyF1AndTheirMean() {
        int[] gold = {1, 1, 1, 0, 0, 1, 0, 1};
        int[] pred = {1, 0, 1, 0, 1, 1, 0, 1};
        for (GlueTask t : List.of(GlueTask.MRPC, GlueTask.QQP)) {
            Map<String, Double> m = GlueMetrics.compute(t, pred, gold);
            assertEquals(List.of("acc", "f1", "acc_and_f1"), List.copyOf(m.keySet()));
            assertEquals(0.75, m.get("acc"), EPS);
            assertEquals(0.8, m.get("f1"), EPS);
            assertEquals(0.775, m.get("acc_and_f1"), EPS);
        }
    }

    @Test
    void everyTaskReturnsItsDeclaredMetricKeys() {
        int[] gold = {0, 1, 1, 0, 1, 0}, pred = {0, 1, 0, 0, 1, 1};
        for (GlueTask t : GlueTask.values()) {
            Map<String, Double> m = t.isRegression()
                ? GlueMetrics.computeRegression(t, new double[] {0, 1, 2}, new double[] {0, 2, 1})
                : GlueMetrics.compute(t, pred, gold);
            assertEquals(t.metrics(), List.copyOf(m.keySet()), t.name());
            assertTrue(m.containsKey(t.primaryMetric()), t.name());
        }
        assertEquals(4.0 / 6, GlueMetrics.compute(GlueTask.MNLI, pred, gold).get("mnli/acc"), EPS);
        assertEquals(4.0 / 6, GlueMetrics.compute(GlueTask.MNLI_MM, pred, gold).get("mnli-mm/acc"), EPS);
        // CoLA: tp 2, tn 2, fp 1, fn 1 -> (4 - 1) / sqrt(3*3*3*3) = 1/3
        assertEquals(1.0 / 3, GlueMetrics.compute(GlueTask.COLA, pred, gold).get("mcc"), EPS);
    }
}
