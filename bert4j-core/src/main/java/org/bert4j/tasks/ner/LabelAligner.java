package org.bert4j.tasks.ner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;

/**
 * Word labels → WordPiece labels as in the BERT paper §5.3 ("we use the representation of the first
 * sub-token as the input to the token-level classifier"): the first sub-token of each word carries the
 * word's label id, the other sub-tokens and {@code [CLS]}/{@code [SEP]} carry {@link #IGNORE} (-100,
 * PyTorch's {@code ignore_index}, left out of the loss).
 *
 * <p>The words are joined with single spaces and encoded once; each token belongs to the word whose
 * character range holds the token's start offset (so a word the BasicTokenizer splits further, such as
 * {@code U.S.}, still counts as one word). A word that yields no token (e.g. only control characters)
 * has no label position and is listed in {@link Feature#droppedWords()}.
 *
 * <p>Sentences longer than {@code maxLength - 2} tokens: with {@link Overflow#SPLIT} they are cut into
 * consecutive pieces at word boundaries, each {@code [CLS] piece [SEP]} (no word is cut; a single word
 * longer than a piece is truncated); with {@link Overflow#TRUNCATE} only the first piece is kept and the
 * words after it get no prediction.
 */
public final class LabelAligner {

    /** Label id of positions left out of the loss. */
    public static final int IGNORE = -100;

    public enum Overflow { SPLIT, TRUNCATE }

    /**
     * One model input.
     *
     * @param inputIds     [n] ids of {@code [CLS] tokens [SEP]}
     * @param segmentIds   [n] all 0
     * @param labelIds     [n] label id at each word's first sub-token, {@link #IGNORE} elsewhere
     * @param wordIds      [n] index of the word in the sentence, -1 for special tokens
     * @param firstWord    index of the first word covered by this piece
     * @param wordCount    number of words covered
     * @param droppedWords words of this piece without any token
     */
    public record Feature(int[] inputIds, int[] segmentIds, int[] labelIds, int[] wordIds, int firstWord, int wordCount,
                          List<Integer> droppedWords) {
        public int length() { return inputIds.length; }
    }

    private final BertTokenizer tokenizer;
    private final int maxLength;
    private final Overflow overflow;

    public LabelAligner(BertTokenizer tokenizer, int maxLength, Overflow overflow) {
        if (maxLength < 3) throw new IllegalArgumentException("max length must be at least 3, got " + maxLength);
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.overflow = overflow;
    }

    /**
     * @param words    the sentence's words
     * @param labels   one label per word (e.g. IOB2 tags), or null at prediction time (all {@link #IGNORE})
     * @param labelIds label → id
     */
    public List<Feature> align(List<String> words, List<String> labels, Map<String, Integer> labelIds) {
        if (labels != null && labels.size() != words.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + labels.size() + " labels");
        }
        StringBuilder text = new StringBuilder();
        int[] wordStart = new int[words.size()];
        int cp = 0;
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) { text.append(' '); cp++; }
            wordStart[w] = cp;
            text.append(words.get(w));
            cp += words.get(w).codePointCount(0, words.get(w).length());
        }
        Encoding e = tokenizer.encode(text.toString(), null, EncodeOptions.DEFAULT.withSpecialTokens(false));
        int n = e.length();
        int[] tokenWord = new int[n];
        for (int t = 0, w = 0; t < n; t++) {
            while (w + 1 < words.size() && wordStart[w + 1] <= e.starts()[t]) w++;
            tokenWord[t] = w;
        }
        // token range [wordFrom[w], wordFrom[w + 1]) of each word: tokens are in word order
        int[] wordFrom = new int[words.size() + 1];
        for (int w = 0, t = 0; w <= words.size(); w++) {
            while (t < n && tokenWord[t] < w) t++;
            wordFrom[w] = t;
        }
        wordFrom[words.size()] = n;
        int budget = maxLength - 2;
        List<Feature> out = new ArrayList<>();
        int word = 0;
        while (word < words.size()) {
            int from = wordFrom[word];
            int last = word + 1; // exclusive; always take at least one word
            while (last < words.size() && wordFrom[last + 1] - from <= budget) last++;
            int to = Math.min(wordFrom[last], from + budget); // truncates a single word longer than the budget
            out.add(piece(e, tokenWord, from, to, word, last, labels, labelIds));
            if (overflow == Overflow.TRUNCATE) break;
            word = last;
        }
        if (out.isEmpty()) out.add(piece(e, tokenWord, 0, 0, 0, 0, labels, labelIds)); // empty sentence
        return out;
    }

    private Feature piece(Encoding e, int[] tokenWord, int from, int to, int firstWord, int endWord,
                          List<String> labels, Map<String, Integer> labelIds) {
        int len = to - from + 2;
        int[] ids = new int[len], segs = new int[len], lab = new int[len], wids = new int[len];
        Arrays.fill(lab, IGNORE);
        ids[0] = tokenizer.clsId();
        wids[0] = -1;
        boolean[] hasToken = new boolean[endWord - firstWord];
        int prevWord = -1;
        for (int t = from; t < to; t++) {
            int k = t - from + 1;
            ids[k] = e.ids()[t];
            wids[k] = tokenWord[t];
            if (tokenWord[t] != prevWord) {
                if (labels != null) {
                    Integer id = labelIds.get(labels.get(tokenWord[t]));
                    if (id == null) throw new IllegalArgumentException("label '" + labels.get(tokenWord[t]) + "' is not in the label map " + labelIds.keySet());
                    lab[k] = id;
                }
                if (tokenWord[t] - firstWord < hasToken.length) hasToken[tokenWord[t] - firstWord] = true;
                prevWord = tokenWord[t];
            }
        }
        ids[len - 1] = tokenizer.sepId();
        wids[len - 1] = -1;
        List<Integer> dropped = new ArrayList<>();
        for (int w = 0; w < hasToken.length; w++) if (!hasToken[w]) dropped.add(firstWord + w);
        return new Feature(ids, segs, lab, wids, firstWord, endWord - firstWord, dropped);
    }

    /**
     * Word predictions from per-token predicted label ids: the label at each word's first sub-token, in
     * word order over all pieces; words without a token (dropped or truncated away) get {@code fallback}.
     */
    public static List<String> wordPredictions(List<Feature> features, List<int[]> predictedIds, List<String> labels,
                                               int wordCount, String fallback) {
        String[] out = new String[wordCount];
        Arrays.fill(out, fallback);
        for (int f = 0; f < features.size(); f++) {
            Feature feat = features.get(f);
            int[] pred = predictedIds.get(f);
            int prev = -1;
            for (int k = 0; k < feat.length(); k++) {
                int w = feat.wordIds()[k];
                if (w >= 0 && w != prev) out[w] = labels.get(pred[k]);
                if (w >= 0) prev = w;
            }
        }
        return List.of(out);
    }
}
