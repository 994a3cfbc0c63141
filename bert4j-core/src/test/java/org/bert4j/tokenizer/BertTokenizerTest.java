package org.bert4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made vocabularies and cases, in the manner of google-research/bert tokenization_test.py. */
class BertTokenizerTest {
    @TempDir Path tmp;

    private BertTokenizer tokenizer(boolean lowercase, String... extra) throws IOException {
        List<String> vocab = new java.util.ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "want", "##want", "##ed", "wa", "un", "runn", "##ing", ",", "low", "lowest", "##aff", "##able", "hello", "!", "."));
        vocab.addAll(List.of(extra));
        Path f = tmp.resolve("vocab.txt");
        Files.write(f, vocab);
        return BertTokenizer.fromVocab(f, lowercase);
    }

    @Test
    void wordPieceIsGreedyLongestMatchFirst() throws IOException {
        BertTokenizer t = tokenizer(true);
        assertEquals(List.of("un", "##aff", "##able"), t.tokenize("unaffable"));
        assertEquals(List.of("un", "##want", "##ed", ",", "runn", "##ing"), t.tokenize("UNwant\u00E9d,running"));
        assertEquals(List.of("[UNK]"), t.tokenize("unwantedX"), "a word with an unmatched piece is one [UNK]");
        assertEquals(List.of(), t.tokenize(""));
    }

    @Test
    void casedKeepsCaseAndAccents() throws IOException {
        BertTokenizer t = tokenizer(false, "HeLLo", "##\u00E9d");
        assertEquals(List.of("HeLLo", "!"), t.tokenize(" \tHeLLo!"));
        assertEquals(List.of("un", "##want", "##\u00E9d"), t.tokenize("unwant\u00E9d"));
    }

    @Test
    void pairGetsClsSepAndSegmentIds() throws IOException {
        BertTokenizer t = tokenizer(true);
        Encoding e = t.encode("hello!", "lowest.");
        assertArrayEquals(new String[] {"[CLS]", "hello", "!", "[SEP]", "lowest", ".", "[SEP]"}, e.tokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, e.typeIds());
        assertArrayEquals(new int[] {0, 0, 5, 0, 0, 6, 0}, e.starts());
        assertArrayEquals(new int[] {0, 5, 6, 0, 6, 7, 0}, e.ends());
        assertArrayEquals(new int[] {-1, 0, 1, -1, 0, 1, -1}, e.wordIds());
    }

    @Test
    void offsetsCountCodePointsOfTheOriginalText() throws IOException {
        BertTokenizer t = tokenizer(true);
        // U+1F600 is two UTF-16 units but one code point; the removed NUL still counts
        Encoding e = t.encode("\uD83D\uDE00 he\u0000llo");
        assertArrayEquals(new String[] {"[CLS]", "[UNK]", "hello", "[SEP]"}, e.tokens());
        assertEquals(1, e.ends()[1]);
        assertEquals(2, e.starts()[2]);
        assertEquals(8, e.ends()[2]);
    }

    @Test
    void specialTokensInTextAreNeverSplit() throws IOException {
        BertTokenizer t = tokenizer(true);
        assertArrayEquals(new String[] {"[CLS]", "hello", "[MASK]", "!", "[SEP]"}, t.encode("hello[MASK]!").tokens());
        // matching is case-sensitive: "[mask]" is ordinary text, split at punctuation ("[", "mask", "]" are not in this vocabulary)
        assertEquals(List.of("[UNK]", "[UNK]", "[UNK]"), t.tokenize("[mask]"));
    }

    @Test
    void truncationStrategiesMatchHuggingFace() {
        // budget 10: the shorter keeps its length if the longer can absorb the cut, else both get half
        assertArrayEquals(new int[] {3, 7}, Truncation.LONGEST_FIRST.keep(3, 20, 10));
        assertArrayEquals(new int[] {5, 5}, Truncation.LONGEST_FIRST.keep(12, 20, 10));
        assertArrayEquals(new int[] {5, 6}, Truncation.LONGEST_FIRST.keep(12, 20, 11));
        assertArrayEquals(new int[] {6, 5}, Truncation.LONGEST_FIRST.keep(20, 12, 11));
        assertArrayEquals(new int[] {4, 6}, Truncation.LONGEST_FIRST.keep(4, 6, 10), "fits: untouched");
        assertArrayEquals(new int[] {8, -1}, Truncation.LONGEST_FIRST.keep(30, -1, 8));
        assertArrayEquals(new int[] {2, 8}, Truncation.ONLY_FIRST.keep(12, 8, 10));
        assertArrayEquals(new int[] {12, 3}, Truncation.ONLY_SECOND.keep(12, 8, 15));
        assertThrows(TokenizerException.class, () -> Truncation.ONLY_FIRST.keep(2, 20, 10));
        assertThrows(TokenizerException.class, () -> Truncation.LONGEST_FIRST.keep(2, 2, -1));
    }

    @Test
    void maxLengthCountsSpecialTokens() throws IOException {
        BertTokenizer t = tokenizer(true);
        Encoding e = t.encode("hello hello hello hello", "lowest lowest", EncodeOptions.maxLength(6));
        assertArrayEquals(new String[] {"[CLS]", "hello", "hello", "[SEP]", "lowest", "[SEP]"}, e.tokens());
        Encoding n = t.encode("hello hello", null, EncodeOptions.maxLength(3).withSpecialTokens(false));
        assertEquals(2, n.length());
    }

    @Test
    void googleModeDiffersWhereTokenizationPyDoes() throws IOException {
        BertTokenizer hf = tokenizer(true, "\u03C3", "\u03C2", "##\u03C3", "##\u03C2", "\u03BF", "##\u03BF", "##\u03B4", "mask", "[", "]");
        BertTokenizer google = hf.withSettings(BertTokenizer.Settings.google(true));
        // Final sigma: Python's str.lower() gives ς at the end of a word, Rust's per-character lower-casing σ
        assertEquals(List.of("\u03BF", "##\u03B4", "##\u03BF", "##\u03C3"), hf.tokenize("\u039F\u0394\u039F\u03A3"));
        assertEquals(List.of("\u03BF", "##\u03B4", "##\u03BF", "##\u03C2"), google.tokenize("\u039F\u0394\u039F\u03A3"));
        // Google splits literal special tokens like any text
        assertEquals(List.of("[MASK]"), hf.tokenize("[MASK]"));
        assertEquals(List.of("[", "mask", "]"), google.tokenize("[MASK]"));
        // 101-character words: [UNK] for Hugging Face (limit 100), pieces for Google (limit 200)
        String longWord = "want".repeat(25) + "x";
        assertEquals(List.of("[UNK]"), hf.tokenize(longWord));
        assertEquals(List.of("[UNK]"), google.tokenize(longWord), "x has no piece: still [UNK]");
        assertTrue(google.tokenize("want".repeat(30)).size() == 30);
        assertEquals(List.of("[UNK]"), hf.tokenize("want".repeat(30)));
    }

    @Test
    void badVocabulariesAreReportedByName() throws IOException {
        TokenizerException missing = assertThrows(TokenizerException.class, () -> BertTokenizer.fromVocab(tmp.resolve("none.txt"), true));
        assertTrue(missing.getMessage().contains("none.txt"), missing.getMessage());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        assertTrue(assertThrows(TokenizerException.class, () -> BertTokenizer.fromVocab(empty, true)).getMessage().contains("empty"));
        Path noCls = Files.writeString(tmp.resolve("nocls.txt"), "[UNK]\nhello\n");
        assertTrue(assertThrows(TokenizerException.class, () -> BertTokenizer.fromVocab(noCls, true)).getMessage().contains("[CLS]"));
        Path binary = Files.write(tmp.resolve("binary.txt"), new byte[] {(byte) 0xC3, (byte) 0x28, 10});
        assertTrue(assertThrows(TokenizerException.class, () -> BertTokenizer.fromVocab(binary, true)).getMessage().contains("UTF-8"));
    }

    @Test
    void badTokenizerJsonIsReportedByName() throws IOException {
        Path broken = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": ");
        TokenizerException e = assertThrows(TokenizerException.class, () -> BertTokenizer.fromTokenizerJson(broken));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("not valid JSON"), e.getMessage());
        Path bpe = Files.writeString(tmp.resolve("bpe.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        assertTrue(assertThrows(TokenizerException.class, () -> BertTokenizer.fromTokenizerJson(bpe)).getMessage().contains("BPE"));
        Path noVocab = Files.writeString(tmp.resolve("novocab.json"), "{\"model\": {\"type\": \"WordPiece\"}}");
        assertTrue(assertThrows(TokenizerException.class, () -> BertTokenizer.fromTokenizerJson(noVocab)).getMessage().contains("vocab"));
    }

    @Test
    void vocabLookupHandlesContinuationsAndUnicode() {
        Vocab v = new Vocab(List.of("a", "##a", "\uD83D\uDE00", "##\u00E9", "ab"));
        assertEquals(0, v.id("a"));
        assertEquals(1, v.id("##a"));
        assertEquals(2, v.id("\uD83D\uDE00"));
        assertEquals(3, v.id("##\u00E9"));
        assertEquals(-1, v.id("b"));
        int[] cps = "xab\u00E9".codePoints().toArray();
        assertEquals(4, v.find(cps, 1, 3, false, null));
        assertEquals(3, v.find(cps, 3, 4, true, new int[] {'#', '#'}));
        assertEquals(1, v.find(cps, 1, 2, true, new int[] {'#', '#'}));
        assertEquals(-1, v.find(cps, 2, 3, true, new int[] {'#', '#'}));
    }

    @Test
    void batchesArePaddedWithAttentionMasks() throws IOException {
        BertTokenizer t = tokenizer(true);
        PaddedBatch b = t.encodePadded(List.of("hello", "hello lowest hello"), List.of("low", "."), EncodeOptions.DEFAULT);
        assertEquals(2, b.batchSize());
        assertEquals(7, b.length());
        assertArrayEquals(new int[] {2, 17, 3, 13, 3, 0, 0}, b.inputIds()[0]);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0, 0}, b.tokenTypeIds()[0]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 0}, b.attentionMask()[0]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, b.attentionMask()[1]);
        assertEquals(8, PaddedBatch.of(List.of(t.encode("hello")), t.padId(), 8).length());
    }
}
