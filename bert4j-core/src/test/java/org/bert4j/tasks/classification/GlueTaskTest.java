package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlueTaskTest {
    @Test
    void labelListsInReferenceOrder() {
        // run_classifier.py MnliProcessor.get_labels / HF glue.py
        assertEquals(List.of("contradiction", "entailment", "neutral"), GlueTask.MNLI.labels());
        assertEquals(List.of("entailment", "not_entailment"), GlueTask.RTE.labels());
        assertEquals(List.of("entailment", "not_entailment"), GlueTask.QNLI.labels());
        assertEquals(List.of("0", "1"), GlueTask.COLA.labels());
        assertTrue(GlueTask.STSB.isRegression());
        assertEquals(1, GlueTask.STSB.labelSet().numOutputs());
        assertEquals(3, GlueTask.MNLI.labelSet().numOutputs());
    }

    @Test
    void parsesGlueAndHuggingFaceNames() {
        assertEquals(GlueTask.SST2, GlueTask.parse("sst-2"));
        assertEquals(GlueTask.SST2, GlueTask.parse("SST2"));
        assertEquals(GlueTask.STSB, GlueTask.parse("stsb"));
        assertEquals(GlueTask.COLA, GlueTask.parse("CoLA"));
        assertEquals(GlueTask.MNLI_MM, GlueTask.parse("mnli-mm"));
        assertEquals(GlueTask.MNLI_MM, GlueTask.parse("mnli_mismatched"));
        assertEquals(GlueTask.MNLI, GlueTask.parse("mnli-m"));
        assertEquals(GlueTask.AX, GlueTask.parse("diagnostic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlueTask.parse("squad"));
        assertTrue(e.getMessage().contains("unknown GLUE task 'squad'"), e.getMessage());
        for (GlueTask t : GlueTask.values()) assertEquals(t, GlueTask.parse(t.id()));
    }

    @Test
    void pairTasksAndSubmissionNames() {
        assertFalse(GlueTask.COLA.isPair());
        assertFalse(GlueTask.SST2.isPair());
        for (GlueTask t : List.of(GlueTask.MRPC, GlueTask.STSB, GlueTask.QQP, GlueTask.MNLI, GlueTask.QNLI, GlueTask.RTE,
                                  GlueTask.WNLI, GlueTask.AX)) {
            assertTrue(t.isPair(), t.name());
        }
        assertEquals("MNLI-m.tsv", GlueTask.MNLI.submissionFileName());
        assertEquals("MNLI-mm.tsv", GlueTask.MNLI_MM.submissionFileName());
        assertEquals("AX.tsv", GlueTask.AX.submissionFileName());
        assertEquals("test_mismatched.tsv", GlueTask.MNLI_MM.fileName(Split.TEST));
    }
}
