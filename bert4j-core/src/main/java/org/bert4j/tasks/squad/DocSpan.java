package org.bert4j.tasks.squad;

import java.util.ArrayList;
import java.util.List;

/**
 * One window over the passage tokens (Google run_squad.py {@code _DocSpan}), and the two functions
 * that create and score windows.
 *
 * @param start  index of the window's first passage token
 * @param length number of passage tokens in the window
 */
public record DocSpan(int start, int length) {

    /** Index of the last passage token in the window (inclusive). */
    public int end() { return start + length - 1; }

    /**
     * Sliding windows of at most {@code maxTokensForDoc} tokens, each starting {@code min(length, docStride)}
     * after the previous one, stopping at the first window that reaches the end (run_squad.py
     * {@code convert_examples_to_features}). An empty passage gives one empty window.
     */
    public static List<DocSpan> windows(int numDocTokens, int maxTokensForDoc, int docStride) {
        if (maxTokensForDoc <= 0) throw new IllegalArgumentException("no room left for the passage: max tokens for doc = " + maxTokensForDoc);
        if (docStride <= 0) throw new IllegalArgumentException("doc stride must be positive, got " + docStride);
        List<DocSpan> spans = new ArrayList<>();
        int startOffset = 0;
        do {
            int length = Math.min(numDocTokens - startOffset, maxTokensForDoc);
            spans.add(new DocSpan(startOffset, length));
            if (startOffset + length == numDocTokens) break;
            startOffset += Math.min(length, docStride);
        } while (startOffset < numDocTokens);
        return spans;
    }

    /**
     * Whether window {@code spanIndex} is the one where passage token {@code position} has the most
     * context (run_squad.py {@code _check_is_max_context}): score = min(left context, right context)
     * + 0.01 × window length; the first window wins ties.
     */
    public static boolean isMaxContext(List<DocSpan> spans, int spanIndex, int position) {
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < spans.size(); i++) {
            DocSpan s = spans.get(i);
            if (position < s.start || position > s.end()) continue;
            int left = position - s.start;
            int right = s.end() - position;
            double score = Math.min(left, right) + 0.01 * s.length;
            if (bestIndex < 0 || score > bestScore) {
                bestScore = score;
                bestIndex = i;
            }
        }
        return spanIndex == bestIndex;
    }
}
