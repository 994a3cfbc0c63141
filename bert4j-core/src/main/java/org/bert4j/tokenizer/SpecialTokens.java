package org.bert4j.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Special tokens written in the input text ({@code [MASK]}, {@code [SEP]}, ...) are never split:
 * like Hugging Face's added-token handling, the raw text is cut at their occurrences (leftmost,
 * longest match, case-sensitive) before normalization, and each occurrence becomes that token.
 */
final class SpecialTokens {
    private final int[][] tokens; // code points, longest first
    private final int[] ids;
    private final String[] strings;

    SpecialTokens(List<String> tokenStrings, Vocab vocab, java.util.Map<String, Integer> explicitIds) {
        List<String> sorted = new ArrayList<>(new java.util.LinkedHashSet<>(tokenStrings));
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt((String s) -> s.codePointCount(0, s.length())).reversed());
        tokens = new int[sorted.size()][];
        ids = new int[sorted.size()];
        strings = sorted.toArray(new String[0]);
        for (int i = 0; i < sorted.size(); i++) {
            tokens[i] = sorted.get(i).codePoints().toArray();
            Integer id = explicitIds.get(sorted.get(i));
            ids[i] = id != null ? id : vocab.id(sorted.get(i));
        }
    }

    boolean isEmpty() { return tokens.length == 0; }
    int size() { return tokens.length; }

    /**
     * Finds the special token that starts at {@code cps[at]} (the longest), or -1; returns its index
     * into this table.
     */
    int matchAt(int[] cps, int at, int end) {
        for (int t = 0; t < tokens.length; t++) {
            int[] tok = tokens[t];
            if (at + tok.length <= end && Arrays.equals(cps, at, at + tok.length, tok, 0, tok.length)) return t;
        }
        return -1;
    }

    int length(int t) { return tokens[t].length; }
    int id(int t) { return ids[t]; }
    String string(int t) { return strings[t]; }
}
