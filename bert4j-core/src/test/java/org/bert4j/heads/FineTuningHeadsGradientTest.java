package org.bert4j.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.Init;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences against the analytic backward of the fine-tuning heads (span, token
 * classification, multiple choice), alone and on top of a small encoder. The losses are the heads'
 * own cross-entropies, so the tests cover the loss gradients too; dropout masks are drawn from a
 * freshly seeded generator on every call, so every evaluation sees the same mask.
 */
class FineTuningHeadsGradientTest {
    static final float EPS = 1e-2f;
    static final double ABS = 2e-3, REL = 2e-2;
    static final Kernels K = KernelsProvider.get();
    static final int H = 12;
    static final BertConfig CONFIG = new BertConfig(40, H, 1, 2, 24, "gelu", 0.25f, 0f, 16, 2, 0.02f, 1e-12f);

    static float[] random(int n, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (std * r.nextGaussian());
        return x;
    }

    static void init(List<Param> ps, long seed) {
        Init.normal(ps, 0.5f, new SplittableRandom(seed));
        for (Param p : ps) {
            float[] v = p.value();
            SplittableRandom r = new SplittableRandom(seed + p.name().hashCode());
            if (p.name().endsWith("bias")) for (int i = 0; i < v.length; i++) v[i] = (float) (0.1 * r.nextGaussian());
        }
    }

