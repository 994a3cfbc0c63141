package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.IntRangeBody;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.Parallel;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017, §3.2), bidirectional as in BERT:
 * {@code softmax(Q K^T / sqrt(d) + mask) V} for each head, concatenated. With a causal
 * {@link ForwardContext} (the left-to-right ablation) position {@code i} attends to positions {@code <= i} only.
 *
 * <p>The batch is packed ({@link PackedBatch}): each sequence attends over its own real tokens only,
 * so the attention mask needs no additive term. This is exactly Hugging Face's result, where masked keys
 * get {@code (1 - mask) * finfo.min} added and so {@code exp(...) == 0} weight.
 *
 * <p>Inside, Q, K and V are rearranged head-major per sequence: sequence {@code b} with {@code n}
 * tokens starting at row {@code r0} occupies {@code [heads, n, d]} at offset {@code r0 * H}.
 */
public final class BertSelfAttention {
    public final Linear query, key, value; // attention.self.{query,key,value}: [H, H]
    private final int hidden, heads, headSize;
    private final float dropout;

    /** Saved for backward: input, head-major Q/K/V, probabilities before and the mask of their dropout. */
    public record Cache(float[] x, float[] q, float[] k, float[] v, float[] probs, float[] probsMask, int[] probOffsets) {}

    public record Out(float[] context, Cache cache) {}

    public BertSelfAttention(BertConfig config, String prefix) {
        hidden = config.hiddenSize();
        heads = config.numAttentionHeads();
        headSize = config.headSize();
        dropout = config.attentionProbsDropoutProb();
        query = new Linear(prefix + "attention.self.query", hidden, hidden);
        key = new Linear(prefix + "attention.self.key", hidden, hidden);
        value = new Linear(prefix + "attention.self.value", hidden, hidden);
    }

    public List<Param> params() {
        return List.of(query.weight, query.bias, key.weight, key.bias, value.weight, value.bias);
    }

    /** {@code context[tokens, H]} from {@code x[tokens, H]}; the cache is null outside training. */
    public Out forward(Kernels kn, float[] x, PackedBatch batch, ForwardContext ctx) {
        int n = batch.tokens(), batchSize = batch.batchSize();
        float[] q = toHeads(batch, query.forward(kn, x, n)); // [b: heads, len, d]
        float[] k = toHeads(batch, key.forward(kn, x, n));
        float[] v = toHeads(batch, value.forward(kn, x, n));
        float scale = (float) (1.0 / Math.sqrt(headSize));
        if (!ctx.training()) { // nothing is kept for backward: each head's probabilities live in a reused scratch
            float[] ctxHeads = new float[n * hidden];
            forEachHead(batch, (b, h, len, qkv, p) -> {
                float[] probs = headScratch(len * len); // [len, len], this thread's, overwritten whole
                scoresSoftmax(kn, q, k, qkv, probs, 0, len, scale, ctx.causal());
                kn.matmul(probs, 0, v, qkv, ctxHeads, qkv, len, headSize, len, false);
            });
            return new Out(fromHeads(batch, ctxHeads), null);
        }
        int[] probOff = new int[batchSize + 1]; // sequence b's [heads, len, len] probabilities start here
        for (int b = 0; b < batchSize; b++) probOff[b + 1] = probOff[b] + heads * batch.length(b) * batch.length(b);
        float[] probs = new float[probOff[batchSize]];
        forEachHead(batch, (b, h, len, qkv, p) -> scoresSoftmax(kn, q, k, qkv, probs, probOff[b] + p, len, scale, ctx.causal()));
        float[] probsMask = null, attended = probs;
        if (ctx.training() && dropout > 0f) {
            probsMask = Dropout.mask(ctx.random(), dropout, probs.length);
            attended = new float[probs.length];
            kn.mul(probs, 0, probsMask, 0, attended, 0, probs.length);
        }
        float[] ctxHeads = new float[n * hidden];
        float[] pr = attended;
        // context = probs V
        forEachHead(batch, (b, h, len, qkv, p) -> kn.matmul(pr, probOff[b] + p, v, qkv, ctxHeads, qkv, len, headSize, len, false));
        return new Out(fromHeads(batch, ctxHeads), new Cache(x, q, k, v, probs, probsMask, probOff));
    }

    /** {@code probs[po ..]: [len, len] = softmax(Q K^T / sqrt(d))} of one (sequence, head), Q and K at {@code qkv}. */
    private void scoresSoftmax(Kernels kn, float[] q, float[] k, int qkv, float[] probs, int po, int len, float scale, boolean causal) {
        kn.matmulTransB(q, qkv, k, qkv, probs, po, len, len, headSize, null, false);
        if (!causal) {
            kn.softmaxRows(probs, po, len, len, null, scale);
        } else {
            // row i sees keys 0..i; the keys after it get weight exp(-inf) = 0, as Hugging Face's
            // finfo.min causal mask. Backward needs no change: a zero probability has zero gradient.
            for (int i = 0; i < len; i++) {
                int row = po + i * len;
                kn.softmaxRows(probs, row, 1, i + 1, null, scale);
                java.util.Arrays.fill(probs, row + i + 1, row + len, 0f);
            }
        }
    }

