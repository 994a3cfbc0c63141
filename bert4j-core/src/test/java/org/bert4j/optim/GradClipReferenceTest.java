package org.bert4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.bert4j.nn.Param;
import org.junit.jupiter.api.Test;

/** {@link GradClip} against {@code torch.nn.utils.clip_grad_norm_} (fixture from make_optimizer_fixtures.py). */
class GradClipReferenceTest {
    final OptimizerFixture fx = new OptimizerFixture();

    @Test
    void clipGlobalNormMatchesTorch() {
        for (JsonNode c : fx.root.get("clip")) {
            List<Param> ps = fx.params();
            fx.setGrads(ps, 0);
            double norm = GradClip.clipGlobalNorm(ps, c.get("max_norm").asDouble());
            assertEquals(c.get("total_norm").asDouble(), norm, 1e-5);
            for (Param p : ps) {
                float[] want = OptimizerFixture.floats(c.get("clipped").get(p.name()));
                for (int i = 0; i < want.length; i++) assertEquals(want[i], p.grad()[i], 1e-6, p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void clippedNormIsMaxNorm() {
        List<Param> ps = fx.params();
        fx.setGrads(ps, 0);
        GradClip.clipGlobalNorm(ps, 0.5);
        assertEquals(0.5, GradClip.globalNorm(ps), 1e-5);
    }

    @Test
    void nonFiniteNormLeavesGradientsAlone() {
        Param p = Param.zeros("w", 2);
        p.grad()[0] = Float.NaN;
        p.grad()[1] = 3f;
        assertTrue(Double.isNaN(GradClip.clipGlobalNorm(List.of(p), 1.0)));
        assertEquals(3f, p.grad()[1]);
    }
}
