package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bert4j.train.MetricsLog;
import org.bert4j.train.ProgressListener;
import org.bert4j.train.TrainResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void plotsARunDirectory() throws Exception {
        try (MetricsLog log = new MetricsLog(dir, 0)) {
            for (int s = 1; s <= 30; s++) log.write(s, Map.of("loss", 1.0 / s, "lr", 1e-4, "grad_norm", 0.5));
        }
        assertEquals(0, new CommandLine(new PlotCommand()).execute(dir.toString()));
        assertTrue(Files.size(dir.resolve("curves.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("curves.html")).contains("<svg"));
    }

    @Test
    void missingMetricsIsAnErrorNotACrash() {
        assertEquals(1, new CommandLine(new PlotCommand()).execute(dir.toString()));
    }

    @Test
    void consoleProgressSurvivesARun() {
        ConsoleProgress p = new ConsoleProgress("test");
        p.onStart(3, 10);
        for (int s = 4; s <= 10; s++) p.onStep(new ProgressListener.Progress(s, 10, 1.0 / s, 1e-4, 0.3, 100, 10 - s, Map.of()));
        p.onEvaluate(10, Map.of("accuracy", 0.9));
        p.onEnd(new TrainResult(10, false, "completed", null, 0.1, Map.of()));
        assertEquals("0:01:05", ConsoleProgress.duration(65));
    }
}
