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
    void comparesSeveralRunsMetricByMetric() throws Exception {
        Path a = dir.resolve("mlm-nsp"), b = dir.resolve("mlm-only"), out = dir.resolve("cmp");
        try (MetricsLog la = new MetricsLog(a, 0); MetricsLog lb = new MetricsLog(b, 0)) {
            for (int s = 1; s <= 20; s++) {
                la.write(s, s % 5 == 0 ? Map.of("loss", 2.0 / s, "eval_mlm_accuracy", 0.01 * s, "eval_nsp_accuracy", 0.5 + 0.01 * s)
                        : Map.of("loss", 2.0 / s));
                lb.write(s, s % 5 == 0 ? Map.of("loss", 1.5 / s, "eval_mlm_accuracy", 0.02 * s) : Map.of("loss", 1.5 / s));
            }
        }
        assertEquals(0, new CommandLine(new PlotCommand()).execute(a.toString(), b.toString(), "--output", out.toString()));
        assertTrue(Files.size(out.resolve("compare.png")) > 1000);
        String html = Files.readString(out.resolve("compare.html"));
        // panels: eval_mlm_accuracy (both runs), eval_nsp_accuracy (one run), loss (both runs) = 5 lines, each run named
        assertEquals(5, html.split("<polyline", -1).length - 1, html.length() + " chars");
        for (String s : new String[] {">eval_mlm_accuracy<", ">eval_nsp_accuracy<", ">loss<", ">mlm-nsp<", ">mlm-only<"}) {
            assertTrue(html.contains(s), "html lacks " + s);
        }
        assertTrue(html.indexOf(">eval_mlm_accuracy<") < html.indexOf(">loss<"), "evaluation panels come first");
        assertEquals(1, new CommandLine(new PlotCommand()).execute(a.toString(), dir.resolve("nothing").toString()));
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
