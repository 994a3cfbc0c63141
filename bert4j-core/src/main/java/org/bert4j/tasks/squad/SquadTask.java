package org.bert4j.tasks.squad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForQuestionAnswering;
import org.bert4j.heads.SpanHead;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * SQuAD fine-tuning (paper §4.2) for the {@link org.bert4j.train.Trainer}: one training example is one
 * window ({@link SquadFeature}) with its start and end token; evaluation predicts the held-out
 * questions ({@link #predict}), decodes them with {@link SquadDecoder} and scores them with the
 * official EM/F1 ({@link SquadEvaluator}).
 */
public final class SquadTask implements TrainableTask<SquadTask.Batch> {
    /** Windows to run per forward pass when predicting. */
    public static final int PREDICT_BATCH = 16;

    public record Batch(PackedBatch packed, int[] startPositions, int[] endPositions) {}

    private final BertForQuestionAnswering model;
    private final List<SquadFeature> train;
    private final List<SquadExample> evalExamples;
    private final List<SquadFeature> evalFeatures;
    private final SquadDecoder.Config decoder;
    private Map<String, SquadPrediction> lastPredictions = Map.of();

    /**
     * @param train        training windows
     * @param evalExamples questions to evaluate on (may be empty: no evaluation)
     * @param evalFeatures their windows (built with {@code training = false})
     */
    public SquadTask(BertForQuestionAnswering model, List<SquadFeature> train, List<SquadExample> evalExamples,
                     List<SquadFeature> evalFeatures, SquadDecoder.Config decoder) {
        this.model = model;
        this.train = List.copyOf(train);
        this.evalExamples = List.copyOf(evalExamples);
        this.evalFeatures = List.copyOf(evalFeatures);
        this.decoder = decoder;
    }

    /** Token lengths of the training windows (for the sampler's bucketing). */
    public int[] lengths() {
        return train.stream().mapToInt(SquadFeature::length).toArray();
    }

    public int trainingExamples() { return train.size(); }

    @Override
    public List<Param> params() { return model.params(); }

    @Override
    public Batch batch(int[] idx) {
        int[][] ids = new int[idx.length][], segs = new int[idx.length][];
        int[] start = new int[idx.length], end = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            SquadFeature f = train.get(idx[i]);
            ids[i] = f.inputIds();
            segs[i] = f.segmentIds();
            start[i] = f.startPosition();
            end[i] = f.endPosition();
        }
        return new Batch(PackedBatch.of(ids, segs, null), start, end);
    }

    @Override
    public StepMetrics forwardBackward(Batch batch, Rng rng) {
        ForwardContext ctx = new ForwardContext(true, new SplittableRandom(rng.nextLong()));
        double loss = model.forwardBackward(batch.packed(), batch.startPositions(), batch.endPositions(), ctx);
        return new StepMetrics(loss, batch.startPositions().length);
    }

    /** {@code exact_match} and {@code f1} (×100) on the evaluation questions; v2.0 adds the official v2 keys. */
    @Override
    public Map<String, Double> evaluate() {
        if (evalExamples.isEmpty()) return Map.of();
        lastPredictions = predict(model, evalExamples, evalFeatures, decoder, PREDICT_BATCH);
        return score(evalExamples, lastPredictions, decoder.versionTwoWithNegative());
    }

    /** The predictions of the last {@link #evaluate()}. */
    public Map<String, SquadPrediction> lastPredictions() { return lastPredictions; }

    /** Official scores: v1.1 {@code exact_match}, {@code f1}; v2.0 also {@code HasAns_*}/{@code NoAns_*}. */
    public static Map<String, Double> score(List<SquadExample> examples, Map<String, SquadPrediction> predictions, boolean v2) {
        Map<String, String> texts = new LinkedHashMap<>();
        predictions.forEach((id, p) -> texts.put(id, p.text()));
        Map<String, Double> out = new LinkedHashMap<>();
        if (!v2) {
            SquadEvaluator.V1Result r = SquadEvaluator.evaluateV1(examples, texts);
            out.put("exact_match", r.exact());
            out.put("f1", r.f1());
            return out;
        }
        Map<String, Double> r = SquadEvaluator.evaluateV2(examples, texts, null, 1.0);
        out.put("exact_match", r.get("exact"));
        out.put("f1", r.get("f1"));
        r.forEach((k, v) -> { if (!k.equals("exact") && !k.equals("f1")) out.put(k, v); });
        return out;
    }

    /** Start/end logits of every window, decoded into one prediction per question. */
    public static Map<String, SquadPrediction> predict(BertForQuestionAnswering model, List<SquadExample> examples,
                                                       List<SquadFeature> features, SquadDecoder.Config decoder, int batchSize) {
        List<float[]> starts = new ArrayList<>(), ends = new ArrayList<>();
        for (int from = 0; from < features.size(); from += batchSize) {
            List<SquadFeature> chunk = features.subList(from, Math.min(features.size(), from + batchSize));
            int[][] ids = chunk.stream().map(SquadFeature::inputIds).toArray(int[][]::new);
            int[][] segs = chunk.stream().map(SquadFeature::segmentIds).toArray(int[][]::new);
            PackedBatch b = PackedBatch.of(ids, segs, null);
            float[] logits = model.logits(b);
            for (int i = 0; i < chunk.size(); i++) {
                starts.add(SpanHead.startLogits(logits, b, i));
                ends.add(SpanHead.endLogits(logits, b, i));
            }
        }
        return new SquadDecoder(decoder).decode(examples, features, starts, ends);
    }
}
