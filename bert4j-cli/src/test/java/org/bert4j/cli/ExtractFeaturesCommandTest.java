package org.bert4j.cli;

import static org.bert4j.cli.FinetuneTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.TensorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract-features: Google's JSONL shape, combinations, the packed safetensors layout, errors. */
class ExtractFeaturesCommandTest {
    @TempDir Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonlAndSafetensorsAgree() throws Exception {
        Path in = tmp.resolve("in.txt");
        Files.write(in, List.of("Who was Jim Henson ?", "Jim Henson was a puppeteer ||| He made the Muppets", "hello"));
        String model = FinetuneTestSupport.tinyModel().toString();
        Path jsonl = tmp.resolve("f.jsonl");
        var r = run(new ExtractFeaturesCommand(), "--model", model, "--input", in.toString(), "--output", jsonl.toString(), "--batch-size", "2");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(3, lines.size());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(1, second.get("linex_index").asInt());
        JsonNode tokens = second.get("features");
        assertEquals("[CLS]", tokens.get(0).get("token").asText());
        assertEquals("[SEP]", tokens.get(tokens.size() - 1).get("token").asText());
        JsonNode layers = tokens.get(0).get("layers");
        assertEquals(4, layers.size());
        assertEquals(-1, layers.get(0).get("index").asInt());
        assertEquals(-4, layers.get(3).get("index").asInt());
        assertEquals(32, layers.get(0).get("values").size());

        Path sum = tmp.resolve("sum.jsonl");
        assertEquals(0, run(new ExtractFeaturesCommand(), "--model", model, "--input", in.toString(), "--output", sum.toString(),
                "--combine", "sum").exitCode());
        JsonNode s = JSON.readTree(Files.readAllLines(sum).get(1)).get("features").get(0).get("layers");
        assertEquals(1, s.size());
        assertEquals("sum", s.get(0).get("combine").asText());
        double expect = 0;
        for (JsonNode l : layers) expect += l.get("values").get(5).asDouble();
        assertEquals(expect, s.get(0).get("values").get(5).asDouble(), 1e-5);

        Path st = tmp.resolve("f.safetensors");
        var r2 = run(new ExtractFeaturesCommand(), "--model", model, "--input", in.toString(), "--output", st.toString(), "--format", "safetensors",
                "--batch-size", "2");
        assertEquals(0, r2.exitCode(), r2.err());
        try (TensorSource src = Checkpoints.open(st)) {
            long[] offsets = src.get("offsets").toLongArray();
            assertEquals(4, offsets.length);
            assertEquals(tokens.size(), offsets[2] - offsets[1]);
            assertArrayEquals(new long[] {offsets[3], 4, 32}, src.get("features").shape());
            float[] f = src.get("features").toFloatArray();
            // line 1, token 0, layer -2 (index 1), value 7
            float v = f[(int) ((offsets[1] * 4 + 1) * 32 + 7)];
            assertEquals(layers.get(1).get("values").get(7).asDouble(), v, 1e-5);
        }
    }

    @Test
    void badOptions() {
        String model = FinetuneTestSupport.tinyModel().toString();
        var bad = run(new ExtractFeaturesCommand(), "--model", model, "--input", tmp.resolve("none.txt").toString(), "--output", tmp.resolve("o").toString());
        assertEquals(1, bad.exitCode());
        var combine = run(new ExtractFeaturesCommand(), "--model", model, "--input", "x", "--output", "y", "--combine", "max");
        assertEquals(2, combine.exitCode());
        assertTrue(combine.err().contains("max"), combine.err());
        var weights = run(new ExtractFeaturesCommand(), "--model", model, "--input", "x", "--output", "y", "--combine", "weighted-sum", "--layer-weights", "1,2");
        assertEquals(2, weights.exitCode());
    }
}
