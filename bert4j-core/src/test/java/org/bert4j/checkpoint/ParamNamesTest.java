package org.bert4j.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ParamNamesTest {
    private static void maps(String stored, String canonical, boolean transpose) {
        ParamNames.Mapping m = ParamNames.map(stored);
        assertNotNull(m, stored);
        assertEquals(canonical, m.canonical(), stored);
        assertEquals(transpose, m.transpose(), stored);
        assertTrue(m.known(), stored);
    }

    @Test
    void huggingFaceNames() {
        maps("bert.embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight", false);
        maps("embeddings.LayerNorm.gamma", "embeddings.LayerNorm.weight", false);
        maps("bert.encoder.layer.11.output.LayerNorm.beta", "encoder.layer.11.output.LayerNorm.bias", false);
        maps("cls.predictions.bias", "cls.predictions.bias", false);
        maps("cls.predictions.decoder.weight", "cls.predictions.decoder.weight", false);
        maps("qa_outputs.weight", "qa_outputs.weight", false);
        assertNull(ParamNames.map("bert.embeddings.position_ids"));
    }

    @Test
    void tensorFlowNames() {
        maps("bert/embeddings/word_embeddings", "embeddings.word_embeddings.weight", false);
        maps("bert/embeddings/token_type_embeddings", "embeddings.token_type_embeddings.weight", false);
        maps("module/bert/encoder/layer_3/attention/self/query/kernel", "encoder.layer.3.attention.self.query.weight", true);
        maps("bert/encoder/layer_0/attention/output/LayerNorm/gamma", "encoder.layer.0.attention.output.LayerNorm.weight", false);
        maps("bert/pooler/dense/kernel", "pooler.dense.weight", true);
        maps("cls/predictions/transform/dense/kernel", "cls.predictions.transform.dense.weight", true);
        maps("cls/predictions/output_bias", "cls.predictions.bias", false);
        maps("cls/seq_relationship/output_weights", "cls.seq_relationship.weight", false);
        maps("cls/seq_relationship/output_bias", "cls.seq_relationship.bias", false);
        maps("output_weights", "classifier.weight", false);
        assertNull(ParamNames.map("bert/encoder/layer_0/output/dense/kernel/adam_m"));
        assertNull(ParamNames.map("bert/embeddings/word_embeddings/adam_v"));
        assertNull(ParamNames.map("global_step"));
    }

    @Test
    void unknownNamesAreKeptAsTheyAre() {
        ParamNames.Mapping m = ParamNames.map("some/other/variable");
        assertFalse(m.known());
        assertEquals("some/other/variable", m.canonical());
    }
}
