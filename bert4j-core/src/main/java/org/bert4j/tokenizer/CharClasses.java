package org.bert4j.tokenizer;

/**
 * The character classes BERT's basic tokenizer is built on, as code-point predicates, for the two
 * references bert4j reproduces.
 *
 * <p>Hugging Face tokenizers (the default): whitespace is Unicode's {@code White_Space} property
 * (Rust's {@code char::is_whitespace}); control means Cc, Cf, Co or Cs except tab, newline and CR
 * (unassigned code points are kept); punctuation is an ASCII symbol or P*; accents are Mn; all
 * categories as of Unicode 8.0 ({@link Unicode8}). CJK ideographs are the blocks of
 * {@code is_chinese_char}, which in tokenizers skips U+2B820–U+2B91F.
 *
 * <p>Google's {@code tokenization.py}: whitespace is space, tab, newline, CR or Zs, but words are
 * then split with Python's {@code str.split()} ({@link #isPythonSpace}); control is any C* category
 * (unassigned included); categories as the running Python knows them, here the JDK's Unicode.
 */
final class CharClasses {
    private CharClasses() {}

    /** Unicode White_Space (Rust {@code char::is_whitespace}). */
    static boolean isWhitespace(int c) {
        return switch (c) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** Hugging Face: control characters that cleaning removes (Unicode 8.0 Cc/Cf/Co/Cs, not \t \n \r). */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        return Unicode8.isOther(c);
    }

    /** Hugging Face: an ASCII symbol or Unicode 8.0 punctuation. */
    static boolean isPunctuation(int c) {
        return isAsciiPunctuation(c) || Unicode8.isPunctuation(c);
    }

    /** Hugging Face: Unicode 8.0 nonspacing mark. */
    static boolean isNonSpacingMark(int c) { return Unicode8.isNonSpacingMark(c); }

    /** Hugging Face: the CJK ideograph blocks of tokenizers' {@code is_chinese_char}. */
    static boolean isChineseChar(int c) {
        return isCjkCommon(c) || (c >= 0x2B920 && c <= 0x2CEAF);
    }

    // ---- Google tokenization.py -------------------------------------------------------------------

    /** Google's {@code _is_whitespace}: space, \t, \n, \r, or category Zs. */
    static boolean isGoogleWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** Python's {@code str.isspace()} for one character: what {@code str.split()} splits on. */
    static boolean isPythonSpace(int c) {
        if (c >= 0x1C && c <= 0x1F) return true;
        return isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** Google's {@code _is_control}: category C* (unassigned included) except \t, \n, \r. */
    static boolean isGoogleControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** Google's {@code _is_punctuation}: an ASCII symbol or category P*. */
    static boolean isGooglePunctuation(int c) {
        if (isAsciiPunctuation(c)) return true;
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Google's accent test: category Mn. */
    static boolean isGoogleNonSpacingMark(int c) {
        return Character.getType(c) == Character.NON_SPACING_MARK;
    }

    /** Google's {@code _is_chinese_char}. */
    static boolean isGoogleChineseChar(int c) {
        return isCjkCommon(c) || (c >= 0x2B820 && c <= 0x2CEAF);
    }

    /** The ASCII symbol ranges, which BERT counts as punctuation whatever their category ($, +, ^, `...). */
    static boolean isAsciiPunctuation(int c) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    }

    private static boolean isCjkCommon(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
            || (c >= 0x3400 && c <= 0x4DBF)
            || (c >= 0x20000 && c <= 0x2A6DF)
            || (c >= 0x2A700 && c <= 0x2B73F)
            || (c >= 0x2B740 && c <= 0x2B81F)
            || (c >= 0xF900 && c <= 0xFAFF)
            || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
