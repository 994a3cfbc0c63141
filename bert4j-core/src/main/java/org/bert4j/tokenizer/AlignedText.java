package org.bert4j.tokenizer;

import java.util.Arrays;

/**
 * Text as code points, each remembering which code point of the original input it came from.
 *
 * <p>Normalization removes characters (control codes), inserts them (spaces around CJK
 * ideographs) and expands them (NFD, full lower-casing of U+0130); keeping the source index of
 * every code point lets each token report its offsets into the original text, as Hugging Face
 * tokenizers does. Offsets are in code points, as Hugging Face reports them in Python.
 */
final class AlignedText {
    int[] cps;    // [length] code points
    int[] origin; // [length] index of the original code point each one came from
    int length;

    AlignedText(int capacity) {
        cps = new int[Math.max(4, capacity)];
        origin = new int[cps.length];
    }

    /** The code points of {@code text[from, to)} (UTF-16 indices), with origins counted from {@code originBase}. */
    static AlignedText of(int[] codePoints, int from, int to) {
        AlignedText t = new AlignedText(to - from);
        for (int i = from; i < to; i++) t.add(codePoints[i], i);
        return t;
    }

    void add(int cp, int originIndex) {
        if (length == cps.length) {
            cps = Arrays.copyOf(cps, length * 2);
            origin = Arrays.copyOf(origin, length * 2);
        }
        cps[length] = cp;
        origin[length] = originIndex;
        length++;
    }

    String substring(int from, int to) {
        return new String(cps, from, to - from);
    }
}