    static void check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = values.length;
        double maxAbs = 0;
        for (float g : analytic) maxAbs = Math.max(maxAbs, Math.abs(g));
        assertTrue(maxAbs > 1e-4, what + ": the analytic gradient is all zero");
        for (int s = 0; s < Math.min(samples, n); s++) {
            int i = samples >= n ? s : r.nextInt(n);
            float v = values[i];
            values[i] = v + EPS;
            double plus = loss.getAsDouble();
            values[i] = v - EPS;
            double minus = loss.getAsDouble();
            values[i] = v;
            double fd = (plus - minus) / (2 * EPS), g = analytic[i];
            assertTrue(Math.abs(fd - g) <= ABS + REL * Math.abs(g), what + "[" + i + "]: analytic " + g + ", finite difference " + fd);
        }
    }

    /** Two sequences of 5 and 3 real tokens (the second padded to 5). */
    static PackedBatch batch() {
        return PackedBatch.of(new int[][] {{2, 7, 9, 3, 11}, {2, 5, 3, 0, 0}}, new int[][] {{0, 0, 0, 1, 1}, {0, 0, 1, 0, 0}},
                new int[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
    }

    @Test
    void spanHead() {
        PackedBatch b = batch();
        SpanHead head = new SpanHead(CONFIG);
        init(head.params(), 1);
        float[] x = random(b.tokens() * H, 2, 1.0);
        int[] start = {1, 2}, end = {3, 2};
        float[] logits = head.forward(K, x, b.tokens());
        float[] d = new float[logits.length];
        double loss = SpanHead.loss(logits, b, start, end, d);
        float[] dx = head.backward(K, d, x, b.tokens());
        assertTrue(loss > 0);
        // the gradient of the start column of one sequence sums to zero (softmax minus one-hot)
        double s = 0;
        for (int t = 0; t < 5; t++) s += d[t * 2];
        assertEquals(0, s, 1e-6);
        DoubleSupplier f = () -> SpanHead.loss(head.forward(K, x, b.tokens()), b, start, end, null);
        check("dx", x, dx, f, 200, 3);
        check("qa_outputs.weight", head.qaOutputs.weight.value(), head.qaOutputs.weight.grad(), f, 200, 4);
        // a bias shared by all tokens of a softmax cancels out: its gradient is zero
        for (float g : head.qaOutputs.bias.grad()) assertEquals(0f, g, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SpanHead.loss(logits, b, new int[] {1, 4}, end, null),
                "position 4 of the second sequence is padding");
    }

    @Test
    void tokenClassificationHeadWithDropoutAndIgnoredLabels() {
        PackedBatch b = batch();
        TokenClassificationHead head = new TokenClassificationHead(CONFIG, 5);
        init(head.params(), 6);
        float[] x = random(b.tokens() * H, 7, 1.0);
        int[] labels = {-100, 3, 0, -100, 4, -100, 1, -100};
        TokenClassificationHead.Out o = head.forward(K, ForwardContext.training(8), x, b.tokens());
        float[] d = new float[o.logits().length];
        double loss = TokenClassificationHead.loss(o.logits(), labels, 5, d);
        float[] dx = head.backward(K, d, o.cache(), b.tokens());
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] != -100) continue;
            for (int c = 0; c < 5; c++) assertEquals(0f, d[r * 5 + c], "ignored row " + r + " has a gradient");
        }
        assertTrue(o.cache().dropoutMask() != null, "dropout applied in training");
        DoubleSupplier f = () -> TokenClassificationHead.loss(head.forward(K, ForwardContext.training(8), x, b.tokens()).logits(), labels, 5, null);
        assertEquals(loss, f.getAsDouble(), 1e-9, "same seed, same mask");
        check("dx", x, dx, f, 200, 9);
        check("classifier.weight", head.classifier.weight.value(), head.classifier.weight.grad(), f, 200, 10);
        check("classifier.bias", head.classifier.bias.value(), head.classifier.bias.grad(), f, 5, 11);
        assertEquals(0.0, TokenClassificationHead.loss(o.logits(), new int[8], 5, null) * 0 + TokenClassificationHead.loss(o.logits(),
                new int[] {-100, -100, -100, -100, -100, -100, -100, -100}, 5, null), "no labelled token: zero loss");
    }

    @Test
    void multipleChoiceHead() {
        int examples = 2, choices = 3;
        MultipleChoiceHead head = new MultipleChoiceHead(CONFIG);
        init(head.params(), 12);
        float[] pooled = random(examples * choices * H, 13, 1.0);
        int[] labels = {2, 0};
        MultipleChoiceHead.Out o = head.forward(K, ForwardContext.training(14), pooled, examples * choices);
        assertEquals(examples * choices, o.logits().length);
        float[] d = new float[o.logits().length];
        MultipleChoiceHead.loss(o.logits(), choices, labels, d);
        float[] dx = head.backward(K, d, o.cache(), examples * choices);
        DoubleSupplier f = () -> MultipleChoiceHead.loss(head.forward(K, ForwardContext.training(14), pooled, examples * choices).logits(),
                choices, labels, null);
        check("dPooled", pooled, dx, f, 72, 15);
        check("classifier.weight", head.classifier.weight.value(), head.classifier.weight.grad(), f, H, 16);
        assertEquals(0f, head.classifier.bias.grad()[0], 1e-6f, "one bias for all choices cancels in the softmax");
    }

    private static BertModel encoder(long seed) {
        BertModel m = new BertModel(CONFIG.withDropout(0f, 0f), true);
        Init.normal(m.params(), 0.3f, new SplittableRandom(seed));
        for (Param p : m.params()) if (p.name().contains("LayerNorm.weight")) java.util.Arrays.fill(p.value(), 1f);
        return m;
    }

    private static void checkSome(List<Param> params, DoubleSupplier f, String... names) {
        int i = 0;
        for (Param p : params) {
            for (String n : names) if (p.name().equals(n)) check(p.name(), p.value(), p.grad(), f, 25, 100 + i++);
        }
    }

    @Test
    void questionAnsweringModelEndToEnd() {
        BertForQuestionAnswering m = new BertForQuestionAnswering(encoder(20), new SpanHead(CONFIG));
        init(m.qa.params(), 21);
        PackedBatch b = batch();
        int[] start = {3, 1}, end = {4, 2};
        m.forwardBackward(b, start, end, ForwardContext.training(1));
        DoubleSupplier f = () -> SpanHead.loss(m.logits(b), b, start, end, null);
        checkSome(m.params(), f, "qa_outputs.weight", "encoder.layer.0.output.dense.weight", "embeddings.word_embeddings.weight",
                "encoder.layer.0.attention.self.query.weight");
    }

    @Test
    void tokenClassificationModelEndToEnd() {
        BertForTokenClassification m = new BertForTokenClassification(encoder(22), new TokenClassificationHead(CONFIG.withDropout(0f, 0f), 4),
                List.of("O", "B-X", "I-X", "B-Y"));
        init(m.head.params(), 23);
        PackedBatch b = batch();
        int[] labels = {-100, 1, 2, 0, -100, -100, 3, -100};
        m.forwardBackward(b, labels, ForwardContext.training(1));
        DoubleSupplier f = () -> TokenClassificationHead.loss(m.logits(b), labels, 4, null);
        checkSome(m.params(), f, "classifier.weight", "encoder.layer.0.intermediate.dense.weight", "embeddings.position_embeddings.weight");
    }

    @Test
    void multipleChoiceModelFlattensChoices() {
        BertForMultipleChoice m = new BertForMultipleChoice(encoder(24), new MultipleChoiceHead(CONFIG.withDropout(0f, 0f)));
        init(m.head.params(), 25);
        // 2 examples x 2 choices, choice-major within each example
        PackedBatch b = PackedBatch.of(new int[][] {{2, 7, 3, 9, 3}, {2, 7, 3, 8, 3}, {2, 5, 3, 6, 3}, {2, 5, 3, 4, 3}},
                new int[][] {{0, 0, 0, 1, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 1, 1}}, null);
        int[] labels = {1, 0};
        m.forwardBackward(b, 2, labels, ForwardContext.training(1));
        DoubleSupplier f = () -> MultipleChoiceHead.loss(m.logits(b), 2, labels, null);
        checkSome(m.params(), f, "classifier.weight", "pooler.dense.weight", "encoder.layer.0.attention.output.dense.weight");
        assertThrows(IllegalArgumentException.class, () -> m.forwardBackward(b, 3, labels, ForwardContext.training(1)));
    }
}
