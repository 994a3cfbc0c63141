package org.bert4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of text that breaks tokenizers: accents precomposed and combining, stacked
 * marks, CJK in every plane, Hangul and kana, emoji with skin tones, ZWJ sequences and flags,
 * zero-width and control characters, every kind of Unicode space, right-to-left scripts, Greek
 * sigma, Turkish dotted I, ligatures, 100+ character words, empty and whitespace-only strings,
 * literal special tokens, private-use, unassigned and noncharacter code points. Lone surrogates
 * are not generated: they are not text (no UTF-8 form), and Hugging Face's Rust strings cannot hold them.
 */
public final class HostileText {
    private HostileText() {}

    private static final String[] FRAGMENTS = {
        "hello", "World", "naïve", "Café", "cafe\u0301", "résumé", "Ångström", "Tiếng Việt", "ệ", "e\u0323\u0302", "ŀl",
        "straße", "STRASSE", "ẞ", "İstanbul", "ıi", "ΟΔΟΣ", "Σίσυφος", "ΣΑΣ.", "σς", "ﬁne", "ﬂ", "Æsir", "œuvre",
        "中文字", "漢字テスト", "\uD840\uDC00\uD869\uDEDF", "\uD87E\uDC00", "豈", "한국어 텍스트", "각", "ひらがな", "カタカナ", "ｶﾀｶﾅ",
        "ＡＢＣ１２３", "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷🇯🇵", "1️⃣", "❤️", "🥰", "🫠", "🧑🏿‍🚀",
        "\u200B", "\u200C", "\u200D", "\uFEFF", "\u00AD", "\u2060", "\u200E", "\u200F", "\u202E",
        "\u0000", "\u0001", "\u0007", "\u007F", "\u0085", "\u009F", "\u000B", "\u000C", "\u001C", "\u001F", "\uFFFD",
        "\t", "\n", "\r\n", " ", "  ", "\u00A0", "\u2002", "\u2009", "\u200A", "\u2028", "\u2029", "\u3000", "\u1680",
        "\u202F", "\u205F", "שלום עולם", "مَرْحَبًا بالعالم", "Привет, мир", "नमस्ते दुनिया", "สวัสดีชาวโลก", "வணக்கம்",
        "[MASK]", "[mask]", "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[[MASK]]", "[MASK", "MASK]", "a[MASK]b", "[MASK][MASK]",
        "##", "##ing", "--", "...", "\"quoted\"", "'single'", "(paren)", "{brace}", "<tag>", "@user", "#hash", "$9.99",
        "50%", "a&b", "x^2", "~tilde", "`tick`", "|pipe|", "back\\slash", "«guillemets»", "„Anführung“", "「括弧」", "—", "–",
        "…", "·", "¿Qué?", "¡Hola!", "¶", "§", "†", "•", "°C", "½", "²", "Ⅻ", "①", "𝐀𝐁𝐂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝄞",
        "\uE000", "\uF8FF", "\uDB80\uDC00", "\u0378", "\uFFFE", "\uFFFF", "\uDBFF\uDFFF", "\uD83F\uDFFE",
        "\u0301", "\u0301\u0302\u0303", "\u20DD", "\u0903", "ǅ", "ﬀ", "℃", "™", "Ω", "K", "Å",
    };

    /** {@code count} texts, the same for the same seed. */
    public static List<String> generate(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        out.add("");
        out.add(" ");
        out.add("\t\n  \u3000\u00A0");
        out.add("\u0000\u0001\u200B");
        out.add("a".repeat(100));
        out.add("a".repeat(101));
        out.add("b".repeat(250));
        out.add("ünïcödé".repeat(20));
        while (out.size() < count) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + r.nextInt(12);
            for (int p = 0; p < parts; p++) {
                switch (r.nextInt(6)) {
                    case 0, 1 -> sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
                    case 2 -> sb.append(' ');
                    case 3 -> sb.appendCodePoint(randomCodePoint(r));
                    case 4 -> { // a long word from random letters, sometimes over the limits
                        int len = 90 + r.nextInt(130);
                        for (int i = 0; i < len; i++) sb.append((char) ('a' + r.nextInt(26)));
                    }
                    default -> {
                        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) sb.appendCodePoint(randomCodePoint(r));
                    }
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Any code point except surrogates, weighted toward the interesting planes. */
    public static int randomCodePoint(SplittableRandom r) {
        while (true) {
            int cp = switch (r.nextInt(5)) {
                case 0 -> r.nextInt(0x80);
                case 1 -> r.nextInt(0x3000);
                case 2 -> r.nextInt(0x10000);
                case 3 -> 0x1F000 + r.nextInt(0x1000);
                default -> r.nextInt(0x110000);
            };
            if (cp < 0xD800 || cp > 0xDFFF) return cp;
        }
    }
}
