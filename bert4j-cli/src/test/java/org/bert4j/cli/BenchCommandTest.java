package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.bert4j.model.BertConfig;
import org.bert4j.model.Flops;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench --json} on a small random model: one object with the documented keys, consistent numbers. */
class BenchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KEYS = List.of("median_ms", "p10_ms", "p90_ms", "sequences_per_second", "tokens_per_second",
            "gflops", "gflops_per_cpu_second", "threads", "kernels", "mode", "batch_size", "seq_length", "iterations");

    static JsonNode bench(String... args) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(0, code, err.toString());
        // a heap that can still grow is worth a warning (timings with fresh pages), a fixed one is not
        assertEquals(!BenchCommand.heapFixed(), err.toString().contains("the heap can still grow"), err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(1, lines.length, out.toString());
        return JSON.readTree(lines[0]);
    }

    @Test
    void inferJsonHasTheKeys() throws Exception {
        JsonNode o = bench("--model", "random:L2-H64-A2", "--batch-size", "2", "--seq-length", "16", "--iterations", "3",
                "--warmup-seconds", "0", "--threads", "1", "--json");
        for (String k : KEYS) assertTrue(o.has(k), "missing " + k + " in " + o);
        assertEquals("infer", o.get("mode").asText());
        assertEquals(1, o.get("threads").asInt());
        double ms = o.get("median_ms").asDouble();
        assertTrue(o.get("p10_ms").asDouble() <= ms && ms <= o.get("p90_ms").asDouble(), o.toString());
        assertEquals(2 / (ms / 1e3), o.get("sequences_per_second").asDouble(), 1e-6 * o.get("sequences_per_second").asDouble());
        assertEquals(32 / (ms / 1e3), o.get("tokens_per_second").asDouble(), 1e-6 * o.get("tokens_per_second").asDouble());
        BertConfig c = BenchCommand.randomConfig("random:L2-H64-A2");
        assertEquals(Flops.encoderForward(c, 2, 16) / (ms / 1e3) / 1e9, o.get("gflops").asDouble(), 1e-6 * o.get("gflops").asDouble());
        // every timed iteration in the order it ran; their median is median_ms
        JsonNode each = o.get("iteration_ms");
        assertEquals(3, each.size(), o.toString());
        double[] sorted = new double[3];
        for (int i = 0; i < 3; i++) sorted[i] = each.get(i).asDouble();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[1], ms, 1e-9);
        assertEquals(sorted[0], o.get("min_ms").asDouble(), 1e-9);
        assertEquals(BenchCommand.heapFixed(), o.get("heap_fixed").asBoolean()); // the test JVM's -Xmx6g without -Xms: false
        assertTrue(o.get("heap_fixed").isBoolean());
    }

    @Test
    void trainJsonCountsThreeTimesTheForward() throws Exception {
        JsonNode o = bench("--model", "random:L1-H64-A2-I128", "--batch-size", "2", "--seq-length", "8", "--iterations", "2",
                "--warmup-seconds", "0", "--mode", "train", "--json");
        for (String k : KEYS) assertTrue(o.has(k), "missing " + k + " in " + o);
        assertEquals("train", o.get("mode").asText());
        BertConfig c = BenchCommand.randomConfig("random:L1-H64-A2-I128");
        double ms = o.get("median_ms").asDouble();
        assertEquals(3 * Flops.encoderForward(c, 2, 8) / (ms / 1e3) / 1e9, o.get("gflops").asDouble(), 1e-6 * o.get("gflops").asDouble());
    }

    @Test
    void flopsFormula() {
        // BERT-base, one sequence of 128: 12 * (2*128*(4*768^2 + 2*768*3072) + 4*128^2*768)
        double expected = 12 * (2.0 * 128 * (4.0 * 768 * 768 + 2.0 * 768 * 3072) + 4.0 * 128 * 128 * 768);
        assertEquals(expected, Flops.encoderForward(BertConfig.base(), 1, 128), 1);
        assertEquals(3 * 8 * expected, Flops.encoderTrainStep(BertConfig.base(), 8, 128), 1);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(CommandErrors.USAGE, cl.execute("--model", "random:L2-H64", "--mode", "fly"));
        assertEquals(CommandErrors.USAGE, cl.execute("--model", "random:X"));
    }
}
