package org.bert4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bert4j.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Google's BERT-base uncased with the exact (erf) GELU, as Hugging Face runs it, against the
 * fill-mask examples of Hugging Face's bert-base-uncased model card.
 */
class FillMaskBertBaseTest {
    static FillMask fill;

    @BeforeAll
    static void load() {
        fill = FillMask.load(TestModels.bertBaseUncased(), "gelu");
    }

    static void check(List<FillMask.Prediction> got, String[] tokens, double[] scores) {
        for (int i = 0; i < tokens.length; i++) {
            System.out.printf("  %-10s %.5f (model card %s %.4f)%n", got.get(i).token(), got.get(i).score(), tokens[i], scores[i]);
        }
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(tokens[i], got.get(i).token(), "rank " + (i + 1));
            assertEquals(scores[i], got.get(i).score(), 5e-4, tokens[i]);
        }
    }

    @Test
    void modelCardExamples() {
        List<List<List<FillMask.Prediction>>> p = fill.predict(List.of("Hello I'm a [MASK] model.", "The man worked as a [MASK]."), 5);
        assertEquals(1, p.get(0).size());
        check(p.get(0).get(0), new String[] {"fashion", "role", "new", "super", "fine"}, new double[] {0.1073, 0.0877, 0.0534, 0.0467, 0.0271});
        check(p.get(1).get(0), new String[] {"carpenter", "waiter", "barber", "mechanic", "salesman"},
                new double[] {0.0975, 0.0524, 0.0496, 0.0379, 0.0377});
        // alone, the second sentence gives the same answer as in the batch
        List<FillMask.Prediction> alone = fill.predict("The man worked as a [MASK].", 5).get(0);
        for (int i = 0; i < 5; i++) assertEquals(p.get(1).get(0).get(i).score(), alone.get(i).score(), 1e-6);
    }

    @Test
    void theSavedModelWithoutConfigIsInferredAsGoogleBertBase() {
        java.nio.file.Path dir = TestModels.bertBaseUncased();
        try (var w = org.bert4j.model.BertModels.openWeights(dir)) {
            assertEquals(org.bert4j.model.BertConfig.base().withHiddenAct("gelu_tanh"), org.bert4j.model.BertModels.config(dir, w));
        }
        // Google's own (tanh) GELU gives nearly the same ranking; printed for the record
        FillMask tanh = FillMask.load(dir, null);
        List<FillMask.Prediction> p = tanh.predict("Hello I'm a [MASK] model.", 5).get(0);
        System.out.println("gelu_tanh: " + p);
        assertEquals("fashion", p.get(0).token());
        assertEquals(0.1073, p.get(0).score(), 5e-3);
    }

    @Test
    void everyMaskIsPredictedAndAMissingMaskIsAnError() {
        List<List<FillMask.Prediction>> p = fill.predict("Paris is the [MASK] of [MASK].", 3);
        assertEquals(2, p.size());
        assertEquals("capital", p.get(0).get(0).token());
        assertEquals("france", p.get(1).get(0).token());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fill.predict("No mask here.", 3));
        assertTrue(e.getMessage().contains("[MASK]"), e.getMessage());
    }
}
