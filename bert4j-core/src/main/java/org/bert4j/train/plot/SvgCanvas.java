package org.bert4j.train.plot;

import java.util.Locale;

/** {@link Canvas} that appends inline SVG elements to a string. */
final class SvgCanvas implements Canvas {
    private final StringBuilder svg = new StringBuilder();
    private final int width;
    private final int height;

    SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double w) {
        svg.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
                .append("\" y2=\"").append(f(y2)).append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(f(w)).append("\"/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, String color, double w) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(f(w))
                .append("\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < xs.length; i++) svg.append(f(xs[i])).append(',').append(f(ys[i])).append(' ');
        svg.append("\"/>\n");
    }

    @Override
    public void dot(double x, double y, double r, String color) {
        svg.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"").append(f(r))
                .append("\" fill=\"").append(color).append("\"/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, String stroke, String fill) {
        svg.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(w))
                .append("\" height=\"").append(f(h)).append("\" fill=\"").append(fill == null ? "none" : fill)
                .append("\" stroke=\"").append(stroke == null ? "none" : stroke).append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String s, double size, Anchor anchor, String color, boolean bold) {
        String a = switch (anchor) { case START -> "start"; case MIDDLE -> "middle"; case END -> "end"; };
        svg.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" font-size=\"").append(f(size))
                .append("\" text-anchor=\"").append(a).append("\" fill=\"").append(color).append('"')
                .append(bold ? " font-weight=\"bold\"" : "").append('>').append(escape(s)).append("</text>\n");
    }

    /** The complete {@code <svg>} element. */
    String svg() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\" font-family=\"sans-serif\">\n" + svg + "</svg>\n";
    }
}
