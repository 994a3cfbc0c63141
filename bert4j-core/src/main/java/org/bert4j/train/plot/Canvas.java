package org.bert4j.train.plot;

/**
 * The few drawing primitives a chart needs, so one layout ({@link Chart}) renders both to SVG
 * ({@link SvgCanvas}) and to a PNG through Java 2D ({@link ImageCanvas}). Coordinates are pixels,
 * y down; colors are {@code #rrggbb}.
 */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void line(double x1, double y1, double x2, double y2, String color, double width);

    void polyline(double[] xs, double[] ys, String color, double width);

    void dot(double x, double y, double radius, String color);

    void rect(double x, double y, double w, double h, String stroke, String fill);

    void text(double x, double y, String s, double size, Anchor anchor, String color, boolean bold);
}
