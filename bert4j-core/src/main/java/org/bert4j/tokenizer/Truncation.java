package org.bert4j.tokenizer;

/**
 * How a too-long input is cut to a maximum length, with Hugging Face tokenizers' strategies.
 * The maximum counts the special tokens the template adds.
 */
public enum Truncation {
    /** Cut the longer of the two sequences first (for a single text: cut it). HF's default. */
    LONGEST_FIRST,
    /** Cut only the first sequence; an error if that is not enough. */
    ONLY_FIRST,
    /** Cut only the second sequence; an error if that is not enough. */
    ONLY_SECOND;

    /** Parses {@code longest_first}, {@code only_first}, {@code only_second} (either case, - or _). */
    public static Truncation parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "longest_first", "longestfirst" -> LONGEST_FIRST;
            case "only_first", "onlyfirst" -> ONLY_FIRST;
            case "only_second", "onlysecond" -> ONLY_SECOND;
            default -> throw new IllegalArgumentException(
                "unknown truncation strategy '" + s + "': use longest_first, only_first or only_second");
        };
    }

    /**
     * The lengths {n1, n2} the two sequences keep so that n1 + n2 ≤ budget (mirrors
     * tokenizers/src/utils/truncation.rs {@code truncate_encodings}); n2 = -1 when there is no pair.
     */
    int[] keep(int len1, int len2, int budget) {
        if (budget < 0) {
            throw new TokenizerException("max length is smaller than the number of special tokens the template adds");
        }
        if (len2 < 0) { // single sequence
            if (this == ONLY_SECOND) throw new TokenizerException("truncation only_second needs a text pair");
            return new int[] {Math.min(len1, budget), -1};
        }
        if (len1 + len2 <= budget) return new int[] {len1, len2};
        int toRemove = len1 + len2 - budget;
        switch (this) {
            case ONLY_FIRST -> {
                if (len1 <= toRemove) throw new TokenizerException(
                    "truncation only_first: the first text (" + len1 + " tokens) is too short to fit max length");
                return new int[] {len1 - toRemove, len2};
            }
            case ONLY_SECOND -> {
                if (len2 <= toRemove) throw new TokenizerException(
                    "truncation only_second: the second text (" + len2 + " tokens) is too short to fit max length");
                return new int[] {len1, len2 - toRemove};
            }
            default -> {
                // the shorter one keeps what it has if the longer can absorb the cut, else both get half
                boolean swap = len1 > len2;
                int n1 = swap ? len2 : len1;
                int n2;
                if (n1 > budget) n2 = n1;
                else n2 = Math.max(n1, budget - n1);
                if (n1 + n2 > budget) {
                    n1 = budget / 2;
                    n2 = n1 + budget % 2;
                }
                return swap ? new int[] {n2, n1} : new int[] {n1, n2};
            }
        }
    }
}
