package org.bert4j.train.plot;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.bert4j.train.MetricsLog;

/**
 * Training curves from {@code RUN/metrics.jsonl}: a self-contained {@code curves.html} (inline SVG,
 * no scripts, no external files) and the same figure as {@code curves.png} (Java 2D, headless),
 * in the spirit of TensorBoard's scalars page and nanoGPT's loss plots.
 *
 * <p>Panels: loss (training {@code loss}, any {@code *_loss} extras and {@code eval_loss}), learning
 * rate, gradient norm, other training metrics (e.g. {@code mlm_accuracy}) and evaluation metrics
 * (e.g. {@code eval_accuracy}, drawn as dots at the evaluation steps). Bookkeeping fields
 * ({@code epoch}, {@code examples_per_second}, {@code elapsed_s}) are summarised in the header.
 */
public final class CurvePlot {
    public static final String HTML = "curves.html";
    public static final String PNG = "curves.png";
    private static final Set<String> BOOKKEEPING = Set.of("step", "epoch", "examples_per_second", "elapsed_s", "diverged");
    private static final int PANEL_W = 560, PANEL_H = 320, GAP = 16, HEADER = 56;

    private CurvePlot() {}

    /** A titled panel and its curves. */
    record Panel(String title, List<Chart.Series> series) {}

    /** Reads {@code runDir/metrics.jsonl}, writes {@code runDir/curves.html} and {@code runDir/curves.png}. */
    public static void write(Path runDir) {
        Path metrics = runDir.resolve(MetricsLog.FILE);
        if (!Files.isRegularFile(metrics)) throw new IllegalArgumentException("no " + MetricsLog.FILE + " in " + runDir);
        List<JsonNode> rows = MetricsLog.read(metrics);
        String title = runDir.toAbsolutePath().normalize().getFileName().toString();
        writeFiles(runDir, HTML, html(rows, title), PNG, image(rows, title));
    }

    public static final String COMPARE_HTML = "compare.html";
    public static final String COMPARE_PNG = "compare.png";

    /**
     * Several runs side by side (an ablation, a learning-rate sweep): one panel per metric that any run logged, one line per
     * run, named by its folder. Writes {@code outDir/compare.html} and {@code outDir/compare.png}.
     */
    public static void compare(List<Path> runDirs, Path outDir) {
        Map<String, List<JsonNode>> runs = new LinkedHashMap<>();
        for (Path d : runDirs) {
            Path metrics = d.resolve(MetricsLog.FILE);
            if (!Files.isRegularFile(metrics)) throw new IllegalArgumentException("no " + MetricsLog.FILE + " in " + d);
            String name = d.toAbsolutePath().normalize().getFileName().toString();
            while (runs.containsKey(name)) name = name + "'";
            runs.put(name, MetricsLog.read(metrics));
        }
        List<Panel> panels = comparePanels(runs);
        String title = "comparison of " + String.join(", ", runs.keySet());
        String subtitle = "one line per run; x = optimizer step";
        writeFiles(outDir, COMPARE_HTML, page(panels, title, subtitle, title), COMPARE_PNG, figure(panels, title, subtitle));
    }

