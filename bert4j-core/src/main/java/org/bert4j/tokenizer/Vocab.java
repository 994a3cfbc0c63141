package org.bert4j.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The WordPiece vocabulary: token ↔ id, with an allocation-free lookup of code-point slices.
 *
 * <p>WordPiece asks "is {@code ##xyz} in the vocabulary?" for every candidate substring of every
 * word. Instead of building a {@code String} per question, tokens are kept in an open-addressing
 * table keyed by a hash of their code points; a continuation piece is looked up by hashing the
 * {@code ##} prefix first, then the slice.
 */
public final class Vocab {
    private final String[] tokens;       // [size] id → token
    private final int[][] tokenCps;      // [size] id → code points of the token
    private final int[] table;           // open addressing: slot → id + 1 (0 = empty)
    private final int mask;

    public Vocab(List<String> tokensById) {
        this.tokens = tokensById.toArray(new String[0]);
        this.tokenCps = new int[tokens.length][];
        int cap = Integer.highestOneBit(Math.max(16, tokens.length * 3)) << 1;
        this.table = new int[cap];
        this.mask = cap - 1;
        for (int id = 0; id < tokens.length; id++) {
            String tok = tokens[id];
            if (tok == null) continue;
            int[] cps = tok.codePoints().toArray();
            tokenCps[id] = cps;
            int slot = (mix(fnv(cps, 0, cps.length, FNV_SEED))) & mask;
            while (true) {
                int e = table[slot];
                if (e == 0) { table[slot] = id + 1; break; }
                if (Arrays.equals(tokenCps[e - 1], cps)) break; // duplicate line: the first id wins, as in Hugging Face
                slot = (slot + 1) & mask;
            }
        }
    }

    /** Builds a vocabulary from a token → id map (as stored in tokenizer.json). */
    public static Vocab fromMap(Map<String, Integer> tokenToId) {
        int max = tokenToId.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        String[] byId = new String[max + 1];
        tokenToId.forEach((t, id) -> byId[id] = t);
        return new Vocab(Arrays.asList(byId));
    }

    /**
     * Reads {@code vocab.txt}: one token per line, the line number is the id. Trailing whitespace is
     * removed as Hugging Face does; an empty file is an error.
     */
    public static Vocab load(Path vocabTxt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("vocabulary file not found: " + vocabTxt);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TokenizerException("vocabulary file " + vocabTxt + " is not UTF-8 text (is it a vocab.txt?)");
        } catch (IOException e) {
            throw new TokenizerException("cannot read vocabulary file " + vocabTxt + ": " + e.getMessage());
        }
        if (lines.isEmpty()) throw new TokenizerException("vocabulary file " + vocabTxt + " is empty");
        for (int i = 0; i < lines.size(); i++) lines.set(i, lines.get(i).stripTrailing());
        return new Vocab(lines);
    }

    public int size() { return tokens.length; }

    /** The token of an id. */
    public String token(int id) { return tokens[id]; }

    /** The id of a token, or -1. */
    public int id(String token) {
        int[] cps = token.codePoints().toArray();
        return find(cps, 0, cps.length, false, null);
    }

    public boolean contains(String token) { return id(token) >= 0; }

    /**
     * The id of {@code prefix + cps[from, to)} (prefix = "##" for word continuations, null for none), or -1.
     */
    int find(int[] cps, int from, int to, boolean withPrefix, int[] prefix) {
        int h = withPrefix ? fnv(prefix, 0, prefix.length, FNV_SEED) : FNV_SEED;
        h = fnv(cps, from, to, h);
        int plen = withPrefix ? prefix.length : 0;
        int len = plen + to - from;
        int slot = mix(h) & mask;
        while (true) {
            int e = table[slot];
            if (e == 0) return -1;
            int[] t = tokenCps[e - 1];
            if (t.length == len && matches(t, prefix, plen, cps, from, to)) return e - 1;
            slot = (slot + 1) & mask;
        }
    }

    private static boolean matches(int[] t, int[] prefix, int plen, int[] cps, int from, int to) {
        for (int i = 0; i < plen; i++) if (t[i] != prefix[i]) return false;
        for (int i = from, j = plen; i < to; i++, j++) if (t[j] != cps[i]) return false;
        return true;
    }

    private static int mix(int x) { return x ^ (x >>> 15); }

    private static final int FNV_SEED = 0x811C9DC5;

    /** FNV-1a over code points, continued from {@code x} (so hashing "##" then a slice equals hashing "##slice"). */
    private static int fnv(int[] cps, int from, int to, int x) {
        for (int i = from; i < to; i++) x = (x ^ cps[i]) * 0x01000193;
        return x;
    }

    /** All tokens, by id (unmodifiable). */
    public List<String> tokens() { return java.util.Collections.unmodifiableList(Arrays.asList(tokens)); }
}
