package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * Fine-tuning a {@link ClassifierModel} on GLUE (or a user's own) classification data for the
 * {@link org.bert4j.train.Trainer}: batches are {@link PaddedBatch}es of training features, one step is
 * the model's forward and backward (dropout from the trainer's random stream), and {@link #evaluate}
 * scores the development features ({@link ClassifierEvaluation}); the last result, with its
 * predictions and report, stays available as {@link #lastEvaluation()}.
 */
public final class GlueTrainingTask implements TrainableTask<PaddedBatch> {
    private final ClassifierModel model;
    private final List<Feature> train, dev;
    private final GlueTask task;
    private final int padId, evalBatchSize;
    private final List<Param> params;
    private ClassifierEvaluation.Result lastEvaluation;

    /**
     * @param task          the GLUE task (its metrics), or null for a user's own data
     * @param evalBatchSize sequences per evaluation forward pass
     */
    public GlueTrainingTask(ClassifierModel model, List<Feature> train, List<Feature> dev, GlueTask task, int padId, int evalBatchSize) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples");
        for (Feature f : train) {
            if (!f.hasLabel()) throw new IllegalArgumentException("training example " + f.guid() + " has no label");
        }
        this.model = model;
        this.train = List.copyOf(train);
        this.dev = dev == null ? List.of() : List.copyOf(dev);
        this.task = task;
        this.padId = padId;
        this.evalBatchSize = evalBatchSize;
        this.params = model.params();
    }

    public ClassifierModel model() { return model; }

    /** Token lengths of the training features (for the sampler's length bucketing). */
    public int[] lengths() {
        int[] l = new int[train.size()];
        for (int i = 0; i < l.length; i++) l[i] = train.get(i).length();
        return l;
    }

    @Override
    public List<Param> params() {
        return params;
    }

    @Override
    public PaddedBatch batch(int[] exampleIndices) {
        List<Feature> fs = new ArrayList<>(exampleIndices.length);
        for (int i : exampleIndices) fs.add(train.get(i));
        return PaddedBatch.of(fs, padId);
    }

    @Override
    public StepMetrics forwardBackward(PaddedBatch batch, Rng rng) {
        ForwardContext ctx = new ForwardContext(true, new SplittableRandom(rng.nextLong()));
        ClassifierModel.Loss loss = model.forwardBackward(pack(batch), batch.labels(), batch.scores(), ctx);
        if (model.labels().isRegression()) return new StepMetrics(loss.loss(), batch.batchSize());
        int k = model.labels().numOutputs(), correct = 0;
        for (int b = 0; b < batch.batchSize(); b++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (loss.logits()[b * k + c] > loss.logits()[b * k + best]) best = c;
            if (best == batch.labels()[b]) correct++;
        }
        return new StepMetrics(loss.loss(), batch.batchSize(), Map.of("train_acc", (double) correct / batch.batchSize()));
    }

    @Override
    public Map<String, Double> evaluate() {
        if (dev.isEmpty()) return Map.of();
        lastEvaluation = ClassifierEvaluation.evaluate(model, dev, task, evalBatchSize, padId);
        return lastEvaluation.metrics();
    }

    /** The result of the last {@link #evaluate} call, or null. */
    public ClassifierEvaluation.Result lastEvaluation() {
        return lastEvaluation;
    }

    /** The padded batch without its padding, as the encoder takes it. */
    public static PackedBatch pack(PaddedBatch b) {
        int n = b.batchSize(), t = b.seqLen();
        int[][] ids = new int[n][], types = new int[n][], mask = new int[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = java.util.Arrays.copyOfRange(b.inputIds(), i * t, (i + 1) * t);
            types[i] = java.util.Arrays.copyOfRange(b.typeIds(), i * t, (i + 1) * t);
            mask[i] = java.util.Arrays.copyOfRange(b.attentionMask(), i * t, (i + 1) * t);
        }
        return PackedBatch.of(ids, types, mask);
    }
}