    /** Writes the page and the PNG into {@code dir} (the PNG through a temporary file, so a reader never sees half of it). */
    private static void writeFiles(Path dir, String htmlName, String html, String pngName, BufferedImage png) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(htmlName), html, StandardCharsets.UTF_8);
            Path tmp = dir.resolve(pngName + ".tmp");
            if (!ImageIO.write(png, "png", tmp.toFile())) throw new IOException("no PNG writer");
            Files.move(tmp, dir.resolve(pngName), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plots in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One panel per metric (evaluation metrics first, then losses, then the rest), one series per run. */
    static List<Panel> comparePanels(Map<String, List<JsonNode>> runs) {
        Map<String, List<Chart.Series>> byMetric = new java.util.TreeMap<>((a, b) -> {
            int ra = rank(a), rb = rank(b);
            return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        });
        runs.forEach((run, rows) -> panels(rows).forEach(panel -> panel.series().forEach(
                ser -> byMetric.computeIfAbsent(ser.name(), k -> new ArrayList<>()).add(new Chart.Series(run, ser.x(), ser.y())))));
        List<Panel> panels = new ArrayList<>();
        byMetric.forEach((metric, series) -> panels.add(new Panel(metric, series)));
        return panels;
    }

    private static int rank(String metric) {
        if (metric.startsWith("eval_")) return 0;
        if (metric.equals("loss") || metric.endsWith("_loss")) return 1;
        return metric.equals("lr") || metric.equals("grad_norm") ? 3 : 2;
    }

    /** The HTML page for these metric rows. */
    public static String html(List<JsonNode> rows, String title) {
        return page(panels(rows), title, summary(rows), title + " - bert4j training curves");
    }

    /** The PNG figure for these metric rows. */
    public static BufferedImage image(List<JsonNode> rows, String title) {
        return figure(panels(rows), title, summary(rows));
    }

    /** A self-contained HTML page (inline SVG) of these panels. */
    private static String page(List<Panel> panels, String title, String subtitle, String pageTitle) {
        int[] size = size(panels.size());
        SvgCanvas c = new SvgCanvas(size[0], size[1]);
        draw(c, panels, title, subtitle);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + SvgCanvas.escape(pageTitle)
                + "</title>\n<style>body{margin:16px;background:#fafafa;font-family:sans-serif}</style>"
                + "</head>\n<body>\n" + c.svg() + "</body></html>\n";
    }

    /** The same panels as an image. */
    private static BufferedImage figure(List<Panel> panels, String title, String subtitle) {
        int[] size = size(panels.size());
        ImageCanvas c = new ImageCanvas(size[0], size[1]);
        draw(c, panels, title, subtitle);
        return c.image();
    }

    private static int[] size(int panels) {
        int cols = panels > 1 ? 2 : 1, gridRows = (panels + cols - 1) / cols;
        return new int[] {GAP + cols * (PANEL_W + GAP), HEADER + gridRows * (PANEL_H + GAP)};
    }

    private static void draw(Canvas c, List<Panel> panels, String title, String subtitle) {
        c.text(GAP, 26, title, 18, Canvas.Anchor.START, "#111111", true);
        c.text(GAP, 46, subtitle, 12, Canvas.Anchor.START, "#555555", false);
        int cols = panels.size() > 1 ? 2 : 1;
        for (int i = 0; i < panels.size(); i++) {
            double x = GAP + (i % cols) * (PANEL_W + GAP), y = HEADER + (i / cols) * (PANEL_H + GAP);
            Chart.draw(c, x, y, PANEL_W, PANEL_H, panels.get(i).title(), panels.get(i).series());
        }
    }

    private static String summary(List<JsonNode> rows) {
        if (rows.isEmpty()) return "no steps logged yet";
        JsonNode last = rows.get(rows.size() - 1);
        StringBuilder s = new StringBuilder("step " + last.path("step").asLong());
        if (last.hasNonNull("loss")) s.append("   loss ").append(Chart.fmt(last.get("loss").asDouble()));
        if (last.has("epoch")) s.append("   epoch ").append(last.get("epoch").asLong());
        if (last.hasNonNull("examples_per_second")) s.append("   ").append(Chart.fmt(last.get("examples_per_second").asDouble())).append(" examples/s");
        if (last.hasNonNull("elapsed_s")) s.append("   ").append(Chart.fmt(last.get("elapsed_s").asDouble())).append(" s");
        if (last.path("diverged").asBoolean(false)) s.append("   DIVERGED (NaN/Inf)");
        return s.toString();
    }

    /** Groups every numeric field of the rows into panels (see the class comment). */
    static List<Panel> panels(List<JsonNode> rows) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            if (!r.has("step")) continue;
            double step = r.get("step").asDouble();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (BOOKKEEPING.contains(e.getKey()) || !e.getValue().isNumber()) continue;
                double v = e.getValue().asDouble();
                if (Double.isFinite(v)) points.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {step, v});
            }
        }
        List<Chart.Series> loss = new ArrayList<>(), lr = new ArrayList<>(), grad = new ArrayList<>(), train = new ArrayList<>(), eval = new ArrayList<>();
        List<Chart.Series> perplexity = new ArrayList<>(); // its own panel: thousands beside accuracies of 0..1 flatten them
        points.forEach((name, pts) -> {
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            Chart.Series s = new Chart.Series(name, x, y);
            if (name.equals("loss") || name.endsWith("_loss")) loss.add(s);
            else if (name.equals("lr")) lr.add(s);
            else if (name.equals("grad_norm")) grad.add(s);
            else if (name.contains("perplexity")) perplexity.add(s);
            else if (name.startsWith("eval_")) eval.add(s);
            else train.add(s);
        });
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("loss", loss));
        if (!eval.isEmpty()) panels.add(new Panel("evaluation", eval));
        if (!perplexity.isEmpty()) panels.add(new Panel("perplexity", perplexity));
        if (!train.isEmpty()) panels.add(new Panel("training metrics", train));
        panels.add(new Panel("learning rate", lr));
        if (!grad.isEmpty()) panels.add(new Panel("gradient norm (before clipping)", grad));
        return panels;
    }
}
