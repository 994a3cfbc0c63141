package org.bert4j.tokenizer;

import java.util.Arrays;

/** A growable list of tokens of one input sequence: id, offsets in the original text, word index. */
final class TokenSequence {
    int[] ids = new int[32];
    int[] starts = new int[32];
    int[] ends = new int[32];
    int[] wordIds = new int[32];
    int size;

    int size() { return size; }

    void add(int id, int start, int end, int wordId) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            wordIds = Arrays.copyOf(wordIds, n);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        wordIds[size] = wordId;
        size++;
    }

    void truncate(int newSize) { size = Math.min(size, newSize); }
}
