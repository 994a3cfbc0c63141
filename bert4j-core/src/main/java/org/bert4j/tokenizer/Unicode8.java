package org.bert4j.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Unicode 8.0's general categories for the three classes BERT's tokenizer asks about: "other"
 * (Cc, Cf, Co, Cs), punctuation (P*) and nonspacing marks (Mn).
 *
 * <p>Hugging Face tokenizers takes these classes from the Rust crate {@code unicode_categories},
 * whose tables are Unicode 8.0, while the JDK knows Unicode 16. Characters assigned since 8.0 are
 * therefore neither control, punctuation nor marks to Hugging Face, and a few changed category
 * (U+166D was punctuation, U+111C9 too). To give identical ids on any input, bert4j uses the 8.0
 * tables in Hugging Face mode. The table is generated from the Unicode 8.0.0 data by
 * {@code reference/unicode8_classes.mjs}.
 */
final class Unicode8 {
    private Unicode8() {}

    private static final BitSet OTHER = new BitSet(0x110000);
    private static final BitSet PUNCT = new BitSet(0x110000);
    private static final BitSet MN = new BitSet(0x110000);

    static {
        String resource = "unicode-8.0-classes.txt";
        try (InputStream in = Unicode8.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource + " (broken bert4j jar?)");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                BitSet set = switch (f[0]) {
                    case "other" -> OTHER;
                    case "punct" -> PUNCT;
                    case "mn" -> MN;
                    default -> throw new IllegalStateException("bad line in " + resource + ": " + line);
                };
                set.set(Integer.parseInt(f[1], 16), Integer.parseInt(f[2], 16) + 1);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Cc, Cf, Co or Cs in Unicode 8.0. */
    static boolean isOther(int c) { return OTHER.get(c); }

    /** P* in Unicode 8.0. */
    static boolean isPunctuation(int c) { return PUNCT.get(c); }

    /** Mn in Unicode 8.0. */
    static boolean isNonSpacingMark(int c) { return MN.get(c); }
}
