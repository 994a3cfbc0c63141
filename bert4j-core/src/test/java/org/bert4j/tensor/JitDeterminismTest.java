package org.bert4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits before and after C2 compiles them. Exact resume (a training run
 * continued from a checkpoint in the same JVM repeats the uninterrupted run bit for bit) depends on it;
 * {@code reduceLanes(ADD)} broke it (its lane order changes with compilation). The check runs in a fresh
 * JVM so that the first calls really are interpreted.
 */
class JitDeterminismTest {
    @Test
    void rowOpsGiveTheSameBitsInterpretedAndCompiled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                JitDeterminismTest.class.getName()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        System.out.println(out);
        assertTrue(out.startsWith("vector"), "the child used the vector kernels: " + out);
        for (String line : out.split("\n")) {
            if (line.contains(":")) assertTrue(line.matches(".*: 0 of \\d+ values differ"), line);
        }
    }

    /** Child JVM: each op once cold, then warmed up until compiled, then again; prints the differing values per op. */
    public static void main(String[] args) {
        Kernels k = KernelsProvider.get();
        Random r = new Random(3);
        int rows = 6, cols = 45;
        float[] x = new float[rows * cols], dy = new float[rows * cols], g = new float[cols], b = new float[cols];
        for (int i = 0; i < x.length; i++) { x[i] = (float) (3 * r.nextGaussian()); dy[i] = (float) r.nextGaussian(); }
        for (int i = 0; i < cols; i++) { g[i] = 1 + 0.1f * (float) r.nextGaussian(); b[i] = (float) r.nextGaussian(); }
        Map<String, Function<Kernels, float[]>> ops = new LinkedHashMap<>();
        ops.put("softmaxRows", kk -> { float[] y = x.clone(); kk.softmaxRows(y, 0, rows, cols, null, 0.125f); return y; });
        ops.put("softmaxRowsBackward", kk -> {
            float[] y = x.clone(), dx = new float[rows * cols];
            kk.softmaxRows(y, 0, rows, cols, null, 1f);
            kk.softmaxRowsBackward(y, 0, dy, 0, dx, 0, rows, cols, 0.5f);
            return dx;
        });
        ops.put("layerNorm", kk -> {
            float[] y = new float[rows * cols];
            kk.layerNorm(x, 0, y, 0, rows, cols, g, b, 1e-12f, new float[rows], new float[rows]);
            return y;
        });
        ops.put("crossEntropyRow", kk -> {
            float[] d = new float[rows * cols + 2 * rows];
            for (int i = 0; i < rows; i++) {
                double loss = kk.crossEntropyRow(x, i * cols, cols, i, d, i * cols, 0.25);
                long bits = Double.doubleToRawLongBits(loss);
                d[rows * cols + 2 * i] = Float.intBitsToFloat((int) bits);
                d[rows * cols + 2 * i + 1] = Float.intBitsToFloat((int) (bits >>> 32));
            }
            return d;
        });
        Map<String, float[]> cold = new LinkedHashMap<>();
        ops.forEach((name, op) -> cold.put(name, op.apply(k)));
        for (int rep = 0; rep < 30_000; rep++) for (var op : ops.values()) op.apply(k);
        System.out.println(k.name());
        ops.forEach((name, op) -> {
            float[] warm = op.apply(k), c = cold.get(name);
            int diff = 0;
            for (int i = 0; i < warm.length; i++) if (Float.floatToRawIntBits(warm[i]) != Float.floatToRawIntBits(c[i])) diff++;
            System.out.println(name + ": " + diff + " of " + warm.length + " values differ");
        });
    }
}
