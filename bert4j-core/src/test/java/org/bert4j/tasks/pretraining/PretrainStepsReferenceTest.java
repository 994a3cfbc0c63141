package org.bert4j.tasks.pretraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.model.TinyFixture;
import org.bert4j.nn.Param;
import org.bert4j.optim.AdamW;
import org.bert4j.optim.BertAdam;
import org.bert4j.optim.Optimizer;
import org.bert4j.optim.WeightDecayExclusion;
import org.bert4j.train.BatchSampler;
import org.bert4j.train.MetricsLog;
import org.bert4j.train.TrainConfig;
import org.bert4j.train.Trainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three optimizer steps of pre-training on the tiny BERT, through the whole training path
 * (PretrainingTask collation, BertForPreTraining loss and backward, Trainer clipping at 1.0, linear
 * schedule, optimizer), against reference/make_pretrain_steps.py: plain PyTorch in float64 with
 * torch.optim.AdamW and Google's AdamWeightDecayOptimizer written in torch.
 */
class PretrainStepsReferenceTest {
    @TempDir Path tmp;

    /** The fixture batch of make_tiny_fixtures.py as unpadded instances. */
    static List<PretrainingInstance> fixtureInstances() {
        return List.of(
                new PretrainingInstance(new int[] {2, 17, 45, 3, 88, 61, 3}, new int[] {0, 0, 0, 0, 1, 1, 1},
                        new int[] {1, 5}, new int[] {31, 62}, false),
                new PretrainingInstance(new int[] {2, 9, 3, 70, 3}, new int[] {0, 0, 0, 1, 1}, new int[] {3}, new int[] {5}, true),
                new PretrainingInstance(new int[] {2, 98, 3}, new int[] {0, 0, 0}, new int[] {1}, new int[] {98}, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "bert-adam"})
    void threeStepsMatchPyTorch(String kind) throws URISyntaxException {
        Path expectedFile = Path.of(getClass().getResource("/fixtures/pretrain/steps-" + kind + ".safetensors").toURI());
        try (TinyFixture f = new TinyFixture("gelu"); TensorSource expected = Checkpoints.openRaw(expectedFile)) {
            BertForPreTraining model = BertForPreTraining.load(f.weights, f.config);
            PretrainingTask task = new PretrainingTask(model, fixtureInstances(), List.of(), PretrainingObjective.MLM_NSP, null, 0, 8);
            Optimizer opt = kind.equals("adamw")
                    ? new AdamW(0.9, 0.999, 1e-6, 0.01, WeightDecayExclusion.google())
                    : new BertAdam(0.9, 0.999, 1e-6, 0.01, WeightDecayExclusion.google());
            TrainConfig config = new TrainConfig(3, 1, 1.0, "linear", 1e-3, 0, 0, 0, 1, 7, null, true, false);
            BatchSampler sampler = new BatchSampler(task.lengths(), 3, 7, false, 1, false);
            new Trainer<>(task, sampler, opt, config, tmp).run();

            List<JsonNode> lines = MetricsLog.read(tmp.resolve(MetricsLog.FILE));
            assertEquals(3, lines.size());
            for (String key : List.of("loss", "mlm_loss", "nsp_loss", "grad_norm", "lr")) {
                float[] want = expected.get(key).toFloatArray();
                for (int s = 0; s < 3; s++) {
                    double got = lines.get(s).get(key).asDouble();
                    System.out.printf("%s step %d %s %.7f (PyTorch %.7f)%n", kind, s + 1, key, got, want[s]);
                    assertEquals(want[s], got, 1e-5 * Math.abs(want[s]), kind + " step " + (s + 1) + " " + key);
                }
            }
            double worst = 0;
            String worstName = null;
            for (Param p : task.params()) {
                float[] want = expected.get("weight." + p.name()).toFloatArray();
                assertEquals(want.length, p.size(), p.name());
                for (int i = 0; i < want.length; i++) {
                    double d = Math.abs(want[i] - p.value()[i]);
                    if (d > worst) {
                        worst = d;
                        worstName = p.name() + "[" + i + "]";
                    }
                }
            }
            System.out.printf("%s: largest weight difference after 3 steps %.3g at %s%n", kind, worst, worstName);
            assertTrue(worst < 1e-5, kind + ": weights differ by " + worst + " at " + worstName);
        }
    }
}
