package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The metrics on the real dev sets with simple deterministic predictors, against SciPy 1.17.1 and
 * sklearn's MCC formula in numpy, computed on the same files:
 * <pre>
 * STS-B: pred = 5 * Jaccard(lower-cased whitespace words of sentence1, of sentence2)
 *        stats.pearsonr(pred, gold), stats.spearmanr(pred, gold)   (gold has many ties)
 * CoLA:  pred = 1 if the sentence has at most 8 words else 0
 * </pre>
 */
class GlueMetricsRealDataTest {

    private static Set<String> words(String s) {
        return new HashSet<>(Arrays.asList(s.toLowerCase(Locale.ROOT).strip().split("\\s+")));
    }

    @Test
    void stsbDevPearsonAndSpearmanMatchScipy() {
        List<Example> dev = GlueReader.read(GlueTask.STSB, SharedData.data("glue/STS-B/dev.tsv"), Split.DEV);
        double[] gold = new double[dev.size()], pred = new double[dev.size()];
        for (int i = 0; i < dev.size(); i++) {
            Example e = dev.get(i);
            gold[i] = e.score();
            Set<String> a = words(e.textA()), b = words(e.textB()), union = new HashSet<>(a);
            union.addAll(b);
            a.retainAll(b);
            pred[i] = 5.0 * a.size() / union.size();
        }
        var m = GlueMetrics.computeRegression(GlueTask.STSB, pred, gold);
        // gold is read as float (3.8 -> 3.7999999523), SciPy read it as double: agree to ~1e-8
        assertEquals(0.5959791295360306, m.get("pearson"), 1e-6);
        assertEquals(0.6016979986595958, m.get("spearmanr"), 1e-9);
    }

    @Test
    void colaDevMccF1AndAccuracyMatchNumpy() {
        List<Example> dev = GlueReader.read(GlueTask.COLA, SharedData.data("glue/CoLA/dev.tsv"), Split.DEV);
        int[] gold = new int[dev.size()], pred = new int[dev.size()];
        for (int i = 0; i < dev.size(); i++) {
            gold[i] = GlueTask.COLA.labelSet().indexOf(dev.get(i).label());
            pred[i] = dev.get(i).textA().strip().split("\\s+").length <= 8 ? 1 : 0;
        }
        // confusion [[108, 214], [246, 475]]
        assertEquals(-0.005647971005421963, GlueMetrics.matthewsCorrcoef(gold, pred), 1e-12);
        assertEquals(0.6737588652482269, GlueMetrics.f1(gold, pred, 1), 1e-12);
        assertEquals(0.5589645254074784, GlueMetrics.accuracy(pred, gold), 1e-12);
        ClassificationReport r = ClassificationReport.of(GlueTask.COLA.labels(), gold, pred);
        assertEquals(475, r.confusionMatrix()[1][1]);
        assertEquals(214, r.confusionMatrix()[0][1]);
    }
}
