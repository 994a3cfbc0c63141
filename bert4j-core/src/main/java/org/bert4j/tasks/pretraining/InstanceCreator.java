package org.bert4j.tasks.pretraining;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sentence pairs for the next sentence prediction task (paper §3.1, Task #2), google-research/bert
 * {@code create_pretraining_data.py} {@code create_instances_from_document} and
 * {@code truncate_seq_pair}, step for step.
 *
 * <p>For one document: the target length is {@code max_num_tokens = max_seq_length - 3}, or, with
 * probability {@code short_seq_prob}, a random length in [2, max_num_tokens] (drawn once per
 * document, as Google does). Sentences ("segments") are gathered into a chunk until the chunk
 * reaches the target length or the document ends. A is the first {@code a_end} segments of the chunk
 * ({@code a_end} random in [1, len(chunk) - 1]). With probability 0.5, or always when the chunk has
 * one segment, B is a random span of another document (up to 10 tries to draw a different one),
 * started at a random segment and filled to the remaining target length, and the chunk's unused
 * segments are put back ({@code i -= num_unused_segments}); otherwise B is the rest of the chunk.
 * The pair is then truncated to {@code max_num_tokens} by removing tokens from the longer side (B on
 * a tie), from the front or the back at random, and packed as {@code [CLS] A [SEP] B [SEP]}.
 *
 * <p>The documents are token ids, one {@code int[]} per sentence.
 */
final class InstanceCreator {
    private final PretrainingConfig config;
    private final int clsId, sepId;
    private final MaskedLmMasker masker;

    InstanceCreator(PretrainingConfig config, int clsId, int sepId, MaskedLmMasker masker) {
        this.config = config;
        this.clsId = clsId;
        this.sepId = sepId;
        this.masker = masker;
    }

    /** The instances of {@code allDocuments[documentIndex]}, recorded in {@code stats} (may be null). */
    List<PretrainingInstance> fromDocument(List<int[][]> allDocuments, int documentIndex, Random rng,
                                           PretrainingStatistics stats) {
        int[][] document = allDocuments.get(documentIndex);
        int maxNumTokens = config.maxNumTokens();
        // Google: "We *usually* want to fill up the entire sequence since we are padding to
        // max_seq_length anyways, so short sequences are generally wasted computation. However, we
        // *sometimes* (i.e., short_seq_prob == 0.1 == 10% of the time) want to use shorter sequences
        // to minimize the mismatch between pre-training and fine-tuning."
        int targetSeqLength = maxNumTokens;
        if (PyRandom.random(rng) < config.shortSeqProb()) targetSeqLength = PyRandom.randint(rng, 2, maxNumTokens);

        List<PretrainingInstance> instances = new ArrayList<>();
        List<int[]> currentChunk = new ArrayList<>();
        int currentLength = 0;
        int i = 0;
        while (i < document.length) {
            int[] segment = document[i];
            currentChunk.add(segment);
            currentLength += segment.length;
            if (i == document.length - 1 || currentLength >= targetSeqLength) {
                if (!currentChunk.isEmpty()) {
                    boolean chunkReachedTarget = currentLength >= targetSeqLength;
                    int aEnd = 1;
                    if (currentChunk.size() >= 2) aEnd = PyRandom.randint(rng, 1, currentChunk.size() - 1);
                    IntList tokensA = new IntList();
                    for (int j = 0; j < aEnd; j++) tokensA.addAll(currentChunk.get(j));

                    IntList tokensB = new IntList();
                    boolean isRandomNext;
                    if (currentChunk.size() == 1 || PyRandom.random(rng) < 0.5) {
                        isRandomNext = true;
                        int targetBLength = targetSeqLength - tokensA.size();
                        // Google: for large corpora this rarely needs more than one try; a small
                        // corpus may pick the same document ten times, and then uses it.
                        int randomDocumentIndex = 0;
                        for (int t = 0; t < 10; t++) {
                            randomDocumentIndex = PyRandom.randint(rng, 0, allDocuments.size() - 1);
                            if (randomDocumentIndex != documentIndex) break;
                        }
                        int[][] randomDocument = allDocuments.get(randomDocumentIndex);
                        int randomStart = PyRandom.randint(rng, 0, randomDocument.length - 1);
                        for (int j = randomStart; j < randomDocument.length; j++) {
                            tokensB.addAll(randomDocument[j]);
                            if (tokensB.size() >= targetBLength) break;
                        }
                        // Google: "We didn't actually use these segments so we 'put them back' so they don't go to waste."
                        int numUnusedSegments = currentChunk.size() - aEnd;
                        i -= numUnusedSegments;
                    } else {
                        isRandomNext = false;
                        for (int j = aEnd; j < currentChunk.size(); j++) tokensB.addAll(currentChunk.get(j));
                    }
                    boolean truncated = truncateSeqPair(tokensA, tokensB, maxNumTokens, rng);
                    if (tokensA.size() < 1 || tokensB.size() < 1) {
                        throw new IllegalStateException("empty segment after truncation (document " + documentIndex + ")");
                    }
                    int n = tokensA.size() + tokensB.size() + 3;
                    int[] tokens = new int[n];
                    int[] segmentIds = new int[n];
                    int k = 0;
                    tokens[k++] = clsId;
                    for (int j = 0; j < tokensA.size(); j++) tokens[k++] = tokensA.get(j);
                    tokens[k++] = sepId;
                    for (int j = 0; j < tokensB.size(); j++) { segmentIds[k] = 1; tokens[k++] = tokensB.get(j); }
                    segmentIds[k] = 1;
                    tokens[k] = sepId;
                    PretrainingInstance instance = masker.mask(tokens, segmentIds, isRandomNext, rng);
                    instances.add(instance);
                    if (stats != null) {
                        stats.add(instance, targetSeqLength < maxNumTokens, truncated, chunkReachedTarget, currentChunk.size());
                    }
                }
                currentChunk.clear();
                currentLength = 0;
            }
            i++;
        }
        return instances;
    }

    /**
     * {@code truncate_seq_pair}: removes tokens from the longer sequence (B on a tie), at the front or
     * the back with equal probability, until the pair fits. Returns whether anything was removed.
     */
    static boolean truncateSeqPair(IntList tokensA, IntList tokensB, int maxNumTokens, Random rng) {
        boolean truncated = false;
        while (tokensA.size() + tokensB.size() > maxNumTokens) {
            IntList truncTokens = tokensA.size() > tokensB.size() ? tokensA : tokensB;
            // Google: "We want to sometimes truncate from the front and sometimes from the back to add
            // more randomness and avoid biases."
            if (PyRandom.random(rng) < 0.5) truncTokens.removeFirst();
            else truncTokens.removeLast();
            truncated = true;
        }
        return truncated;
    }

    /** A growable int list with O(1) removal at both ends (the Python lists of {@code truncate_seq_pair}). */
    static final class IntList {
        private int[] a = new int[64];
        private int from, to;

        void addAll(int[] xs) {
            if (to + xs.length > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, to + xs.length));
            System.arraycopy(xs, 0, a, to, xs.length);
            to += xs.length;
        }

        int size() { return to - from; }
        int get(int i) { return a[from + i]; }
        void removeFirst() { from++; }
        void removeLast() { to--; }
    }
}
