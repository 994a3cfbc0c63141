package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Running a command with captured output, the shared data folder, and reading the training curve. */
final class FinetuneTestSupport {
    private FinetuneTestSupport() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, c, p) -> {
            e.printStackTrace();
            return e instanceof UserException u ? u.exitCode() : 1;
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path shared() {
        String s = System.getProperty("bert4j.shared.dir");
        assertNotNull(s, "system property bert4j.shared.dir is not set; run through Maven or pass -Dbert4j.shared.dir=/work/shared");
        return Path.of(s);
    }

    static Path tinyModel() {
        Path p = shared().resolve("data/tiny-random-bert");
        assertTrue(Files.isDirectory(p), p + " is missing");
        return p;
    }

    /** The training losses of {@code metrics.jsonl}, by step. */
    static List<Double> losses(Path runDir) throws Exception {
        List<Double> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.has("loss") && !n.has("diverged")) out.add(n.get("loss").asDouble());
        }
        return out;
    }

    static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Mean of the last {@code k} losses is below the mean of the first {@code k}. */
    static void assertLossFalls(Path runDir, int k) throws Exception {
        List<Double> l = losses(runDir);
        assertTrue(l.size() >= 2 * k, "only " + l.size() + " steps logged");
        double first = mean(l.subList(0, k)), last = mean(l.subList(l.size() - k, l.size()));
        assertTrue(last < first, "loss did not fall: first " + k + " steps " + first + ", last " + k + " steps " + last + " (" + l + ")");
    }
}
