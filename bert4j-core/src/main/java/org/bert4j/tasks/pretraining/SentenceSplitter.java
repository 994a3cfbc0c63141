package org.bert4j.tasks.pretraining;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small rule-based sentence splitter for text that is not one sentence per line (Google's
 * {@code create_pretraining_data.py} expects that layout and has no splitter).
 *
 * <p>Rule: a sentence ends after {@code .}, {@code !} or {@code ?} (and any closing quotes or
 * brackets right after it) when whitespace follows and the next character is an upper-case letter,
 * a digit, or an opening quote or bracket. A period does not end a sentence after a common
 * abbreviation (Mr. Mrs. Dr. St. Gen. Jan. etc.), after a single letter (an initial, "J. Adams"), or
 * after a dotted abbreviation such as "U.S." or "D.C." — so "the U.S. Government" stays whole, at the
 * price of also joining a sentence that ends in "U.S." with the next one.
 *
 * <p>We chose rules over {@link java.text.BreakIterator#getSentenceInstance}: BreakIterator splits
 * after every "Mr." and "U.S." followed by a capital, which is frequent in the State of the Union
 * corpus, and its rules are the JDK's, not ours to document.
 */
public final class SentenceSplitter {
    private SentenceSplitter() {}

    private static final Set<String> ABBREVIATIONS = Set.of(
        "mr", "mrs", "ms", "messrs", "dr", "st", "jr", "sr", "gen", "col", "capt", "lt", "maj", "sgt", "adm", "gov", "sen",
        "rep", "reps", "hon", "prof", "rev", "pres", "supt", "vs", "etc", "no", "nos", "vol", "art", "sec", "ch", "fig",
        "co", "corp", "inc", "ltd", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "mt", "ft", "esq", "viz", "cf", "al", "e.g", "i.e", "a.m", "p.m");

    /** The sentences of a text, trimmed, none empty. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?') continue;
            int end = i + 1;
            while (end < n && isCloser(text.charAt(end))) end++;
            if (end >= n || !Character.isWhitespace(text.charAt(end))) continue;
            int next = end;
            while (next < n && Character.isWhitespace(text.charAt(next))) next++;
            if (next >= n) break;
            int nc = text.codePointAt(next);
            if (!(Character.isUpperCase(nc) || Character.isDigit(nc) || isOpener(nc))) continue;
            if (c == '.' && end == i + 1 && isAbbreviation(text, i)) continue;
            add(out, text, start, end);
            start = next;
            i = next - 1;
        }
        add(out, text, start, n);
        return out;
    }

    private static void add(List<String> out, String text, int from, int to) {
        String s = text.substring(from, to).strip();
        if (!s.isEmpty()) out.add(s);
    }

    /** Is the word that ends with the period at {@code dot} an abbreviation? */
    private static boolean isAbbreviation(String text, int dot) {
        int b = dot;
        while (b > 0 && !Character.isWhitespace(text.charAt(b - 1)) && !isOpener(text.charAt(b - 1))) b--;
        String word = text.substring(b, dot);
        if (word.isEmpty()) return false;
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) return true;                  // an initial
        if (word.indexOf('.') >= 0 && word.chars().allMatch(ch -> ch == '.' || Character.isLetter(ch))) return true; // U.S
        return ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019';
    }

    private static boolean isOpener(int c) {
        return c == '"' || c == '\'' || c == '(' || c == '[' || c == '\u201C' || c == '\u2018';
    }
}