    /**
     * This thread's scratch of at least {@code size} floats for one head's probabilities at inference: reused
     * across heads, layers and calls, so it stays in cache and is written by the thread that reads it (a fresh
     * {@code [heads, len, len]} array was 12.6 MB per layer at 512 tokens, all of it zeroed by the calling thread).
     */
    private static float[] headScratch(int size) {
        float[] s = HEAD_SCRATCH.get();
        if (s.length < size) HEAD_SCRATCH.set(s = new float[size]);
        return s;
    }

    private static final ThreadLocal<float[]> HEAD_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /** Returns {@code dx[tokens, H]}; accumulates the Q, K, V projection gradients. */
    public float[] backward(Kernels kn, float[] dContext, Cache c, PackedBatch batch) {
        int n = batch.tokens();
        float[] dCtx = toHeads(batch, dContext);
        float[] attended = c.probs;
        if (c.probsMask != null) {
            attended = new float[c.probs.length];
            kn.mul(c.probs, 0, c.probsMask, 0, attended, 0, attended.length);
        }
        float[] dq = new float[n * hidden], dk = new float[n * hidden], dv = new float[n * hidden];
        float[] dScores = new float[c.probs.length];
        float[] pr = attended;
        float scale = (float) (1.0 / Math.sqrt(headSize));
        int[] off = c.probOffsets;
        forEachHead(batch, (b, h, len, qkv, p) -> {
            int po = off[b] + p;
            kn.matmulTransB(dCtx, qkv, c.v, qkv, dScores, po, len, len, headSize, null, false); // dP' = dCtx V^T
            kn.matmulTransA(pr, po, dCtx, qkv, dv, qkv, len, headSize, len, false);             // dV = P'^T dCtx
            if (c.probsMask != null) kn.mul(dScores, po, c.probsMask, po, dScores, po, len * len);
            kn.softmaxRowsBackward(c.probs, po, dScores, po, dScores, po, len, len, scale);     // dS (scale included)
            kn.matmul(dScores, po, c.k, qkv, dq, qkv, len, headSize, len, false);               // dQ = dS K
            kn.matmulTransA(dScores, po, c.q, qkv, dk, qkv, len, headSize, len, false);         // dK = dS^T Q
        });
        float[] dx = query.backward(kn, fromHeads(batch, dq), c.x, n);
        kn.addInPlace(dx, 0, key.backward(kn, fromHeads(batch, dk), c.x, n), 0, dx.length);
        kn.addInPlace(dx, 0, value.backward(kn, fromHeads(batch, dv), c.x, n), 0, dx.length);
        return dx;
    }

    @FunctionalInterface
    private interface HeadBody {
        /** Head {@code h} of sequence {@code b} ({@code len} tokens); its Q/K/V block and offset in the probabilities. */
        void run(int b, int h, int len, int qkvOffset, int probOffset);
    }

    /** Runs {@code body} for every (sequence, head) pair, in parallel; empty sequences are skipped. */
    private void forEachHead(PackedBatch batch, HeadBody body) {
        int pairs = batch.batchSize() * heads;
        // The kernels inside run single-threaded (withThreads(1)): the parallelism is over the pairs, and
        // Parallel's team must not be re-entered from the calling thread while it runs chunk 0.
        Parallel.forRange(pairs, (from, to) -> Parallel.withThreads(1, () -> {
            for (int i = from; i < to; i++) {
                int b = i / heads, h = i % heads, len = batch.length(b);
                if (len == 0) continue;
                body.run(b, h, len, (batch.start(b) * heads + h * len) * headSize, h * len * len);
            }
        }));
    }

    /** {@code [tokens, H]} to per-sequence {@code [heads, len, d]}. */
    private float[] toHeads(PackedBatch batch, float[] x) {
        return rearrange(batch, x, true);
    }

    /** Per-sequence {@code [heads, len, d]} back to {@code [tokens, H]}. */
    private float[] fromHeads(PackedBatch batch, float[] x) {
        return rearrange(batch, x, false);
    }

    /** Copies token {@code r}'s d-wide head slices between the two layouts; tokens split across the team when large. */
    private float[] rearrange(PackedBatch batch, float[] x, boolean toHeads) {
        float[] out = new float[x.length];
        IntRangeBody tokens = (from, to) -> {
            int b = 0;
            for (int r = from; r < to; r++) {
                while (r >= batch.start(b) + batch.length(b)) b++; // the sequence holding token r (skips empty ones)
                int r0 = batch.start(b), len = batch.length(b), t = r - r0;
                for (int h = 0; h < heads; h++) {
                    int tokenMajor = r * hidden + h * headSize, headMajor = r0 * hidden + (h * len + t) * headSize;
                    if (toHeads) System.arraycopy(x, tokenMajor, out, headMajor, headSize);
                    else System.arraycopy(x, headMajor, out, tokenMajor, headSize);
                }
            }
        };
        if (x.length < PARALLEL_MIN_COPY) tokens.run(0, batch.tokens());
        else Parallel.forRange(batch.tokens(), tokens);
        return out;
    }

    /** From this many floats on, {@link #rearrange} splits tokens across the team. */
    private static final int PARALLEL_MIN_COPY = 1 << 16;
}
