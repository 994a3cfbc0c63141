package org.bert4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;

/**
 * A two-layer MLP classifier with dropout and a hand-written backward, the stand-in model for the
 * trainer tests (the trainer must not depend on the BERT model). Synthetic, seeded data:
 * {@code logits = W2 dropout(tanh(W1 x + b1)) + b2}, softmax cross-entropy. Parameter names follow
 * BERT's so weight-decay exclusion is exercised. {@code poisonCall} makes that forward/backward
 * call (1-based) return a NaN loss, {@code infGradCall} an infinite gradient.
 */
final class ToyMlpTask implements TrainableTask<ToyMlpTask.Batch> {
    record Batch(float[][] x, int[] y) {}

    final int inputs, hidden, classes;
    final float[][] features;
    final int[] labels;
    final int[] lengths;
    final float dropout;
    final Param w1, b1, w2, b2;
    final List<Param> params;
    long poisonCall = -1, infGradCall = -1;
    private long calls;

    /** {@code initSeed} initializes the weights; {@code dataSeed} draws the data. */
    ToyMlpTask(int examples, int inputs, int hidden, int classes, float dropout, long dataSeed, long initSeed) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        this.dropout = dropout;
        Rng d = Rng.seeded(dataSeed);
        features = new float[examples][inputs];
        labels = new int[examples];
        lengths = new int[examples];
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < inputs; j++) features[i][j] = (float) d.nextGaussian();
            labels[i] = d.nextInt(classes);
            lengths[i] = 3 + d.nextInt(60);
        }
        Rng r = Rng.seeded(initSeed);
        w1 = init("bert.encoder.layer.0.intermediate.dense.weight", r, hidden, inputs);
        b1 = Param.zeros("bert.encoder.layer.0.intermediate.dense.bias", hidden);
        w2 = init("classifier.weight", r, classes, hidden);
        b2 = Param.zeros("classifier.bias", classes);
        params = List.of(w1, b1, w2, b2);
    }

    private static Param init(String name, Rng r, int out, int in) {
        Param p = Param.zeros(name, out, in);
        for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (r.nextGaussian() * 0.5);
        return p;
    }

    @Override
    public List<Param> params() {
        return params;
    }

    @Override
    public Batch batch(int[] idx) {
        float[][] x = new float[idx.length][];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            x[i] = features[idx[i]];
            y[i] = labels[idx[i]];
        }
        return new Batch(x, y);
    }

    @Override
    public StepMetrics forwardBackward(Batch b, Rng rng) {
        calls++;
        int n = b.y().length;
        double lossSum = 0;
        int correct = 0;
        float[] h = new float[hidden], a = new float[hidden], mask = new float[hidden], logits = new float[classes];
        for (int e = 0; e < n; e++) {
            float[] x = b.x()[e];
            for (int j = 0; j < hidden; j++) {
                float s = b1.value()[j];
                for (int k = 0; k < inputs; k++) s += w1.value()[j * inputs + k] * x[k];
                h[j] = (float) Math.tanh(s);
                mask[j] = dropout > 0 ? (rng.nextFloat() < dropout ? 0f : 1f / (1f - dropout)) : 1f;
                a[j] = h[j] * mask[j];
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float s = b2.value()[c];
                for (int j = 0; j < hidden; j++) s += w2.value()[c * hidden + j] * a[j];
                logits[c] = s;
                max = Math.max(max, s);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) z += Math.exp(logits[c] - max);
            int y = b.y()[e];
            lossSum += -(logits[y] - max - Math.log(z));
            int arg = 0;
            for (int c = 1; c < classes; c++) if (logits[c] > logits[arg]) arg = c;
            if (arg == y) correct++;
            // backward of the batch-mean loss
            float[] dA = new float[hidden];
            for (int c = 0; c < classes; c++) {
                float dLogit = (float) ((Math.exp(logits[c] - max) / z - (c == y ? 1 : 0)) / n);
                b2.grad()[c] += dLogit;
                for (int j = 0; j < hidden; j++) {
                    w2.grad()[c * hidden + j] += dLogit * a[j];
                    dA[j] += dLogit * w2.value()[c * hidden + j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                float dPre = dA[j] * mask[j] * (1 - h[j] * h[j]);
                b1.grad()[j] += dPre;
                for (int k = 0; k < inputs; k++) w1.grad()[j * inputs + k] += dPre * x[k];
            }
        }
        if (calls == infGradCall) w1.grad()[0] = Float.POSITIVE_INFINITY;
        double loss = calls == poisonCall ? Double.NaN : lossSum / n;
        Map<String, Double> extras = new LinkedHashMap<>();
        extras.put("accuracy", (double) correct / n);
        return new StepMetrics(loss, n, extras);
    }

    @Override
    public Map<String, Double> evaluate() {
        int correct = 0;
        double loss = 0;
        for (int e = 0; e < labels.length; e++) {
            float[] x = features[e];
            float[] a = new float[hidden], logits = new float[classes];
            for (int j = 0; j < hidden; j++) {
                float s = b1.value()[j];
                for (int k = 0; k < inputs; k++) s += w1.value()[j * inputs + k] * x[k];
                a[j] = (float) Math.tanh(s);
            }
            float max = Float.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                float s = b2.value()[c];
                for (int j = 0; j < hidden; j++) s += w2.value()[c * hidden + j] * a[j];
                logits[c] = s;
                max = Math.max(max, s);
                if (s > logits[arg]) arg = c;
            }
            double z = 0;
            for (int c = 0; c < classes; c++) z += Math.exp(logits[c] - max);
            loss += -(logits[labels[e]] - max - Math.log(z));
            if (arg == labels[e]) correct++;
        }
        return Map.of("loss", loss / labels.length, "accuracy", (double) correct / labels.length);
    }
}
