package org.bert4j.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * BERT's tokenizer: BasicTokenizer (cleaning, CJK splitting, lower-casing and accent stripping for
 * uncased models, whitespace and punctuation splitting), greedy longest-match WordPiece, and the
 * {@code [CLS] A [SEP] B [SEP]} input template with segment ids (paper §3.2).
 *
 * <p>By default the ids equal those of Hugging Face tokenizers for the same vocabulary and
 * settings; {@link Mode#GOOGLE} reproduces google-research/bert {@code tokenization.py} instead
 * (see {@link GoogleBasicTokenizer} for the differences). Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * BertTokenizer tok = BertTokenizer.fromVocab(Path.of("vocab.txt"), true);
 * Encoding e = tok.encode("Who was Jim Henson?", "Jim Henson was a puppeteer.");
 * }</pre>
 */
public final class BertTokenizer {

    /** Which reference implementation's behaviour to reproduce. */
    public enum Mode { HUGGING_FACE, GOOGLE }

    /** The BERT special tokens, as Hugging Face's BertTokenizerFast registers them. */
    public static final List<String> BERT_SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final Vocab vocab;
    private final Settings settings;
    private final BasicTokenizer basic;
    private final WordPiece wordPiece;
    private final SpecialTokens specials;
    private final Template template;
    private final int padId;

    /**
     * Every switch of the tokenizer.
     *
     * @param lowercase            lower-case the text (uncased models)
     * @param stripAccents         strip accents; null means "same as lowercase" (HF's default)
     * @param cleanText            drop control characters and normalize whitespace
     * @param handleChineseChars   put spaces around CJK ideographs
     * @param unkToken             the unknown token
     * @param continuingSubwordPrefix the prefix of word continuations ("##")
     * @param maxInputCharsPerWord longer words become the unknown token (HF 100, Google 200)
     * @param mode                 which reference to follow
     */
    public record Settings(boolean lowercase, Boolean stripAccents, boolean cleanText, boolean handleChineseChars,
                           String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord, Mode mode) {
        public static Settings huggingFace(boolean lowercase) {
            return new Settings(lowercase, null, true, true, "[UNK]", "##", 100, Mode.HUGGING_FACE);
        }

        public static Settings google(boolean lowercase) {
            return new Settings(lowercase, null, true, true, "[UNK]", "##", 200, Mode.GOOGLE);
        }

        boolean resolvedStripAccents() { return stripAccents != null ? stripAccents : lowercase; }
    }

    BertTokenizer(Vocab vocab, Settings settings, List<String> specialTokens, Map<String, Integer> specialIds,
                  Template template) {
        this.vocab = vocab;
        this.settings = settings;
        this.wordPiece = new WordPiece(vocab, settings.unkToken(), settings.continuingSubwordPrefix(),
                                       settings.maxInputCharsPerWord());
        if (settings.mode() == Mode.GOOGLE) {
            this.basic = new GoogleBasicTokenizer(settings.lowercase());
            this.specials = new SpecialTokens(List.of(), vocab, Map.of());
        } else {
            this.basic = BasicTokenizer.huggingFace(new BertNormalizer(settings.cleanText(), settings.handleChineseChars(),
                                                                        settings.resolvedStripAccents(), settings.lowercase()));
            List<String> present = new ArrayList<>();
            for (String s : specialTokens) if (specialIds.containsKey(s) || vocab.contains(s)) present.add(s);
            this.specials = new SpecialTokens(present, vocab, specialIds);
        }
        this.template = template;
        int pad = vocab.id("[PAD]");
        this.padId = pad >= 0 ? pad : 0;
    }

    // ---- construction -------------------------------------------------------------------------------

    /** A tokenizer for a {@code vocab.txt}, with BERT's special tokens and template. */
    public static BertTokenizer fromVocab(Path vocabTxt, boolean lowercase) {
        return fromVocab(Vocab.load(vocabTxt), Settings.huggingFace(lowercase));
    }

    public static BertTokenizer fromVocab(Vocab vocab, Settings settings) {
        return new BertTokenizer(vocab, settings, BERT_SPECIAL_TOKENS, Map.of(), bertTemplate(vocab));
    }

