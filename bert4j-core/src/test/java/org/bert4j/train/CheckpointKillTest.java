package org.bert4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM ({@link CheckpointWriterMain}) saves checkpoints in a loop and is
 * killed with {@code Process.destroyForcibly()} (SIGKILL), in alternate rounds just after a save
 * started and at a random moment, six
 * times in a row on the same run directory. After every kill, every {@code checkpoint-N} must
 * verify, the newest must hold step N's exact values, and no reported save may be lost.
 */
class CheckpointKillTest {
    @TempDir
    Path run;

    @Test
    void killDashNineNeverLeavesAPartialCheckpoint() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var jitter = new java.util.Random(12345);
        long previous = 0;
        int midSave = 0;
        for (int round = 0; round < 6; round++) {
            Process child = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterMain.class.getName(), run.toString()).redirectErrorStream(true).start();
            AtomicLong lastSaved = new AtomicLong(-1), saving = new AtomicLong(-1);
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("saved ")) lastSaved.set(Long.parseLong(line.substring(6)));
                        else if (line.startsWith("saving ")) saving.set(Long.parseLong(line.substring(7)));
                        else synchronized (output) { output.append(line).append('\n'); }
                    }
                } catch (java.io.IOException e) {
                    // the child was killed
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastSaved.get() < previous + 2 && System.nanoTime() < deadline && child.isAlive()) Thread.sleep(5);
            assertTrue(lastSaved.get() >= previous + 2, "child made no progress; output:\n" + output);
            if (round % 2 == 0) {
                // even rounds: aim inside a save (just after it started)
                long target = lastSaved.get() + 1;
                while (saving.get() < target && System.nanoTime() < deadline && child.isAlive()) Thread.onSpinWait();
                Thread.sleep(jitter.nextInt(40));
            } else {
                Thread.sleep(jitter.nextInt(120)); // odd rounds: anywhere
            }
            long reportedBeforeKill = lastSaved.get();
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);

            try (var leftovers = java.nio.file.Files.list(run)) {
                if (leftovers.anyMatch(p -> p.getFileName().toString().startsWith(".checkpoint-"))) midSave++;
            }
            for (Path p : Checkpoints.list(run)) assertNull(Checkpoints.verify(p), "partial checkpoint under a final name: " + p);
            Path latest = Checkpoints.latest(run).orElseThrow();
            Checkpoints.Loaded l = Checkpoints.load(latest);
            long step = l.state().step();
            assertTrue(step >= reportedBeforeKill, "lost a reported save: latest " + step + " < " + reportedBeforeKill);
            float[] w = l.model().get("bert.encoder.layer.0.output.dense.weight");
            float[] m = l.optimizer().tensors().get("bert.encoder.layer.0.output.dense.weight.exp_avg");
            for (int i = 0; i < w.length; i += 997) {
                assertEquals(CheckpointWriterMain.value(step, i), w[i], "weight " + i + " of step " + step);
                assertEquals(CheckpointWriterMain.moment(step, i), m[i], "moment " + i + " of step " + step);
            }
            assertEquals(step, l.optimizer().step());
            assertEquals(step * 31, l.state().rngState());
            System.out.printf("kill round %d: killed after save %d, newest complete checkpoint %d verifies%n", round, reportedBeforeKill, step);
            previous = step;
        }
        System.out.println("kills that interrupted a save (temporary directory left behind): " + midSave + " of 6");
        assertTrue(midSave >= 2, "no kill landed during a save, the test proved nothing");
    }
}
