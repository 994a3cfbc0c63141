package org.bert4j.tokenizer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Learns a WordPiece vocabulary ({@code vocab.txt}) from word counts ({@link WordCounter}), the way
 * Hugging Face tokenizers' {@code WordPieceTrainer} does: byte-pair-encoding merges over words split
 * into characters, every character after the first carrying the {@code ##} continuation prefix.
 *
 * <ol>
 *   <li>The vocabulary starts with the special tokens ({@code [PAD] [UNK] [CLS] [SEP] [MASK]}), then
 *       {@code [unused0] … [unusedN-1]} if asked.</li>
 *   <li>The alphabet: every character of the counted words, the {@code limitAlphabet} most frequent
 *       if there are more (ties by code point), in code-point order; each is added both as {@code c}
 *       and as {@code ##c}, so every word of alphabet characters has a WordPiece split (Google's
 *       released vocabularies also hold both forms). Words with a character outside the alphabet
 *       are not used for merges.</li>
 *   <li>Merges: repeatedly the adjacent pair of symbols with the highest count, summed over words
 *       weighted by word frequency, is merged into a new token ({@code a + b} without b's
 *       {@code ##}); ties go to the pair of lower symbol ids (as Hugging Face's heap order). Training
 *       stops at {@code vocabSize} tokens or when the best count falls below {@code minFrequency}.</li>
 * </ol>
 *
 * <p>Score choice: plain pair frequency, as Hugging Face (BPE), not the likelihood score
 * {@code count(ab) / (count(a) count(b))} of Schuster &amp; Nakajima's original WordPiece, whose
 * trainer Google never released. Pair counts are updated incrementally for the words that hold the
 * merged pair, with a lazily corrected priority queue, so training costs about the size of the
 * affected words per merge. The result does not depend on the number of threads used for counting.
 */
public final class WordPieceTrainer {
    /**
     * @param vocabSize      the size of the vocabulary, specials included
     * @param minFrequency   a pair seen fewer times is not merged
     * @param limitAlphabet  keep at most this many characters (the most frequent)
     * @param specialTokens  the first tokens of the vocabulary
     * @param unusedTokens   how many {@code [unusedN]} tokens follow the special tokens
     * @param prefix         the continuation prefix, {@code ##}
     */
    public record Options(int vocabSize, long minFrequency, int limitAlphabet, List<String> specialTokens, int unusedTokens,
                          String prefix) {
        public static final List<String> BERT_SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

        public Options {
            if (vocabSize < 1) throw new IllegalArgumentException("vocab size must be positive, got " + vocabSize);
            if (minFrequency < 0) throw new IllegalArgumentException("min frequency must be >= 0, got " + minFrequency);
            if (limitAlphabet < 1) throw new IllegalArgumentException("alphabet limit must be positive, got " + limitAlphabet);
            if (unusedTokens < 0) throw new IllegalArgumentException("unused tokens must be >= 0, got " + unusedTokens);
        }

        /** BERT's specials, no unused tokens, min frequency 2, alphabet limit 1000 (as Hugging Face's BERT recipe). */
        public static Options bert(int vocabSize) {
            return new Options(vocabSize, 2, 1000, BERT_SPECIALS, 0, "##");
        }

        public Options withMinFrequency(long m) { return new Options(vocabSize, m, limitAlphabet, specialTokens, unusedTokens, prefix); }
        public Options withLimitAlphabet(int l) { return new Options(vocabSize, minFrequency, l, specialTokens, unusedTokens, prefix); }
        public Options withUnusedTokens(int u) { return new Options(vocabSize, minFrequency, limitAlphabet, specialTokens, u, prefix); }
    }

    private final Options options;

    public WordPieceTrainer(Options options) {
        this.options = options;
    }

    /** A merge candidate in the queue; its count may be stale (checked when popped). */
    private record Entry(long count, int a, int b) {}

    /**
     * Trains on word counts; returns the tokens, in id order.
     *
     * @param progress told the vocabulary size after every 100 merges (may be null)
     */
    public List<String> train(Map<String, Long> wordCounts, LongConsumer progress) {
        // 1. specials
        List<String> vocab = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (String s : options.specialTokens()) add(vocab, ids, s);
        for (int i = 0; i < options.unusedTokens(); i++) add(vocab, ids, "[unused" + i + "]");

        // 2. alphabet
        Map<Integer, Long> charCounts = new HashMap<>();
        wordCounts.forEach((w, c) -> w.codePoints().forEach(cp -> charCounts.merge(cp, c, Long::sum)));
        List<Integer> chars = new ArrayList<>(charCounts.keySet());
        chars.sort((x, y) -> {
            int byCount = Long.compare(charCounts.get(y), charCounts.get(x));
            return byCount != 0 ? byCount : Integer.compare(x, y);
        });
        if (chars.size() > options.limitAlphabet()) chars = new ArrayList<>(chars.subList(0, options.limitAlphabet()));
        chars.sort(Integer::compare);
        Set<Integer> alphabet = new HashSet<>(chars);
        for (int cp : chars) add(vocab, ids, Character.toString(cp));
        for (int cp : chars) add(vocab, ids, options.prefix() + Character.toString(cp));
        if (vocab.size() >= options.vocabSize()) return vocab;

        // 3. words as symbol ids; word order fixed (sorted) so that the result is reproducible
        List<String> wordList = new ArrayList<>();
        for (String w : wordCounts.keySet()) if (w.codePoints().allMatch(alphabet::contains)) wordList.add(w);
        wordList.sort(null);
        int[][] words = new int[wordList.size()][];
        long[] counts = new long[words.length];
        for (int w = 0; w < words.length; w++) {
            int[] cps = wordList.get(w).codePoints().toArray();
            int[] sym = new int[cps.length];
            for (int i = 0; i < cps.length; i++) sym[i] = ids.get((i == 0 ? "" : options.prefix()) + Character.toString(cps[i]));
            words[w] = sym;
            counts[w] = wordCounts.get(wordList.get(w));
        }

        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long key = key(s[i], s[i + 1]);
                pairCounts.merge(key, counts[w], Long::sum);
                where.computeIfAbsent(key, k -> new HashSet<>()).add(w);
            }
        }
        PriorityQueue<Entry> queue = new PriorityQueue<>((x, y) -> {
            if (x.count != y.count) return Long.compare(y.count, x.count);
            if (x.a != y.a) return Integer.compare(x.a, y.a);
            return Integer.compare(x.b, y.b);
        });
        pairCounts.forEach((k, c) -> queue.add(new Entry(c, (int) (k >>> 32), (int) (long) k)));

        int plen = options.prefix().length();
        while (vocab.size() < options.vocabSize() && !queue.isEmpty()) {
            Entry top = queue.poll();
            long key = key(top.a, top.b);
            long current = pairCounts.getOrDefault(key, 0L);
            if (current != top.count) {
                if (current > 0) queue.add(new Entry(current, top.a, top.b));
                continue;
            }
            if (current < Math.max(1, options.minFrequency())) break;
            String left = vocab.get(top.a), right = vocab.get(top.b);
            String merged = left + (right.startsWith(options.prefix()) ? right.substring(plen) : right);
            Integer existing = ids.get(merged);
            int newId = existing != null ? existing : add(vocab, ids, merged);

            Map<Long, Long> changed = new LinkedHashMap<>();
            for (int w : where.getOrDefault(key, Set.of())) {
                int[] s = words[w];
                int[] out = mergeWord(s, top.a, top.b, newId);
                if (out == s) continue; // stale entry: the pair is no longer in this word
                long c = counts[w];
                for (int i = 0; i + 1 < s.length; i++) pairCounts.merge(key(s[i], s[i + 1]), -c, Long::sum);
                for (int i = 0; i + 1 < out.length; i++) {
                    long k = key(out[i], out[i + 1]);
                    pairCounts.merge(k, c, Long::sum);
                    if (out[i] == newId || out[i + 1] == newId) { // only pairs with the new symbol can grow
                        changed.put(k, 0L);
                        where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
                    }
                }
                words[w] = out;
            }
            pairCounts.remove(key);
            where.remove(key);
            for (long k : changed.keySet()) {
                long c = pairCounts.getOrDefault(k, 0L);
                if (c > 0) queue.add(new Entry(c, (int) (k >>> 32), (int) k));
            }
            if (progress != null && vocab.size() % 100 == 0) progress.accept(vocab.size());
        }
        if (progress != null) progress.accept(vocab.size());
        return vocab;
    }

    /** The word with every non-overlapping (a, b), left to right, replaced by {@code merged}; {@code s} itself if none. */
    static int[] mergeWord(int[] s, int a, int b, int merged) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                if (out == null) { out = new int[s.length - 1]; System.arraycopy(s, 0, out, 0, i); n = i; }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = s[i];
            }
        }
        return out == null ? s : java.util.Arrays.copyOf(out, n);
    }

    private static long key(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

    private static int add(List<String> vocab, Map<String, Integer> ids, String token) {
        Integer old = ids.putIfAbsent(token, vocab.size());
        if (old != null) return old;
        vocab.add(token);
        return vocab.size() - 1;
    }

    /** Writes {@code vocab.txt}: one token per line, via a temporary file and a rename. */
    public static void write(List<String> vocab, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.write(tmp, vocab, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }
}
