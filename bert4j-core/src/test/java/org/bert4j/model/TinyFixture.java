package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.TensorData;
import org.bert4j.checkpoint.TensorSource;

/**
 * The tiny odd-shaped BERT of reference/make_tiny_fixtures.py (vocab 99, H 36, 4 heads of 9, intermediate
 * 37, 3 layers, 40 positions): its weights and the plain-PyTorch activations and gradients.
 */
public final class TinyFixture implements AutoCloseable {
    public final BertConfig config;
    public final TensorSource weights;
    public final TensorSource expected;
    public final int[][] inputIds, tokenTypeIds, attentionMask, mlmLabels;
    public final int[] nspLabels;

    public TinyFixture(String act) {
        Path dir = dir();
        config = BertConfig.fromJson(dir.resolve("config.json")).withHiddenAct(act);
        weights = Checkpoints.open(dir.resolve("weights.safetensors"));
        expected = Checkpoints.openRaw(dir.resolve("activations-" + act + ".safetensors"));
        inputIds = ints2("input_ids");
        tokenTypeIds = ints2("token_type_ids");
        attentionMask = ints2("attention_mask");
        mlmLabels = ints2("mlm_labels");
        long[] nsp = expected.get("nsp_labels").toLongArray();
        nspLabels = new int[nsp.length];
        for (int i = 0; i < nsp.length; i++) nspLabels[i] = (int) nsp[i];
    }

    public static Path dir() {
        try {
            return Path.of(TinyFixture.class.getResource("/fixtures/tiny/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public PackedBatch batch() {
        return PackedBatch.of(inputIds, tokenTypeIds, attentionMask);
    }

    public float[] tensor(String name) {
        return expected.get(name).toFloatArray();
    }

    private int[][] ints2(String name) {
        TensorData t = expected.get(name);
        long[] v = t.toLongArray();
        int rows = (int) t.dim(0), cols = (int) t.dim(1);
        int[][] out = new int[rows][cols];
        for (int i = 0; i < v.length; i++) out[i / cols][i % cols] = (int) v[i];
        return out;
    }

    /** Max |a - b| over the positions whose attention mask is 1 ({@code a, b: [batch, seq, width]}). */
    public double maxDiffUnmasked(float[] a, float[] b, int width) {
        assertArrayEquals(new int[] {a.length}, new int[] {b.length});
        double max = 0;
        int seq = inputIds[0].length;
        for (int i = 0; i < inputIds.length; i++) {
            for (int t = 0; t < seq; t++) {
                if (attentionMask[i][t] == 0) continue;
                for (int j = 0; j < width; j++) {
                    int o = (i * seq + t) * width + j;
                    max = Math.max(max, Math.abs(a[o] - b[o]));
                }
            }
        }
        assertTrue(Double.isFinite(max));
        return max;
    }

    public static double maxDiff(float[] a, float[] b) {
        assertArrayEquals(new int[] {a.length}, new int[] {b.length});
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        if (Double.isNaN(max)) throw new AssertionError("NaN");
        return max;
    }

    /** Largest |value| of a, to state relative tolerances. */
    public static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Override
    public void close() {
        weights.close();
        expected.close();
    }
}
