package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bert4j.heads.BertForPreTraining;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tiny odd-shaped BERT against reference/make_tiny_fixtures.py (plain PyTorch in float64, HF
 * modeling_bert semantics with the extended attention mask), layer by layer, for both GELU forms.
 */
class TinyReferenceTest {
    static final double TOL = 2e-5;

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh"})
    void everyLayerPooledAndHeadLogitsMatchPyTorch(String act) {
        try (TinyFixture f = new TinyFixture(act)) {
            BertForPreTraining m = BertForPreTraining.load(f.weights, f.config);
            PackedBatch batch = f.batch();
            BertForPreTraining.Output out = m.forward(batch);
            int h = f.config.hiddenSize();
            for (int i = 0; i <= f.config.numHiddenLayers(); i++) {
                double d = f.maxDiffUnmasked(out.bert().padded(i), f.tensor("hidden_states." + i), h);
                System.out.printf("%s hidden_states.%d max abs diff %.3g%n", act, i, d);
                assertTrue(d < TOL, act + " hidden_states." + i + " differs by " + d);
            }
            double dp = TinyFixture.maxDiff(out.bert().pooled(), f.tensor("pooled"));
            double dm = f.maxDiffUnmasked(batch.unpack(out.mlmLogits(), f.config.vocabSize()), f.tensor("mlm_logits"), f.config.vocabSize());
            double dn = TinyFixture.maxDiff(out.nspLogits(), f.tensor("nsp_logits"));
            System.out.printf("%s pooled %.3g, mlm logits %.3g, nsp logits %.3g%n", act, dp, dm, dn);
            assertTrue(dp < TOL, "pooled " + dp);
            assertTrue(dm < 5 * TOL, "mlm logits " + dm);
            assertTrue(dn < TOL, "nsp logits " + dn);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh"})
    void packedInferenceWeightsGiveTheSameOutputs(String act) {
        try (TinyFixture f = new TinyFixture(act)) {
            BertModel m = BertModel.load(f.weights, f.config).packForInference();
            for (int i = 0; i <= f.config.numHiddenLayers(); i++) {
                double d = f.maxDiffUnmasked(m.forward(f.inputIds, f.tokenTypeIds, f.attentionMask).padded(i), f.tensor("hidden_states." + i), 36);
                assertTrue(d < TOL, act + " packed hidden_states." + i + " differs by " + d);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh"})
    void geluFormsGiveDifferentOutputs(String act) {
        // guards against the activation setting being ignored: the other form's reference must NOT match
        String other = act.equals("gelu") ? "gelu_tanh" : "gelu";
        try (TinyFixture f = new TinyFixture(act); TinyFixture g = new TinyFixture(other)) {
            BertModel m = BertModel.load(f.weights, f.config);
            BertModel.Output out = m.forward(f.inputIds, f.tokenTypeIds, f.attentionMask);
            double d = f.maxDiffUnmasked(out.padded(3), g.tensor("hidden_states.3"), f.config.hiddenSize());
            assertTrue(d > 1e-4, "the " + other + " reference should differ, diff " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh"})
    void lossAndEveryGradientMatchPyTorch(String act) {
        try (TinyFixture f = new TinyFixture(act)) {
            BertForPreTraining m = BertForPreTraining.load(f.weights, f.config);
            m.zeroGrad();
            BertForPreTraining.Loss loss = m.forwardBackward(f.batch(), f.mlmLabels, f.nspLabels, org.bert4j.nn.ForwardContext.training(1));
            System.out.printf("%s loss %.7f (PyTorch %.7f), mlm %.7f, nsp %.7f%n", act, loss.total(), f.tensor("loss")[0], loss.mlm(), loss.nsp());
            assertEquals(f.tensor("loss")[0], loss.total(), 1e-5);
            assertEquals(f.tensor("mlm_loss")[0], loss.mlm(), 1e-5);
            assertEquals(f.tensor("nsp_loss")[0], loss.nsp(), 1e-5);
            double worst = 0;
            String worstName = "";
            int n = 0;
            for (org.bert4j.nn.Param p : m.params()) {
                float[] ref = f.tensor("grad." + p.name());
                double d = TinyFixture.maxDiff(p.grad(), ref) / Math.max(1e-3, TinyFixture.maxAbs(ref));
                if (d > worst) { worst = d; worstName = p.name(); }
                n++;
            }
            System.out.printf("%s: %d gradients, worst relative max diff %.3g (%s)%n", act, n, worst, worstName);
            assertEquals(f.expected.names().stream().filter(s -> s.startsWith("grad.")).count(), n, "every parameter has a reference gradient");
            assertTrue(worst < 1e-4, "gradient of " + worstName + " differs by " + worst + " (relative to its largest entry)");
        }
    }
}
