package org.bert4j.train.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.bert4j.train.MetricsLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Curves drawn from a synthetic metrics.jsonl; also left in target/plot-demo for a human look. */
class CurvePlotTest {

    static Path writeRun(Path dir) {
        try (MetricsLog log = new MetricsLog(dir, 0)) {
            for (int step = 1; step <= 200; step++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("loss", 2.3 * Math.exp(-step / 40.0) + 0.02 * (1.2 + Math.sin(step)));
                m.put("lr", step < 20 ? 5e-5 * step / 20 : 5e-5 * (200 - step) / 180.0);
                m.put("grad_norm", 3.0 / Math.sqrt(step) + 0.1);
                m.put("accuracy", 1 - Math.exp(-step / 50.0));
                if (step % 25 == 0) {
                    m.put("eval_loss", 2.0 * Math.exp(-step / 60.0) + 0.2);
                    m.put("eval_accuracy", 0.9 - 0.6 * Math.exp(-step / 50.0));
                }
                m.put("examples_per_second", 123.4);
                m.put("elapsed_s", step * 0.5);
                log.write(step, m);
            }
        }
        return dir;
    }

    @Test
    void writesHtmlAndPngThatShowTheCurves() throws Exception {
        Path dir = writeRun(Path.of("target", "plot-demo").toAbsolutePath());
        CurvePlot.write(dir);
        String html = Files.readString(dir.resolve(CurvePlot.HTML));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no JavaScript");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "no external resources");
        for (String s : new String[] {"<svg", "<polyline", ">loss<", ">eval_loss<", ">eval_accuracy<", ">lr<", ">grad_norm<", ">accuracy<", "learning rate"}) {
            assertTrue(html.contains(s), "html lacks " + s);
        }
        assertEquals(6, html.split("<polyline", -1).length - 1, "loss, eval_loss, eval_accuracy, accuracy, lr, grad_norm = 6 lines");

        BufferedImage png = ImageIO.read(dir.resolve(CurvePlot.PNG).toFile());
        assertTrue(png.getWidth() >= 1000 && png.getHeight() >= 600, png.getWidth() + "x" + png.getHeight());
        Set<Integer> colors = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < png.getHeight(); y += 2) {
            for (int x = 0; x < png.getWidth(); x += 2) {
                int rgb = png.getRGB(x, y) & 0xffffff;
                colors.add(rgb);
                if (rgb != 0xffffff) nonWhite++;
            }
        }
        assertTrue(colors.contains(0x1f77b4), "first series color drawn");
        assertTrue(colors.contains(0xd62728), "second series color drawn");
        assertTrue(nonWhite > 5000, "drawn pixels: " + nonWhite);
    }

    @Test
    void perplexityGetsItsOwnPanel() throws Exception {
        var m = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> rows = List.of(
                m.readTree("{\"step\":0,\"eval_mlm_accuracy\":0.0,\"eval_perplexity\":31000.0}"),
                m.readTree("{\"step\":1,\"loss\":9.0,\"lr\":1e-4}"),
                m.readTree("{\"step\":2,\"loss\":7.0,\"lr\":1e-4,\"eval_mlm_accuracy\":0.1,\"eval_perplexity\":800.0}"));
        var panels = CurvePlot.panels(rows);
        var titles = panels.stream().map(p -> p.title()).toList();
        assertEquals(List.of("loss", "evaluation", "perplexity", "learning rate"), titles);
        assertEquals(List.of("eval_mlm_accuracy"), panels.get(1).series().stream().map(s -> s.name()).toList());
        assertEquals(List.of("eval_perplexity"), panels.get(2).series().stream().map(s -> s.name()).toList());
    }

    @Test
    void emptyOrTornMetricsStillRender() throws Exception {
        Path dir = Files.createTempDirectory("plot");
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"step\":1,\"loss\":1.5,\"lr\":0.0}\n{\"step\":2,\"lo");
        CurvePlot.write(dir);
        assertTrue(Files.size(dir.resolve(CurvePlot.PNG)) > 1000);
        assertTrue(Files.readString(dir.resolve(CurvePlot.HTML)).contains("step 1"));
    }
}
