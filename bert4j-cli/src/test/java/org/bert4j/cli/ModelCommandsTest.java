package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.inference.FillMask;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fill-mask, embed and convert run through picocli on a small model: tiny-random-bert's vocabulary and
 * configuration with seeded random weights and both pre-training heads, saved as a Hugging Face folder.
 */
class ModelCommandsTest {
    @TempDir static Path tmp;
    static Path modelDir;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path shared(String rel) {
        return Path.of(System.getProperty("bert4j.shared.dir"), "data", rel);
    }

    @BeforeAll
    static void makeModel() {
        BertConfig c = BertConfig.fromJson(shared("tiny-random-bert/config.json"));
        BertForPreTraining m = BertForPreTraining.create(c);
        m.bert.initialize(new SplittableRandom(7));
        for (var p : m.params()) if (p.name().startsWith("cls.")) {
            float[] v = p.value();
            SplittableRandom r = new SplittableRandom(p.name().hashCode());
            for (int i = 0; i < v.length; i++) v[i] = p.name().contains("LayerNorm.weight") ? 1f : (float) (r.nextGaussian() * 0.02);
        }
        modelDir = tmp.resolve("model");
        m.save(modelDir, shared("tiny-random-bert/vocab.txt"));
    }

    @Test
    void fillMaskJsonHasOneLinePerTextWithTopKPerMask() throws Exception {
        Run r = run(new FillMaskCommand(), "--model", modelDir.toString(), "--top-k", "3", "--json",
                "the [MASK] is [MASK] .", "a [MASK] day");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("the [MASK] is [MASK] .", first.get("text").asText());
        assertEquals(2, first.get("predictions").size());
        JsonNode preds = first.get("predictions").get(0);
        assertEquals(3, preds.size());
        List<List<FillMask.Prediction>> api = FillMask.load(modelDir, null).predict("the [MASK] is [MASK] .", 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(api.get(0).get(i).tokenId(), preds.get(i).get("token_id").asInt());
            assertEquals(api.get(0).get(i).token(), preds.get(i).get("token").asText());
            assertEquals(api.get(0).get(i).score(), preds.get(i).get("score").asDouble(), 1e-6);
        }
        assertTrue(preds.get(0).get("score").asDouble() >= preds.get(1).get("score").asDouble());
        assertEquals(1, JSON.readTree(lines[1]).get("predictions").size());

        Run table = run(new FillMaskCommand(), "--model", modelDir.toString(), "a [MASK] day");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("rank") && table.out().contains("[MASK] #1"), table.out());
    }

    @Test
    void userErrorsAreMessagesWithExitCodes() {
        Run noMask = run(new FillMaskCommand(), "--model", modelDir.toString(), "no mask here");
        assertEquals(2, noMask.code());
        assertTrue(noMask.err().startsWith("error: ") && noMask.err().contains("[MASK]"), noMask.err());
        assertFalse(noMask.err().contains("\tat "), "no stack trace");

        Run noModel = run(new FillMaskCommand(), "--model", tmp.resolve("nothing-here").toString(), "a [MASK]");
        assertEquals(1, noModel.code());
        assertTrue(noModel.err().contains("nothing-here"), noModel.err());

        assertEquals(2, run(new FillMaskCommand(), "--top-k", "x", "a [MASK]").code());
        assertEquals(2, run(new EmbedCommand(), "--model", modelDir.toString(), "--pooling", "max").code());
        Run badLayer = run(new EmbedCommand(), "--model", modelDir.toString(), "--layers", "9", "--input", write("{\"text\": \"hi\"}\n").toString());
        assertEquals(2, badLayer.code());
        assertTrue(badLayer.err().contains("layer 9"), badLayer.err());
    }

    static Path write(String content) {
        try {
            Path f = Files.createTempFile(tmp, "in", ".jsonl");
            Files.writeString(f, content);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void embedOutputsRowsPerRealTokenAndPoolsThem() throws Exception {
        Path in = write("{\"text\": \"the cat sat\", \"text_pair\": \"on the mat\"}\n"
                + "{\"input_ids\": [2, 100, 200, 3, 0], \"token_type_ids\": [0, 0, 0, 0, 0], \"attention_mask\": [1, 1, 1, 1, 0]}\n");
        Run none = run(new EmbedCommand(), "--model", modelDir.toString(), "--layers", "-1,0", "--input", in.toString());
        assertEquals(0, none.code(), none.err());
        String[] lines = none.out().strip().split("\n");
        assertEquals(2, lines.length);
        JsonNode second = JSON.readTree(lines[1]);
        assertEquals(4, second.get("tokens").size(), "one row per position with mask 1");
        assertEquals(4, second.get("layers").get("-1").size());
        assertEquals(32, second.get("layers").get("0").get(0).size());

        Run mean = run(new EmbedCommand(), "--model", modelDir.toString(), "--pooling", "mean", "--input", in.toString());
        assertEquals(0, mean.code(), mean.err());
        JsonNode emb = JSON.readTree(mean.out().strip().split("\n")[1]).get("embedding");
        assertEquals(32, emb.size());
        for (int j = 0; j < 32; j++) {
            double s = 0;
            for (JsonNode row : second.get("layers").get("-1")) s += row.get(j).asDouble();
            assertEquals(s / 4, emb.get(j).asDouble(), 1e-5);
        }
        Run pooler = run(new EmbedCommand(), "--model", modelDir.toString(), "--pooling", "pooler", "--input", in.toString());
        assertEquals(0, pooler.code(), pooler.err());
    }

    @Test
    void convertWritesAFolderThatLoadsToTheSameModel() throws Exception {
        Path out = tmp.resolve("converted");
        Run r = run(new ConvertCommand(), "--model", shared("tiny-random-bert").toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("config.json", "vocab.txt", "model.safetensors")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        BertModel a = BertModels.load(shared("tiny-random-bert")), b = BertModels.load(out);
        int[][] ids = {{2, 50, 60, 3}};
        assertArrayEquals(a.forward(ids, null, null).lastHiddenState(), b.forward(ids, null, null).lastHiddenState());
    }
}
