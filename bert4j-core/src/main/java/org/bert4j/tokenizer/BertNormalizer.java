package org.bert4j.tokenizer;

import java.text.Normalizer;

/**
 * BERT's text normalization (the first half of the paper's "BasicTokenizer"): text cleaning,
 * spaces around CJK ideographs, accent stripping and lower-casing, in Hugging Face's order.
 *
 * <p>Hugging Face tokenizers' {@code BertNormalizer} runs, over the whole text: clean (drop NUL,
 * U+FFFD and control characters, turn whitespace into a space), isolate CJK ideographs, strip
 * accents (NFD, then drop nonspacing marks), lower-case (per character, full mapping). Google's
 * {@code tokenization.py} lower-cases before stripping accents and does both per whitespace-split
 * word; that order lives in {@link GoogleBasicTokenizer}.
 */
final class BertNormalizer {
    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    AlignedText normalize(AlignedText in) {
        AlignedText t = in;
        if (cleanText || handleChineseChars) t = cleanAndIsolateCjk(t);
        if (stripAccents) t = stripAccents(t, false);
        if (lowercase) t = lowercase(t);
        return t;
    }

    private AlignedText cleanAndIsolateCjk(AlignedText in) {
        AlignedText out = new AlignedText(in.length + 8);
        for (int i = 0; i < in.length; i++) {
            int c = in.cps[i];
            int o = in.origin[i];
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || CharClasses.isControl(c)) continue;
                if (CharClasses.isWhitespace(c)) c = ' ';
            }
            if (handleChineseChars && CharClasses.isChineseChar(c)) {
                out.add(' ', o);
                out.add(c, o);
                out.add(' ', o);
            } else {
                out.add(c, o);
            }
        }
        return out;
    }

    /** NFD, then drop category Mn (Unicode 8.0's for Hugging Face, the JDK's for Google). */
    static AlignedText stripAccents(AlignedText in, boolean google) {
        AlignedText out = new AlignedText(in.length + 8);
        for (int i = 0; i < in.length; i++) {
            int c = in.cps[i];
            if (c < 0xC0) { // nothing below U+00C0 decomposes
                out.add(c, in.origin[i]);
                continue;
            }
            for (int d : Decompositions.nfd(c)) {
                boolean mark = google ? CharClasses.isGoogleNonSpacingMark(d) : CharClasses.isNonSpacingMark(d);
                if (!mark) out.add(d, in.origin[i]);
            }
        }
        return out;
    }

    /** Per-character full lower-case mapping (Rust's {@code char::to_lowercase}): no final-sigma rule. */
    static AlignedText lowercase(AlignedText in) {
        AlignedText out = new AlignedText(in.length + 4);
        for (int i = 0; i < in.length; i++) {
            int c = in.cps[i];
            if (c < 0x80) {
                out.add(c >= 'A' && c <= 'Z' ? c + 32 : c, in.origin[i]);
            } else if (c == 0x130) { // the one unconditional multi-character lower-case mapping
                out.add('i', in.origin[i]);
                out.add(0x307, in.origin[i]);
            } else {
                out.add(Character.toLowerCase(c), in.origin[i]);
            }
        }
        return out;
    }

    /** Canonical decompositions, cached per code point. */
    static final class Decompositions {
        private static final int[][] BMP = new int[0x10000][];

        static int[] nfd(int c) {
            if (c < 0x10000) {
                int[] d = BMP[c];
                if (d == null) BMP[c] = d = compute(c);
                return d;
            }
            return compute(c);
        }

        private static int[] compute(int c) {
            String s = Character.toString(c);
            if (Normalizer.isNormalized(s, Normalizer.Form.NFD)) return new int[] {c};
            return Normalizer.normalize(s, Normalizer.Form.NFD).codePoints().toArray();
        }
    }
}
