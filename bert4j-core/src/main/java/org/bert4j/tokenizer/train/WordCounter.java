package org.bert4j.tokenizer.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.Vocab;

/**
 * Counts the words of a text stream, split by BERT's BasicTokenizer (the same cleaning, accent
 * stripping, lower-casing or not, and whitespace and punctuation splitting as
 * {@link BertTokenizer}), on all cores. Texts come in batches, so the stream is never held whole;
 * only the word counts are. Special tokens written in the text are not counted.
 */
public final class WordCounter implements AutoCloseable {
    private final BertTokenizer basic;
    private final ForkJoinPool pool;
    private final Map<String, Long> counts = new HashMap<>();
    private long texts, words;

    public WordCounter(boolean lowercase, int threads) {
        // BertTokenizer needs a vocabulary; WordPiece is never reached by basicTokens.
        Vocab specials = new Vocab(BertTokenizer.BERT_SPECIAL_TOKENS);
        this.basic = BertTokenizer.fromVocab(specials, BertTokenizer.Settings.huggingFace(lowercase));
        this.pool = new ForkJoinPool(Math.max(1, threads));
    }

    /** Counts the words of a batch of texts (lines, documents) in parallel. */
    public void add(List<String> batch) {
        java.util.concurrent.ConcurrentMap<String, Long> local;
        try {
            local = pool.submit(() -> batch.parallelStream()
                .flatMap(t -> basic.basicTokens(t).stream())
                .filter(w -> !BertTokenizer.BERT_SPECIAL_TOKENS.contains(w))
                .collect(Collectors.toConcurrentMap(w -> w, w -> 1L, Long::sum))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        texts += batch.size();
        local.forEach((w, c) -> { counts.merge(w, c, Long::sum); words += c; });
    }

    /** Word → count (live view; do not modify). */
    public Map<String, Long> counts() { return counts; }

    public long texts() { return texts; }
    public long words() { return words; }

    @Override
    public void close() { pool.close(); }
}
