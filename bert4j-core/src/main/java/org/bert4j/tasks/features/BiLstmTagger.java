package org.bert4j.tasks.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.PackedMatrix;

/**
 * The tagger of the paper's feature-based NER experiment (§5.4): a two-layer bidirectional LSTM over
 * frozen BERT features of each word, then a linear classifier per word. Gates as PyTorch's
 * {@code nn.LSTM} (order i, f, g, o; one bias per direction; names {@code lstm.weight_ih_l0},
 * {@code lstm.weight_hh_l0_reverse}, ...):
 * <pre>
 *   z = W_ih x_t + W_hh h_{t-1} + b;  i, f, o = sigmoid(z_i, z_f, z_o);  g = tanh(z_g)
 *   c_t = f * c_{t-1} + i * g;        h_t = o * tanh(c_t)
 * </pre>
 * Layer 2 reads the concatenated forward and backward outputs of layer 1; the classifier reads those of
 * layer 2. Backward is backpropagation through time. The paper uses 768 units per direction; the size
 * is a parameter.
 *
 * <p><b>Batches.</b> A batch of B sequences of different lengths runs in lock-step, as PyTorch's
 * {@code PackedSequence}: features and logits are packed token-major (sequence after sequence, no
 * padding), {@code x[N, inputSize]} with {@code N = sum of lengths}. Inside a direction the sequences are
 * ordered by decreasing length, and the states are kept step-major: step {@code s} holds one row for
 * each of the {@code B_s} sequences still running ({@code s < length}), the longest first, so the running
 * rows of a step are always the first {@code B_s} rows of the step before. Step {@code s} of the forward
 * direction reads token {@code s} of each sequence, the reverse direction token {@code length - 1 - s},
 * so each sequence starts at its own last token. A sequence that has ended (or, seen from the reverse
 * direction, not yet started) has no row at all: nothing of it can leak into another's state or
 * gradient. The input projection of all N tokens is one matrix product; each step is one product
 * {@code [B_s, u] x [u, 4u]} with the recurrent weight, and backward is the same in reverse plus one
 * product over all steps for {@code dW_hh}.
 */
public final class BiLstmTagger {
    public static final int LAYERS = 2;

    private final int inputSize, hidden, numLabels;
    private final Direction[][] dirs = new Direction[LAYERS][2];
    public final Linear classifier; // classifier [numLabels, 2 * hidden]

    public BiLstmTagger(int inputSize, int hidden, int numLabels) {
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.numLabels = numLabels;
        for (int l = 0; l < LAYERS; l++) {
            for (int d = 0; d < 2; d++) dirs[l][d] = new Direction("lstm", l, d == 1, l == 0 ? inputSize : 2 * hidden, hidden);
        }
        classifier = new Linear("classifier", 2 * hidden, numLabels);
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hidden; }