    /** Reads a Hugging Face {@code tokenizer.json} (BertNormalizer, BertPreTokenizer, WordPiece, Bert/TemplateProcessing). */
    public static BertTokenizer fromTokenizerJson(Path tokenizerJson) {
        return TokenizerJson.load(tokenizerJson);
    }

    /**
     * The tokenizer of a model folder: {@code tokenizer.json} if present, else {@code vocab.txt}
     * (or {@code assets/vocab.txt}) with the lower-case flag given.
     */
    public static BertTokenizer fromModelFolder(Path dir, boolean lowercaseIfUnknown) {
        Path tj = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(tj)) return fromTokenizerJson(tj);
        for (Path v : List.of(dir.resolve("vocab.txt"), dir.resolve("assets/vocab.txt"))) {
            if (Files.isRegularFile(v)) return fromVocab(v, lowercaseIfUnknown);
        }
        throw new TokenizerException("no tokenizer.json or vocab.txt in model folder " + dir);
    }

    static Template bertTemplate(Vocab vocab) {
        int cls = vocab.id("[CLS]"), sep = vocab.id("[SEP]");
        if (cls < 0 || sep < 0) {
            throw new TokenizerException("the vocabulary has no " + (cls < 0 ? "[CLS]" : "[SEP]") + " token; is it a BERT vocab.txt?");
        }
        return Template.bert("[CLS]", cls, "[SEP]", sep);
    }

    /** The same vocabulary with other settings (e.g. {@link Settings#google}). */
    public BertTokenizer withSettings(Settings newSettings) {
        List<String> sp = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int t = 0; t < specials.size(); t++) { sp.add(specials.string(t)); ids.put(specials.string(t), specials.id(t)); }
        if (sp.isEmpty()) sp.addAll(BERT_SPECIAL_TOKENS);
        return new BertTokenizer(vocab, newSettings, sp, ids, template);
    }

    public Vocab vocab() { return vocab; }
    SpecialTokens specials() { return specials; }
    Template template() { return template; }

    /** Writes this tokenizer as a Hugging Face {@code tokenizer.json} (Hugging Face mode only). */
    public void saveTokenizerJson(Path file) { TokenizerJson.write(this, file); }
    public Settings settings() { return settings; }
    public int padId() { return padId; }
    public int clsId() { return vocab.id("[CLS]"); }
    public int sepId() { return vocab.id("[SEP]"); }
    public int maskId() { return vocab.id("[MASK]"); }
    public int unkId() { return wordPiece.unkId(); }

    // ---- encoding -----------------------------------------------------------------------------------

    /** The WordPiece tokens of a text, without special tokens. */
    public List<String> tokenize(String text) {
        TokenSequence s = tokenizeSequence(text);
        List<String> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) out.add(vocab.token(s.ids[i]));
        return out;
    }

    /**
     * The words of a text after BasicTokenizer (normalization, whitespace and punctuation splitting),
     * before WordPiece: what a WordPiece vocabulary is trained on. Special tokens written in the text
     * are words of their own (Hugging Face mode).
     */
    public List<String> basicTokens(String text) {
        List<String> words = new ArrayList<>();
        walk(text.codePoints().toArray(),
             (t, from, to, wordId) -> words.add(t.substring(from, to)),
             (special, start, wordId) -> words.add(specials.string(special)));
        return words;
    }

    /** {@code [CLS] text [SEP]}, no truncation. */
    public Encoding encode(String text) { return encode(text, null, EncodeOptions.DEFAULT); }

    /** {@code [CLS] text [SEP] pair [SEP]}, no truncation. */
    public Encoding encode(String text, String pair) { return encode(text, pair, EncodeOptions.DEFAULT); }

    /** Encodes a text (and optional pair, may be null) with the given options. */
    public Encoding encode(String text, String pair, EncodeOptions options) {
        TokenSequence a = tokenizeSequence(text);
        TokenSequence b = pair == null ? null : tokenizeSequence(pair);
        boolean isPair = b != null;
        int added = options.addSpecialTokens() ? template.added(isPair) : 0;
        int n1 = a.size(), n2 = isPair ? b.size() : -1;
        if (options.maxLength() > 0) {
            int[] keep = options.truncation().keep(n1, n2, options.maxLength() - added);
            n1 = keep[0];
            n2 = keep[1];
        }
        int total = n1 + Math.max(n2, 0) + added;
        int[] ids = new int[total], typeIds = new int[total], starts = new int[total], ends = new int[total];
        int[] wordIds = new int[total], seqIds = new int[total], special = new int[total];
        String[] tokens = new String[total];
        int k = 0;
        List<Template.Item> items = options.addSpecialTokens()
            ? (isPair ? template.pair() : template.single())
            : (isPair ? List.of(Template.Item.sequence(0, 0), Template.Item.sequence(1, 1)) : List.of(Template.Item.sequence(0, 0)));
        for (Template.Item it : items) {
            if (!it.isSequence()) {
                ids[k] = it.id(); tokens[k] = it.token(); typeIds[k] = it.typeId();
                wordIds[k] = -1; seqIds[k] = -1; special[k] = 1;
                k++;
                continue;
            }
            TokenSequence s = it.sequence() == 0 ? a : b;
            int n = it.sequence() == 0 ? n1 : n2;
            for (int i = 0; i < n; i++, k++) {
                ids[k] = s.ids[i]; tokens[k] = vocab.token(s.ids[i]); typeIds[k] = it.typeId();
                starts[k] = s.starts[i]; ends[k] = s.ends[i]; wordIds[k] = s.wordIds[i]; seqIds[k] = it.sequence();
            }
        }
        return new Encoding(ids, tokens, typeIds, starts, ends, wordIds, seqIds, special);
    }

    /** Encodes many inputs on all cores; the result is in input order. */
    public List<Encoding> encodeBatch(List<String> texts, List<String> pairs, EncodeOptions options) {
        if (pairs != null && pairs.size() != texts.size()) {
            throw new IllegalArgumentException("texts and pairs differ in length: " + texts.size() + " vs " + pairs.size());
        }
        Encoding[] out = new Encoding[texts.size()];
        IntStream.range(0, texts.size()).parallel()
            .forEach(i -> out[i] = encode(texts.get(i), pairs == null ? null : pairs.get(i), options));
        return List.of(out);
    }

    /** Encodes a batch on all cores and pads it to its longest member with this vocabulary's [PAD]. */
    public PaddedBatch encodePadded(List<String> texts, List<String> pairs, EncodeOptions options) {
        return PaddedBatch.of(encodeBatch(texts, pairs, options), padId, 1);
    }

    /** The tokens of one text, between special tokens written in it: ids, offsets, word ids. */
    private TokenSequence tokenizeSequence(String text) {
        TokenSequence out = new TokenSequence();
        walk(text.codePoints().toArray(),
             (t, from, to, wordId) -> wordPiece.tokenize(t, from, to, out, wordId),
             (special, start, wordId) -> out.add(specials.id(special), start, start + specials.length(special), wordId));
        return out;
    }

    /** Receives a special token written in the text: its index in {@link SpecialTokens}, start, word id. */
    private interface SpecialSink {
        void special(int special, int start, int wordId);
    }

    /**
     * Cuts the text at the special tokens written in it (never split), runs BasicTokenizer on the
     * stretches between them, and numbers all words in order.
     */
    private void walk(int[] cps, BasicTokenizer.WordSink words, SpecialSink specialTokens) {
        int wordId = 0;
        int segStart = 0;
        if (!specials.isEmpty()) {
            for (int i = 0; i < cps.length; ) {
                int t = specials.matchAt(cps, i, cps.length);
                if (t < 0) { i++; continue; }
                if (segStart < i) wordId = basic.tokenize(cps, segStart, i, words, wordId);
                specialTokens.special(t, i, wordId++);
                i += specials.length(t);
                segStart = i;
            }
        }
        if (segStart < cps.length) basic.tokenize(cps, segStart, cps.length, words, wordId);
    }
}
