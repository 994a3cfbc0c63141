package org.bert4j.tokenizer;

/**
 * google-research/bert {@code tokenization.py} BasicTokenizer, step for step, for users who need
 * the ids Google's original code produced. Where it differs from Hugging Face tokenizers:
 * <ul>
 *   <li>lower-casing happens before accent stripping, per whitespace-split word, with Python's
 *       {@code str.lower()} (so a word-final capital sigma becomes {@code ς}, not {@code σ});</li>
 *   <li>whitespace is space, tab, newline, CR and category Zs; the other Unicode spaces that are
 *       control characters (U+0085, U+000B, U+000C, U+001C–U+001F) are removed, and words are then
 *       split with Python's {@code str.split()} (so U+2028/U+2029 still separate words);</li>
 *   <li>no special tokens are recognized in the text: {@code [MASK]} is split into {@code [ mask ]};</li>
 *   <li>words longer than 200 characters (not 100) become {@code [UNK]}.</li>
 * </ul>
 */
final class GoogleBasicTokenizer implements BasicTokenizer {
    private final boolean doLowerCase;

    GoogleBasicTokenizer(boolean doLowerCase) {
        this.doLowerCase = doLowerCase;
    }

    @Override
    public int tokenize(int[] cps, int from, int to, WordSink sink, int wordId) {
        // _clean_text, then _tokenize_chinese_chars
        AlignedText t = new AlignedText(to - from + 8);
        for (int i = from; i < to; i++) {
            int c = cps[i];
            if (c == 0 || c == 0xFFFD || CharClasses.isGoogleControl(c)) continue;
            if (CharClasses.isGoogleWhitespace(c)) c = ' ';
            if (CharClasses.isGoogleChineseChar(c)) {
                t.add(' ', i); t.add(c, i); t.add(' ', i);
            } else {
                t.add(c, i);
            }
        }
        // whitespace_tokenize (str.split), then per word: lower(), _run_strip_accents, _run_split_on_punc
        int start = -1;
        for (int i = 0; i <= t.length; i++) {
            boolean boundary = i == t.length || CharClasses.isPythonSpace(t.cps[i]);
            if (!boundary) { if (start < 0) start = i; continue; }
            if (start >= 0) {
                AlignedText word = slice(t, start, i);
                if (doLowerCase) word = BertNormalizer.stripAccents(pythonLower(word), true);
                // a lower-cased or stripped word can contain whitespace only if the input did: split on it too
                wordId = BasicTokenizer.splitWords(word, CharClasses::isPythonSpace, CharClasses::isGooglePunctuation, sink, wordId);
                start = -1;
            }
        }
        return wordId;
    }

    private static AlignedText slice(AlignedText t, int from, int to) {
        AlignedText s = new AlignedText(to - from);
        for (int i = from; i < to; i++) s.add(t.cps[i], t.origin[i]);
        return s;
    }

    /** Python's {@code str.lower()} on one word: full lower-case mapping with the Final_Sigma rule. */
    private static AlignedText pythonLower(AlignedText w) {
        AlignedText out = new AlignedText(w.length + 2);
        for (int i = 0; i < w.length; i++) {
            int c = w.cps[i];
            if (c == 0x3A3) {
                out.add(isFinalSigma(w, i) ? 0x3C2 : 0x3C3, w.origin[i]);
            } else if (c == 0x130) {
                out.add('i', w.origin[i]);
                out.add(0x307, w.origin[i]);
            } else {
                out.add(Character.toLowerCase(c), w.origin[i]);
            }
        }
        return out;
    }

    /** Unicode's Final_Sigma: a cased letter before (skipping case-ignorables) and none after. */
    private static boolean isFinalSigma(AlignedText w, int at) {
        int i = at - 1;
        while (i >= 0 && isCaseIgnorable(w.cps[i])) i--;
        if (i < 0 || !isCased(w.cps[i])) return false;
        int j = at + 1;
        while (j < w.length && isCaseIgnorable(w.cps[j])) j++;
        return j >= w.length || !isCased(w.cps[j]);
    }

    private static boolean isCased(int c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
    }

    private static boolean isCaseIgnorable(int c) {
        return switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.MODIFIER_LETTER,
                 Character.MODIFIER_SYMBOL -> true;
            default -> c == '\'' || c == '.' || c == ':' || c == 0xB7 || c == 0x2018 || c == 0x2019 || c == 0x2024
                || c == 0xFE52 || c == 0xFE55 || c == 0xFF07 || c == 0xFF0E || c == 0xFF1A;
        };
    }
}