    public int numLabels() { return numLabels; }

    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (Direction[] layer : dirs) for (Direction d : layer) p.addAll(List.of(d.wIh, d.wHh, d.b));
        p.add(classifier.weight);
        p.add(classifier.bias);
        return List.copyOf(p);
    }

    /** PyTorch's LSTM initialization, uniform(-1/sqrt(hidden), 1/sqrt(hidden)), for every parameter. */
    public void initialize(SplittableRandom rng) {
        double bound = 1 / Math.sqrt(hidden);
        for (Param p : params()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }

    /**
     * The lock-step plan of one batch (see the class comment). Token-major rows of sequence {@code b}:
     * {@code offset(b) .. offset(b) + length(b)}. Step-major row {@code stepStart(s) + r}, {@code r < active(s)},
     * is the {@code r}-th longest sequence at step {@code s}.
     */
    public static final class Batch {
        private final int[] lengths, offsets, active, stepStart, forwardToken, reverseToken;

        /** @param lengths [B] the length of each sequence (0 allowed), in the order their rows are packed */
        public Batch(int... lengths) {
            int n = lengths.length;
            this.lengths = lengths.clone();
            offsets = new int[n + 1];
            int steps = 0;
            for (int b = 0; b < n; b++) {
                if (lengths[b] < 0) throw new IllegalArgumentException("negative length " + lengths[b]);
                offsets[b + 1] = offsets[b] + lengths[b];
                steps = Math.max(steps, lengths[b]);
            }
            // the sequences by decreasing length (stable), so that those still running are a prefix
            Integer[] order = new Integer[n];
            for (int b = 0; b < n; b++) order[b] = b;
            Arrays.sort(order, (p, q) -> Integer.compare(lengths[q], lengths[p]));
            active = new int[steps];
            stepStart = new int[steps + 1];
            forwardToken = new int[offsets[n]];
            reverseToken = new int[offsets[n]];
            for (int s = 0; s < steps; s++) {
                int m = 0;
                while (m < n && lengths[order[m]] > s) m++;
                active[s] = m;
                stepStart[s + 1] = stepStart[s] + m;
                for (int r = 0; r < m; r++) {
                    int b = order[r];
                    forwardToken[stepStart[s] + r] = offsets[b] + s;
                    reverseToken[stepStart[s] + r] = offsets[b] + lengths[b] - 1 - s;
                }
            }
        }

        /** Number of sequences B. */
        public int size() { return lengths.length; }

        /** Number of tokens N, the sum of the lengths. */
        public int tokens() { return offsets[lengths.length]; }

        /** The longest length: the number of lock-step steps. */
        public int steps() { return active.length; }

        public int length(int b) { return lengths[b]; }

        /** First token-major row of sequence {@code b}. */
        public int offset(int b) { return offsets[b]; }

        /** {@code B_s}: the sequences running at step {@code s}. */
        int active(int s) { return active[s]; }

        int stepStart(int s) { return stepStart[s]; }

        /** The token-major row of every step-major row, for one direction. */
        int[] tokenOf(boolean reverse) { return reverse ? reverseToken : forwardToken; }
    }

    /** The features of several sequences packed one after the other, {@code [N, D]}. */
    public static float[] concat(List<float[]> sequences) {
        int total = 0;
        for (float[] s : sequences) total += s.length;
        float[] x = new float[total];
        int at = 0;
        for (float[] s : sequences) {
            System.arraycopy(s, 0, x, at, s.length);
            at += s.length;
        }
        return x;
    }

    /** What backward needs for one batch. */
    public record Cache(Batch batch, float[][] layerInputs, Direction.Trace[][] traces, float[] top) {
        /** Tokens N of the batch. */
        public int length() { return batch.tokens(); }
    }

    public record Out(float[] logits, Cache cache) {}

    /** {@code logits[T, numLabels]} for one sequence of features {@code x[T, inputSize]} (a batch of one). */
    public Out forward(Kernels k, float[] x, int length) {
        return forward(k, x, new Batch(length));
    }

    /**
     * {@code logits[N, numLabels]} for a batch of sequences packed token-major, {@code x[N, inputSize]}
     * (see {@link #concat}), all run in lock-step.
     */
    public Out forward(Kernels k, float[] x, Batch batch) {
        int n = batch.tokens();
        if (x.length != n * inputSize) throw new IllegalArgumentException("expected " + n + " x " + inputSize + " features, got " + x.length);
        float[][] inputs = new float[LAYERS + 1][];
        Direction.Trace[][] traces = new Direction.Trace[LAYERS][2];
        inputs[0] = x;
        for (int l = 0; l < LAYERS; l++) {
            float[] out = new float[n * 2 * hidden]; // out [N, 2u]: forward outputs, then reverse outputs
            for (int d = 0; d < 2; d++) traces[l][d] = dirs[l][d].forward(k, inputs[l], batch, out, d * hidden);
            inputs[l + 1] = out;
        }
        float[] logits = classifier.forward(k, inputs[LAYERS], n); // logits [N, numLabels]
        return new Out(logits, new Cache(batch, inputs, traces, inputs[LAYERS]));
    }

    /** Accumulates every gradient from {@code dLogits[N, numLabels]}; returns {@code dx[N, inputSize]}. */
    public float[] backward(Kernels k, float[] dLogits, Cache c) {
        return backward(k, dLogits, c, true);
    }

    /**
     * Accumulates every parameter gradient from {@code dLogits[N, numLabels]}; returns {@code dx[N, inputSize]},
     * or null without {@code inputGradient} (frozen features need none: that saves the product with the
     * widest weight).
     */
    public float[] backward(Kernels k, float[] dLogits, Cache c, boolean inputGradient) {
        int n = c.batch().tokens();
        float[] dOut = classifier.backward(k, dLogits, c.top(), n); // dOut [N, 2u]
        for (int l = LAYERS - 1; l >= 0; l--) {
            int in = l == 0 ? inputSize : 2 * hidden;
            float[] dIn = l == 0 && !inputGradient ? null : new float[n * in]; // dIn [N, in]: the sum over both directions
            for (int d = 0; d < 2; d++) dirs[l][d].backward(k, dOut, d * hidden, c.traces()[l][d], c.layerInputs()[l], c.batch(), dIn, d == 1);
            dOut = dIn;
        }
        return dOut;
    }

    /**
     * Mean cross-entropy over the words of one batch of sequences whose labels are not -100, with
     * gradients accumulated; returns the loss. The batch runs in lock-step.
     */
    public double forwardBackward(Kernels k, List<float[]> sequences, List<int[]> labels) {
        if (sequences.size() != labels.size()) throw new IllegalArgumentException(sequences.size() + " sequences, " + labels.size() + " label arrays");
        int words = 0;
        int[] lengths = new int[labels.size()];
        for (int s = 0; s < lengths.length; s++) {
            lengths[s] = labels.get(s).length;
            for (int v : labels.get(s)) if (v != -100) words++;
        }
        if (words == 0) return 0;
        int[] y = new int[Arrays.stream(lengths).sum()];
        int at = 0;
        for (int[] l : labels) {
            System.arraycopy(l, 0, y, at, l.length);
            at += l.length;
        }
        Out o = forward(k, concat(sequences), new Batch(lengths));
        float[] d = new float[o.logits().length];
        double total = loss(o.logits(), y, d, 1.0 / words);
        backward(k, d, o.cache(), false);
        return total / words;
    }

    /** Summed cross-entropy of the labelled rows; writes {@code scale * dLoss/dLogits} if {@code d} is not null. */
    public double loss(float[] logits, int[] labels, float[] d, double scale) {
        double total = 0;
        float[] row = new float[numLabels], dr = d == null ? null : new float[numLabels];
        int[] y = new int[1];
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] == -100) continue;
            System.arraycopy(logits, t * numLabels, row, 0, numLabels);
            y[0] = labels[t];
            total += SoftmaxCrossEntropy.forwardBackward(row, 1, numLabels, y, dr, scale);
            if (d != null) System.arraycopy(dr, 0, d, t * numLabels, numLabels);
        }
        return total;
    }

    /**
     * One direction of one layer, over a whole {@link Batch}. Shapes: {@code u} = hidden, {@code N} =
     * tokens of the batch, {@code m} = {@code B_s} rows of step {@code s}; "step-major" arrays have their
     * rows in {@link Batch} step order, "token-major" ones in the packed order of the input.
     */
    public static final class Direction {
        final Param wIh, wHh, b;
        final int in, hidden;
        final boolean reverse;

        /**
         * The states of every step, step-major: gates after their nonlinearity {@code [N, 4u]} (i, f, g, o
         * per row), cell {@code c}, {@code tanh(c)}, output {@code h} and the previous output {@code hPrev}
         * (zeros at step 0), each {@code [N, u]}.
         */
        public record Trace(float[] gates, float[] c, float[] tanhC, float[] h, float[] hPrev) {}

        Direction(String prefix, int layer, boolean reverse, int in, int hidden) {
            String suffix = "_l" + layer + (reverse ? "_reverse" : "");
            this.in = in;
            this.hidden = hidden;
            this.reverse = reverse;
            wIh = Param.zeros(prefix + ".weight_ih" + suffix, 4 * hidden, in);
            wHh = Param.zeros(prefix + ".weight_hh" + suffix, 4 * hidden, hidden);
            b = Param.zeros(prefix + ".bias" + suffix, 4 * hidden);
        }

        /**
         * Runs the direction over token-major {@code x[N, in]}, writing its outputs into columns
         * {@code col .. col + u} of token-major {@code out[N, 2u]}.
         */
        Trace forward(Kernels k, float[] x, Batch bt, float[] out, int col) {
            int u = hidden, g4 = 4 * u, n = bt.tokens(), outWidth = 2 * u;
            int[] token = bt.tokenOf(reverse);
            float[] zx = new float[n * g4]; // zx [N, 4u] token-major = x W_ih^T + b, all tokens at once
            k.matmulTransB(x, 0, wIh.value(), 0, zx, 0, n, g4, in, b.value(), false);
            float[] gates = new float[n * g4];                                   // step-major [N, 4u]
            float[] c = new float[n * u], tc = new float[n * u], h = new float[n * u], hPrev = new float[n * u]; // step-major [N, u]
            PackedMatrix whh = k.pack(wHh.value(), 0, g4, u);                     // W_hh [4u, u], for h W_hh^T
            for (int s = 0; s < bt.steps(); s++) {
                int m = bt.active(s), r0 = bt.stepStart(s), p0 = s > 0 ? bt.stepStart(s - 1) : -1;
                for (int r = 0; r < m; r++) System.arraycopy(zx, token[r0 + r] * g4, gates, (r0 + r) * g4, g4); // z [m, 4u] = zx of this step's tokens
                if (s > 0) {
                    System.arraycopy(h, p0 * u, hPrev, r0 * u, m * u);           // hPrev [m, u] = first m rows of h of step s-1
                    k.matmulPacked(hPrev, r0 * u, whh, gates, r0 * g4, m, null, true); // z [m, 4u] += hPrev [m, u] W_hh^T
                }
                activate(k, gates, r0 * g4, m, u);                              // i, f, o = sigmoid(z), g = tanh(z), in place
                for (int r = 0; r < m; r++) {                                   // c, h [m, u]
                    int z0 = (r0 + r) * g4, q0 = (r0 + r) * u, cp = s > 0 ? (p0 + r) * u : -1;
                    for (int j = 0; j < u; j++) {
                        float cPrev = cp < 0 ? 0f : c[cp + j];
                        c[q0 + j] = gates[z0 + u + j] * cPrev + gates[z0 + j] * gates[z0 + 2 * u + j]; // c = f c_prev + i g
                    }
                }
                System.arraycopy(c, r0 * u, tc, r0 * u, m * u);
                k.tanh(tc, r0 * u, m * u);                                      // tanh(c) [m, u]
                for (int r = 0; r < m; r++) {
                    int z0 = (r0 + r) * g4 + 3 * u, q0 = (r0 + r) * u, o0 = token[r0 + r] * outWidth + col;
                    for (int j = 0; j < u; j++) {
                        float hv = gates[z0 + j] * tc[q0 + j];                  // h = o tanh(c)
                        h[q0 + j] = hv;
                        out[o0 + j] = hv;                                       // out [N, 2u] token-major
                    }
                }
            }
            return new Trace(gates, c, tc, h, hPrev);
        }

        /**
         * BPTT from columns {@code col .. col + u} of token-major {@code dOut[N, 2u]} (the gradient of this
         * direction's outputs); accumulates the parameter gradients and writes (or, with
         * {@code accumulate}, adds) token-major {@code dx[N, in]} unless it is null.
         */
        void backward(Kernels k, float[] dOut, int col, Trace tr, float[] x, Batch bt, float[] dx, boolean accumulate) {
            int u = hidden, g4 = 4 * u, n = bt.tokens(), outWidth = 2 * u;
            int[] token = bt.tokenOf(reverse);
            float[] gates = tr.gates(), c = tr.c(), tc = tr.tanhC();
            float[] dz = new float[n * g4];                                     // dz [N, 4u] step-major
            float[] dhRec = new float[bt.size() * u], dcRec = new float[bt.size() * u]; // [m, u]: from step s+1 into step s
            float[] whhT = transpose(wHh.value(), g4, u);                       // W_hh^T [u, 4u], packed for dz W_hh
            PackedMatrix whh = k.pack(whhT, 0, u, g4);
            for (int s = bt.steps() - 1; s >= 0; s--) {
                int m = bt.active(s), r0 = bt.stepStart(s), p0 = s > 0 ? bt.stepStart(s - 1) : -1;
                int mNext = s + 1 < bt.steps() ? bt.active(s + 1) : 0;          // rows that have a step s+1
                for (int r = 0; r < m; r++) {
                    int z0 = (r0 + r) * g4, q0 = (r0 + r) * u, o0 = token[r0 + r] * outWidth + col, cp = s > 0 ? (p0 + r) * u : -1;
                    boolean next = r < mNext;
                    for (int j = 0; j < u; j++) {
                        float iv = gates[z0 + j], fv = gates[z0 + u + j], gv = gates[z0 + 2 * u + j], ov = gates[z0 + 3 * u + j];
                        float tcv = tc[q0 + j], cPrev = cp < 0 ? 0f : c[cp + j];
                        float dh = dOut[o0 + j] + (next ? dhRec[r * u + j] : 0f);    // dh = dOut + dh from step s+1
                        float dc = dh * ov * (1 - tcv * tcv) + (next ? dcRec[r * u + j] : 0f);
                        dz[z0 + j] = dc * gv * iv * (1 - iv);                         // d z_i
                        dz[z0 + u + j] = dc * cPrev * fv * (1 - fv);                  // d z_f
                        dz[z0 + 2 * u + j] = dc * iv * (1 - gv * gv);                 // d z_g
                        dz[z0 + 3 * u + j] = dh * tcv * ov * (1 - ov);                // d z_o
                        dcRec[r * u + j] = dc * fv;                                   // d c_prev [m, u]
                    }
                }
                if (s > 0) k.matmulPacked(dz, r0 * g4, whh, dhRec, 0, m, null, false); // d hPrev [m, u] = dz [m, 4u] W_hh
            }
            if (bt.steps() > 1) {
                int first = bt.stepStart(1); // the rows of step 0 have no hPrev
                // dW_hh [4u, u] += dz^T [4u, N'] hPrev [N', u], over the N' = N - B_0 rows of steps 1..
                k.matmulTransA(dz, first * g4, tr.hPrev(), first * u, wHh.grad(), 0, g4, u, n - first, true);
            }
            float[] dzTok = new float[n * g4];                                  // dz [N, 4u] token-major
            for (int q = 0; q < n; q++) System.arraycopy(dz, q * g4, dzTok, token[q] * g4, g4);
            k.matmulTransA(dzTok, 0, x, 0, wIh.grad(), 0, g4, in, n, true);     // dW_ih [4u, in] += dz^T x
            k.sumRows(dzTok, 0, n, g4, b.grad(), 0, true);                      // db [4u] += sum_rows dz
            if (dx != null) k.matmul(dzTok, 0, wIh.value(), 0, dx, 0, n, in, g4, accumulate); // dx [N, in] (+)= dz W_ih
        }

        /** In place over rows {@code [m, 4u]} at {@code off}: i, f, o = sigmoid, g = tanh, as sigmoid(v) = (1 + tanh(v / 2)) / 2. */
        private static void activate(Kernels k, float[] z, int off, int m, int u) {
            int g4 = 4 * u;
            for (int r = 0; r < m; r++) {
                int z0 = off + r * g4;
                for (int j = 0; j < 2 * u; j++) z[z0 + j] *= 0.5f;
                for (int j = 3 * u; j < g4; j++) z[z0 + j] *= 0.5f;
            }
            k.tanh(z, off, m * g4);
            for (int r = 0; r < m; r++) {
                int z0 = off + r * g4;
                for (int j = 0; j < 2 * u; j++) z[z0 + j] = 0.5f * z[z0 + j] + 0.5f;
                for (int j = 3 * u; j < g4; j++) z[z0 + j] = 0.5f * z[z0 + j] + 0.5f;
            }
        }

        /** {@code a[rows, cols]} transposed, in 32 x 32 tiles. */
        private static float[] transpose(float[] a, int rows, int cols) {
            float[] t = new float[rows * cols];
            for (int i0 = 0; i0 < rows; i0 += 32) {
                for (int j0 = 0; j0 < cols; j0 += 32) {
                    int i1 = Math.min(rows, i0 + 32), j1 = Math.min(cols, j0 + 32);
                    for (int i = i0; i < i1; i++) for (int j = j0; j < j1; j++) t[j * rows + i] = a[i * cols + j];
                }
            }
            return t;
        }
    }
}
