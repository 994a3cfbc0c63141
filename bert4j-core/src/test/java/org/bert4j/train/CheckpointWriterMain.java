package org.bert4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;
import org.bert4j.optim.OptimizerState;

/**
 * Child process of {@link CheckpointKillTest}: continues from the newest complete checkpoint in
 * {@code args[0]} and writes checkpoints 1, 2, 3, ... (about 12 MB each) forever, printing
 * {@code saving N} before and {@code saved N} after each. Values are a function of the step, so the parent can check that
 * whatever survives a {@code kill -9} is exactly one step's data.
 */
public final class CheckpointWriterMain {
    static final int ROWS = 1000, COLS = 1000;

    static float value(long step, int i) {
        return (float) (step * 1000 + (i % 997));
    }

    static float moment(long step, int i) {
        return (float) (step + i * 1e-3);
    }

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        long step = Checkpoints.latest(run).map(Checkpoints::stepOf).orElse(0L);
        Param w = Param.zeros("bert.encoder.layer.0.output.dense.weight", ROWS, COLS);
        Param b = Param.zeros("bert.encoder.layer.0.output.dense.bias", ROWS);
        float[] m = new float[ROWS * COLS], v = new float[ROWS * COLS];
        while (true) {
            step++;
            for (int i = 0; i < w.size(); i++) {
                w.value()[i] = value(step, i);
                m[i] = moment(step, i);
                v[i] = -moment(step, i);
            }
            for (int i = 0; i < b.size(); i++) b.value()[i] = value(step, i);
            OptimizerState opt = new OptimizerState("AdamW", step, Map.of(w.name() + ".exp_avg", m, w.name() + ".exp_avg_sq", v));
            TrainerState state = new TrainerState(step, new BatchSampler.Position(0, (int) step), step * 31, step, 0, Double.NaN, -1,
                    1.0 / step, "AdamW", Map.of("writer", "CheckpointWriterMain"));
            System.out.println("saving " + step);
            System.out.flush();
            Checkpoints.save(run, List.of(w, b), opt, state, 2);
            System.out.println("saved " + step);
            System.out.flush();
        }
    }
}
