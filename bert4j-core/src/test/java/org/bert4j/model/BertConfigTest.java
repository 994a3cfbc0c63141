package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.nn.Activation;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {
    @TempDir Path tmp;

    static final String GOOGLE = """
            {"attention_probs_dropout_prob": 0.1, "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768,
             "initializer_range": 0.02, "intermediate_size": 3072, "max_position_embeddings": 512, "num_attention_heads": 12,
             "num_hidden_layers": 12, "type_vocab_size": 2, "vocab_size": 30522}""";

    @Test
    void huggingFaceGeluIsErfAndGoogleGeluIsTanh() throws Exception {
        BertConfig hf = BertConfig.fromJson(SharedData.data("tiny-random-bert/config.json"));
        assertEquals(Activation.GELU, hf.activation());
        assertEquals(new BertConfig(1124, 32, 5, 4, 37, "gelu", 0.1f, 0.1f, 512, 16, 0.02f, 1e-12f), hf);

        Path google = tmp.resolve("bert_config.json");
        Files.writeString(google, GOOGLE);
        BertConfig g = BertConfig.fromJson(google);
        assertEquals(Activation.GELU_TANH, g.activation());
        assertEquals(BertConfig.base().withHiddenAct("gelu_tanh"), g);

        Path noModelType = tmp.resolve("config.json");
        Files.writeString(noModelType, GOOGLE);
        assertEquals(Activation.GELU_TANH, BertConfig.fromJson(noModelType).activation());
    }

    @Test
    void activationNames() {
        for (String s : new String[] {"gelu_new", "gelu_pytorch_tanh", "gelu_tanh"}) assertEquals(Activation.GELU_TANH, Activation.fromName(s));
        assertEquals(Activation.RELU, Activation.fromName("relu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertConfig.base().withHiddenAct("swish"));
        assertTrue(e.getMessage().contains("swish"));
    }

    @Test
    void toJsonRoundTripsAndNamesTheTanhFormAsHuggingFaceDoes() throws Exception {
        BertConfig c = new BertConfig(99, 36, 3, 4, 37, "gelu_tanh", 0.1f, 0f, 40, 2, 0.02f, 1e-12f);
        Path f = tmp.resolve("config.json");
        c.writeJson(f);
        String json = Files.readString(f);
        assertTrue(json.contains("\"gelu_new\""), json);
        assertTrue(json.contains("\"hidden_dropout_prob\" : 0.1,"), json);
        assertTrue(json.contains("\"model_type\" : \"bert\""), json);
        assertEquals(c, BertConfig.fromJson(f));
    }

    @Test
    void isDecoderIsReadWrittenWhenSetAndChecked() throws Exception {
        BertConfig c = new BertConfig(99, 36, 3, 4, 37, "gelu", 0.1f, 0.1f, 40, 2, 0.02f, 1e-12f);
        assertFalse(c.isDecoder());
        assertFalse(c.toJson().contains("is_decoder"), "not written for BERT: Hugging Face's default is false");
        Path f = tmp.resolve("config.json");
        c.withDecoder(true).writeJson(f);
        assertTrue(Files.readString(f).contains("\"is_decoder\" : true"));
        assertEquals(c.withDecoder(true), BertConfig.fromJson(f));
        assertTrue(BertConfig.fromJson(f).withDropout(0f, 0f).withHiddenAct("relu").withVocabSize(7).isDecoder(), "the with* copies keep it");
        Files.writeString(f, Files.readString(f).replace("\"is_decoder\" : true", "\"is_decoder\" : \"yes\""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> BertConfig.fromJson(f));
        assertTrue(e.getMessage().contains("is_decoder"), e.getMessage());
    }

    @Test
    void presetsAreThePaperSizes() {
        assertEquals(768, BertConfig.base().hiddenSize());
        assertEquals(24, BertConfig.large().numHiddenLayers());
        assertEquals(16, BertConfig.large().numAttentionHeads());
        assertEquals(64, BertConfig.large().headSize());
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, "{\"model_type\": \"bert\", \"hidden_size\": 10}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> BertConfig.fromJson(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("vocab_size"), e.getMessage());
        Files.writeString(f, "{\"model_type\": \"bert\", \"vocab_size\": 9, \"hidden_size\": 10, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 3, \"intermediate_size\": 4, \"max_position_embeddings\": 8}");
        e = assertThrows(CheckpointException.class, () -> BertConfig.fromJson(f));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
    }
}
