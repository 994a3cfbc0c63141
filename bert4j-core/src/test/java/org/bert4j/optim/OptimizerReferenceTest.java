package org.bert4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;
import org.junit.jupiter.api.Test;

/**
 * Three steps of each optimizer against {@code reference/make_optimizer_fixtures.py}: PyTorch's
 * {@code torch.optim.AdamW} and Google's BERT Adam and NVIDIA's LAMB written in torch ops, on six
 * tensors named like BERT parameters (LayerNorm and bias ones excluded from decay, one starting at 0).
 */
class OptimizerReferenceTest {
    static final double TOL = 1e-6;
    final OptimizerFixture fx = new OptimizerFixture();

    private void check(String key, Optimizer opt) {
        List<Param> ps = fx.params();
        double worst = 0;
        for (int s = 0; s < fx.steps(); s++) {
            fx.setGrads(ps, s);
            opt.step(ps, fx.lr(s));
            for (Param p : ps) {
                float[] want = fx.expected(key, s, p.name());
                for (int i = 0; i < want.length; i++) {
                    double d = Math.abs(want[i] - p.value()[i]);
                    worst = Math.max(worst, d);
                    assertEquals(want[i], p.value()[i], TOL, key + " step " + (s + 1) + " " + p.name() + "[" + i + "]");
                }
            }
        }
        assertEquals(fx.steps(), opt.stepCount());
        System.out.printf("%s: max |java - torch| after %d steps = %.3g%n", key, fx.steps(), worst);
    }

    private WeightDecayExclusion exclusion() {
        return new WeightDecayExclusion(fx.exclusion());
    }

    @Test
    void adamwMatchesTorchOptimAdamW() {
        check("adamw", new AdamW(0.9, 0.999, 1e-8, fx.weightDecay(), exclusion()));
    }

    @Test
    void bertAdamMatchesGoogleAdamWeightDecayOptimizer() {
        check("bert_adam", new BertAdam(0.9, 0.999, 1e-6, fx.weightDecay(), exclusion()));
    }

    @Test
    void lambMatchesApexFusedLamb() {
        check("lamb", new Lamb(0.9, 0.999, 1e-6, fx.weightDecay(), exclusion(), false));
    }

    @Test
    void nvLambAppliesTrustRatioToEveryParameter() {
        check("nvlamb", new Lamb(0.9, 0.999, 1e-6, fx.weightDecay(), exclusion(), true));
    }

    @Test
    void adamwStateMatchesTorchStateDictNames() {
        Optimizer opt = new AdamW(0.9, 0.999, 1e-8, fx.weightDecay(), exclusion());
        List<Param> ps = fx.params();
        for (int s = 0; s < fx.steps(); s++) {
            fx.setGrads(ps, s);
            opt.step(ps, fx.lr(s));
        }
        OptimizerState st = opt.state();
        assertEquals(3, st.step());
        assertEquals(2 * ps.size(), st.tensors().size());
        fx.root.get("adamw_state").fields().forEachRemaining(e -> {
            float[] want = OptimizerFixture.floats(e.getValue());
            float[] got = st.tensors().get(e.getKey());
            assertTrue(got != null, "missing state tensor " + e.getKey());
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-7, e.getKey() + "[" + i + "]");
        });
    }

    @Test
    void savedStateContinuesIdentically() {
        for (String kind : List.of("adamw", "bert_adam", "lamb")) {
            Optimizer straight = Optimizer.byName(kind, 0.1);
            List<Param> a = fx.params();
            for (int s = 0; s < 3; s++) {
                fx.setGrads(a, s);
                straight.step(a, fx.lr(s));
            }
            Optimizer first = Optimizer.byName(kind, 0.1);
            List<Param> b = fx.params();
            fx.setGrads(b, 0);
            first.step(b, fx.lr(0));
            Optimizer resumed = Optimizer.byName(kind, 0.1);
            resumed.loadState(first.state());
            for (int s = 1; s < 3; s++) {
                fx.setGrads(b, s);
                resumed.step(b, fx.lr(s));
            }
            for (int i = 0; i < a.size(); i++) {
                assertTrue(java.util.Arrays.equals(a.get(i).value(), b.get(i).value()), kind + ": " + a.get(i).name());
            }
        }
    }

    @Test
    void loadStateRejectsOtherOptimizerKinds() {
        OptimizerState s = new OptimizerState("Lamb", 1, Map.of());
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.01).loadState(s));
    }

    @Test
    void exclusionFollowsGoogleNames() {
        WeightDecayExclusion g = WeightDecayExclusion.google();
        assertTrue(g.decays("bert.encoder.layer.0.attention.self.query.weight"));
        assertTrue(!g.decays("bert.encoder.layer.0.attention.self.query.bias"));
        assertTrue(!g.decays("bert.embeddings.LayerNorm.weight"));
        assertTrue(!g.decays("encoder/layer_norm/gamma"));
        assertTrue(WeightDecayExclusion.none().decays("x.bias"));
    }
}
