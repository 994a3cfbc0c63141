package org.bert4j.tasks.features;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;

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

    /** What backward needs for one sequence. */
    public record Cache(int length, float[][] layerInputs, Direction.Trace[][] traces, float[] top) {}

    public record Out(float[] logits, Cache cache) {}

    /** {@code logits[T, numLabels]} for one sequence of features {@code x[T, inputSize]}. */
    public Out forward(Kernels k, float[] x, int length) {
        if (x.length != length * inputSize) throw new IllegalArgumentException("expected " + length + " x " + inputSize + " features, got " + x.length);
        float[][] inputs = new float[LAYERS + 1][];
        Direction.Trace[][] traces = new Direction.Trace[LAYERS][2];
        inputs[0] = x;
        for (int l = 0; l < LAYERS; l++) {
            float[] out = new float[length * 2 * hidden];
            for (int d = 0; d < 2; d++) {
                traces[l][d] = dirs[l][d].forward(k, inputs[l], length);
                float[] h = traces[l][d].h();
                for (int t = 0; t < length; t++) System.arraycopy(h, t * hidden, out, t * 2 * hidden + d * hidden, hidden);
            }
            inputs[l + 1] = out;
        }
        float[] logits = classifier.forward(k, inputs[LAYERS], length);
        return new Out(logits, new Cache(length, inputs, traces, inputs[LAYERS]));
    }

    /** Accumulates every gradient from {@code dLogits[T, numLabels]}; returns {@code dx[T, inputSize]}. */
    public float[] backward(Kernels k, float[] dLogits, Cache c) {
        int n = c.length();
        float[] dOut = classifier.backward(k, dLogits, c.top(), n);
        for (int l = LAYERS - 1; l >= 0; l--) {
            int in = l == 0 ? inputSize : 2 * hidden;
            float[] dIn = new float[n * in];
            for (int d = 0; d < 2; d++) {
                float[] dh = new float[n * hidden];
                for (int t = 0; t < n; t++) System.arraycopy(dOut, t * 2 * hidden + d * hidden, dh, t * hidden, hidden);
                float[] dx = dirs[l][d].backward(k, dh, c.traces()[l][d], c.layerInputs()[l], n);
                for (int i = 0; i < dIn.length; i++) dIn[i] += dx[i];
            }
            dOut = dIn;
        }
        return dOut;
    }

    /**
     * Mean cross-entropy over the words of one batch of sequences whose labels are not -100, with
     * gradients accumulated; returns the loss.
     */
    public double forwardBackward(Kernels k, List<float[]> sequences, List<int[]> labels) {
        int words = 0;
        for (int[] y : labels) for (int v : y) if (v != -100) words++;
        if (words == 0) return 0;
        double total = 0;
        for (int s = 0; s < sequences.size(); s++) {
            int[] y = labels.get(s);
            Out o = forward(k, sequences.get(s), y.length);
            float[] d = new float[o.logits().length];
            total += loss(o.logits(), y, d, 1.0 / words);
            backward(k, d, o.cache());
        }
        return total / words;
    }

    /** Summed cross-entropy of the labelled rows; writes {@code scale * dLoss/dLogits} if {@code d} is not null. */
    public double loss(float[] logits, int[] labels, float[] d, double scale) {
        double total = 0;
        float[] row = new float[numLabels], dr = d == null ? null : new float[numLabels];
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] == -100) continue;
            System.arraycopy(logits, t * numLabels, row, 0, numLabels);
            total += SoftmaxCrossEntropy.forwardBackward(row, 1, numLabels, new int[] {labels[t]}, dr, scale);
            if (d != null) System.arraycopy(dr, 0, d, t * numLabels, numLabels);
        }
        return total;
    }

    /** One direction of one layer. */
    public static final class Direction {
        final Param wIh, wHh, b;
        final int in, hidden;
        final boolean reverse;

        /** Per time step (in sequence order): gates after their nonlinearity, cell and output state. */
        public record Trace(float[] i, float[] f, float[] g, float[] o, float[] c, float[] tanhC, float[] h) {}

        Direction(String prefix, int layer, boolean reverse, int in, int hidden) {
            String suffix = "_l" + layer + (reverse ? "_reverse" : "");
            this.in = in;
            this.hidden = hidden;
            this.reverse = reverse;
            wIh = Param.zeros(prefix + ".weight_ih" + suffix, 4 * hidden, in);
            wHh = Param.zeros(prefix + ".weight_hh" + suffix, 4 * hidden, hidden);
            b = Param.zeros(prefix + ".bias" + suffix, 4 * hidden);
        }

        Trace forward(Kernels k, float[] x, int n) {
            int u = hidden, g4 = 4 * u;
            float[] z = new float[n * g4];
            k.matmulTransB(x, 0, wIh.value(), 0, z, 0, n, g4, in, b.value(), false); // input projection of every step
            float[] gi = new float[n * u], gf = new float[n * u], gg = new float[n * u], go = new float[n * u];
            float[] c = new float[n * u], tc = new float[n * u], h = new float[n * u];
            float[] whh = wHh.value();
            for (int s = 0; s < n; s++) {
                int t = reverse ? n - 1 - s : s, prev = reverse ? t + 1 : t - 1;
                boolean first = s == 0;
                for (int j = 0; j < g4; j++) {
                    double acc = z[t * g4 + j];
                    if (!first) for (int q = 0; q < u; q++) acc += whh[j * u + q] * h[prev * u + q];
                    z[t * g4 + j] = (float) acc;
                }
                for (int j = 0; j < u; j++) {
                    float iv = sigmoid(z[t * g4 + j]), fv = sigmoid(z[t * g4 + u + j]);
                    float gv = (float) Math.tanh(z[t * g4 + 2 * u + j]), ov = sigmoid(z[t * g4 + 3 * u + j]);
                    float cPrev = first ? 0f : c[prev * u + j];
                    float cv = fv * cPrev + iv * gv, tcv = (float) Math.tanh(cv);
                    gi[t * u + j] = iv; gf[t * u + j] = fv; gg[t * u + j] = gv; go[t * u + j] = ov;
                    c[t * u + j] = cv; tc[t * u + j] = tcv; h[t * u + j] = ov * tcv;
                }
            }
            return new Trace(gi, gf, gg, go, c, tc, h);
        }

        /** BPTT from {@code dh[T, hidden]} (the gradient of this direction's outputs); returns {@code dx[T, in]}. */
        float[] backward(Kernels k, float[] dh, Trace tr, float[] x, int n) {
            int u = hidden, g4 = 4 * u;
            float[] dz = new float[n * g4];
            float[] dhNext = new float[u], dcNext = new float[u];
            float[] whh = wHh.value(), dWhh = wHh.grad();
            for (int s = n - 1; s >= 0; s--) {
                int t = reverse ? n - 1 - s : s, prev = reverse ? t + 1 : t - 1;
                boolean first = s == 0;
                for (int j = 0; j < u; j++) {
                    int q = t * u + j;
                    float dhv = dh[q] + dhNext[j];
                    float dO = dhv * tr.tanhC()[q];
                    float dc = dhv * tr.o()[q] * (1 - tr.tanhC()[q] * tr.tanhC()[q]) + dcNext[j];
                    float cPrev = first ? 0f : tr.c()[prev * u + j];
                    float iv = tr.i()[q], fv = tr.f()[q], gv = tr.g()[q], ov = tr.o()[q];
                    dz[t * g4 + j] = dc * gv * iv * (1 - iv);
                    dz[t * g4 + u + j] = dc * cPrev * fv * (1 - fv);
                    dz[t * g4 + 2 * u + j] = dc * iv * (1 - gv * gv);
                    dz[t * g4 + 3 * u + j] = dO * ov * (1 - ov);
                    dcNext[j] = dc * fv;
                }
                java.util.Arrays.fill(dhNext, 0f);
                if (!first) {
                    for (int j = 0; j < g4; j++) {
                        float d = dz[t * g4 + j];
                        if (d == 0f) continue;
                        for (int q = 0; q < u; q++) {
                            dhNext[q] += whh[j * u + q] * d;
                            dWhh[j * u + q] += d * tr.h()[prev * u + q];
                        }
                    }
                }
            }
            k.matmulTransA(dz, 0, x, 0, wIh.grad(), 0, g4, in, n, true);
            k.sumRows(dz, 0, n, g4, b.grad(), 0, true);
            float[] dx = new float[n * in];
            k.matmul(dz, 0, wIh.value(), 0, dx, 0, n, in, g4, false);
            return dx;
        }

        private static float sigmoid(float v) {
            return (float) (1 / (1 + Math.exp(-v)));
        }
    }
}
