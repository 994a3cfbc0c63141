package org.bert4j.train.plot;

import java.util.List;
import java.util.Locale;

/**
 * One panel: title, axes with round-number ticks, one line per series (points as dots when a
 * series is sparse, e.g. evaluations), legend. The y axis turns logarithmic when all values are
 * positive and span more than two decades (losses falling towards zero).
 */
final class Chart {
    /** A named curve: x = optimizer step. */
    record Series(String name, double[] x, double[] y) {}

    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

    private Chart() {}

    static void draw(Canvas c, double x0, double y0, double w, double h, String title, List<Series> series) {
        double left = x0 + 62, right = x0 + w - 14, top = y0 + 30, bottom = y0 + h - 40;
        c.rect(x0, y0, w, h, "#dddddd", "#ffffff");
        c.text(x0 + w / 2, y0 + 19, title, 14, Canvas.Anchor.MIDDLE, "#222222", true);

        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xmin = Math.min(xmin, s.x()[i]);
                xmax = Math.max(xmax, s.x()[i]);
                ymin = Math.min(ymin, s.y()[i]);
                ymax = Math.max(ymax, s.y()[i]);
            }
        }
        if (!(xmin <= xmax)) {
            c.text(x0 + w / 2, y0 + h / 2, "no data", 12, Canvas.Anchor.MIDDLE, "#888888", false);
            return;
        }
        boolean log = ymin > 0 && ymax / ymin > 100;
        if (xmax == xmin) { xmin -= 1; xmax += 1; }
        double lo = log ? Math.log10(ymin) : ymin, hi = log ? Math.log10(ymax) : ymax;
        if (hi == lo) { double pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1; lo -= pad; hi += pad; }
        double span = hi - lo;
        lo -= span * 0.04;
        hi += span * 0.04;
        if (!log && ymin >= 0 && lo < 0) lo = 0;
        final double fxmin = xmin, fxmax = xmax, flo = lo, fhi = hi;
        java.util.function.DoubleUnaryOperator px = v -> left + (v - fxmin) / (fxmax - fxmin) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - ((log ? Math.log10(v) : v) - flo) / (fhi - flo) * (bottom - top);

        // grid and ticks
        for (double t : ticks(xmin, xmax, 6)) {
            double x = px.applyAsDouble(t);
            c.line(x, top, x, bottom, "#eeeeee", 1);
            c.text(x, bottom + 15, fmt(t), 11, Canvas.Anchor.MIDDLE, "#444444", false);
        }
        if (log) {
            for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
                double y = bottom - (e - lo) / (hi - lo) * (bottom - top);
                c.line(left, y, right, y, "#eeeeee", 1);
                c.text(left - 5, y + 4, fmt(Math.pow(10, e)), 11, Canvas.Anchor.END, "#444444", false);
            }
        } else {
            for (double t : ticks(lo, hi, 5)) {
                double y = py.applyAsDouble(t);
                c.line(left, y, right, y, "#eeeeee", 1);
                c.text(left - 5, y + 4, fmt(t), 11, Canvas.Anchor.END, "#444444", false);
            }
        }
        c.line(left, bottom, right, bottom, "#888888", 1);
        c.line(left, top, left, bottom, "#888888", 1);
        c.text((left + right) / 2, y0 + h - 8, "step" + (log ? "   (values on a log scale)" : ""), 11, Canvas.Anchor.MIDDLE, "#444444", false);

        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            double[] xs = new double[s.x().length], ys = new double[s.y().length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = px.applyAsDouble(s.x()[i]);
                ys[i] = py.applyAsDouble(s.y()[i]);
            }
            c.polyline(xs, ys, color, 1.6);
            if (xs.length <= 40) for (int i = 0; i < xs.length; i++) c.dot(xs[i], ys[i], 2.8, color);
            double ly = top + 6 + 15 * k;
            c.line(right - 120, ly, right - 104, ly, color, 3);
            c.text(right - 100, ly + 4, s.name(), 11, Canvas.Anchor.START, "#222222", false);
        }
    }

    /** About {@code n} round tick values covering {@code [lo, hi]} (1, 2, 5 x 10^k spacing). */
    static double[] ticks(double lo, double hi, int n) {
        double raw = (hi - lo) / n;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
        double first = Math.ceil(lo / step) * step;
        int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, count)];
        for (int i = 0; i < t.length; i++) t[i] = first + i * step;
        return t;
    }

    static String fmt(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.1e", v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
