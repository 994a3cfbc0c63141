package org.bert4j.tasks.multiplechoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForMultipleChoice;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * SWAG / multiple-choice fine-tuning (paper §4.4) for the {@link org.bert4j.train.Trainer}: each
 * example's choices are encoded by {@link ChoiceFeatures} and flattened into {@code batch * choices}
 * sequences; evaluation is accuracy ({@link ChoiceAccuracy}).
 */
public final class MultipleChoiceTask implements TrainableTask<MultipleChoiceTask.Batch> {
    public static final int PREDICT_BATCH = 8;

    public record Batch(PackedBatch packed, int choices, int[] labels) {}

    private final BertForMultipleChoice model;
    private final List<ChoiceFeature> train;
    private final List<ChoiceFeature> eval;

    public MultipleChoiceTask(BertForMultipleChoice model, List<ChoiceFeature> train, List<ChoiceFeature> eval) {
        checkChoices(train, "training");
        checkChoices(eval, "evaluation");
        for (ChoiceFeature f : train) if (f.label() < 0) throw new IllegalArgumentException("a training example has no label");
        this.model = model;
        this.train = List.copyOf(train);
        this.eval = List.copyOf(eval);
    }

    private static void checkChoices(List<ChoiceFeature> fs, String what) {
        for (ChoiceFeature f : fs) {
            if (f.choices() != fs.get(0).choices()) {
                throw new IllegalArgumentException(what + " examples have " + fs.get(0).choices() + " and " + f.choices() + " choices");
            }
        }
    }

    public int[] lengths() {
        return train.stream().mapToInt(f -> java.util.Arrays.stream(f.inputMask()).mapToInt(m -> java.util.Arrays.stream(m).sum()).max().orElse(0)).toArray();
    }

    @Override
    public List<Param> params() { return model.params(); }

    /** Flattens {@code [batch, choices, T]} to {@code [batch * choices, T]} (HF {@code view(-1, T)}). */
    public static PackedBatch flatten(List<ChoiceFeature> fs) {
        List<int[]> ids = new ArrayList<>(), segs = new ArrayList<>(), mask = new ArrayList<>();
        for (ChoiceFeature f : fs) {
            for (int c = 0; c < f.choices(); c++) {
                ids.add(f.inputIds()[c]);
                segs.add(f.segmentIds()[c]);
                mask.add(f.inputMask()[c]);
            }
        }
        return PackedBatch.of(ids.toArray(int[][]::new), segs.toArray(int[][]::new), mask.toArray(int[][]::new));
    }

    @Override
    public Batch batch(int[] idx) {
        List<ChoiceFeature> fs = new ArrayList<>();
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            fs.add(train.get(idx[i]));
            labels[i] = train.get(idx[i]).label();
        }
        return new Batch(flatten(fs), fs.get(0).choices(), labels);
    }

    @Override
    public StepMetrics forwardBackward(Batch batch, Rng rng) {
        ForwardContext ctx = new ForwardContext(true, new SplittableRandom(rng.nextLong()));
        return new StepMetrics(model.forwardBackward(batch.packed(), batch.choices(), batch.labels(), ctx), batch.labels().length);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) return Map.of();
        return Map.of("accuracy", ChoiceAccuracy.accuracy(predict(model, eval), eval.stream().map(ChoiceFeature::label).toList()));
    }

    /** The choice logits of every example. */
    public static List<float[]> predict(BertForMultipleChoice model, List<ChoiceFeature> features) {
        List<float[]> out = new ArrayList<>();
        for (int from = 0; from < features.size(); from += PREDICT_BATCH) {
            List<ChoiceFeature> chunk = features.subList(from, Math.min(features.size(), from + PREDICT_BATCH));
            float[] logits = model.logits(flatten(chunk));
            int c = chunk.get(0).choices();
            for (int i = 0; i < chunk.size(); i++) out.add(java.util.Arrays.copyOfRange(logits, i * c, (i + 1) * c));
        }
        return out;
    }
}
