package org.bert4j.tasks.pretraining;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.heads.MaskedLmHead;
import org.bert4j.model.BertModel;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * BERT pre-training (paper §3.1, Appendix A.2) as a {@link TrainableTask}: google-research/bert
 * {@code run_pretraining.py}'s model function for the {@link org.bert4j.train.Trainer}.
 *
 * <p>A batch is a list of instances; {@link #forwardBackward} collates it
 * ({@link PretrainingBatch}: padded per batch with {@code [PAD]}, mask 0), optionally re-masks it
 * ({@link DynamicMasking}, drawing from the trainer's generator), and runs
 * {@link BertForPreTraining#forwardBackward}: loss = MLM cross-entropy averaged over all masked
 * positions of the batch + NSP cross-entropy averaged over its sequences. The metrics come from that
 * same forward pass, before the optimizer's update: {@code mlm_loss}, {@code nsp_loss},
 * {@code mlm_accuracy}, {@code nsp_accuracy} (the NSP ones only with {@link PretrainingObjective#MLM_NSP};
 * with {@link PretrainingObjective#LTR} the {@code mlm_*} metrics measure next-token prediction).
 *
 * <p>{@link #evaluate} runs the held-back instances (their masks as stored, no dropout) and reports
 * {@code mlm_loss}, {@code mlm_accuracy}, {@code perplexity} = exp(mean MLM loss over all predicted
 * positions), and with NSP {@code nsp_loss} and {@code nsp_accuracy}.
 */
public final class PretrainingTask implements TrainableTask<List<PretrainingInstance>> {
    private final BertForPreTraining model;
    private final List<PretrainingInstance> train;
    private final List<PretrainingInstance> eval;
    private final PretrainingObjective objective;
    private final DynamicMasking dynamic;
    private final int padId;
    private final int evalBatchSize;
    private final List<Param> params;

    /**
     * @param model         the model; needs the MLM head, and the NSP head for {@link PretrainingObjective#MLM_NSP}
     * @param train         the training instances (indices of the sampler refer to this list)
     * @param eval          held-back instances for {@link #evaluate} (empty: nothing to evaluate)
     * @param objective     what to learn
     * @param dynamic       fresh masks on every use, or null for the stored masks
     * @param padId         the {@code [PAD]} id
     * @param evalBatchSize sequences per evaluation forward pass
     */
    public PretrainingTask(BertForPreTraining model, List<PretrainingInstance> train, List<PretrainingInstance> eval,
                           PretrainingObjective objective, DynamicMasking dynamic, int padId, int evalBatchSize) {
        if (model.mlm == null) throw new IllegalArgumentException("pre-training needs a model with the masked-LM head");
        if (objective.nsp() && model.nsp == null) throw new IllegalArgumentException("objective mlm+nsp needs a model with the next-sentence head");
        if (dynamic != null && objective == PretrainingObjective.LTR) throw new IllegalArgumentException("dynamic masking does not apply to the ltr objective");
        if (evalBatchSize <= 0) throw new IllegalArgumentException("evaluation batch size must be positive");
        this.model = model;
        this.train = List.copyOf(train);
        this.eval = List.copyOf(eval);
        this.objective = objective;
        this.dynamic = dynamic;
        this.padId = padId;
        this.evalBatchSize = evalBatchSize;
        this.params = model.params();
    }

    @Override
    public List<Param> params() {
        return params;
    }

    /** The training instances' lengths (for the sampler's length bucketing). */
    public int[] lengths() {
        int[] l = new int[train.size()];
        for (int i = 0; i < l.length; i++) l[i] = train.get(i).length();
        return l;
    }

    @Override
    public List<PretrainingInstance> batch(int[] exampleIndices) {
        List<PretrainingInstance> b = new ArrayList<>(exampleIndices.length);
        for (int i : exampleIndices) b.add(train.get(i));
        return b;
    }

    @Override
    public StepMetrics forwardBackward(List<PretrainingInstance> instances, Rng rng) {
        long dropoutSeed = rng.nextLong();
        if (dynamic != null) {
            Random masking = new Random(rng.nextLong());
            List<PretrainingInstance> remasked = new ArrayList<>(instances.size());
            for (PretrainingInstance in : instances) remasked.add(dynamic.remask(in, masking));
            instances = remasked;
        }
        PretrainingBatch b = PretrainingBatch.collate(instances, objective, padId);
        ForwardContext ctx = new ForwardContext(true, new SplittableRandom(dropoutSeed), objective == PretrainingObjective.LTR);
        BertForPreTraining.Loss loss = model.forwardBackward(b.packed(), b.mlmLabels(), b.nspLabels(), ctx);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mlm_loss", loss.mlm());
        m.put("mlm_accuracy", loss.mlmPredictions() == 0 ? 0.0 : (double) loss.mlmCorrect() / loss.mlmPredictions());
        if (objective.nsp()) {
            m.put("nsp_loss", loss.nsp());
            m.put("nsp_accuracy", (double) loss.nspCorrect() / instances.size());
        }
        return new StepMetrics(loss.total(), instances.size(), m);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) return Map.of();
        Kernels k = model.bert.kernels();
        int vocab = model.config().vocabSize();
        ForwardContext ctx = ForwardContext.EVAL.withCausal(objective == PretrainingObjective.LTR);
        double mlmLossSum = 0, nspLossSum = 0;
        long predictions = 0, mlmCorrect = 0, nspCorrect = 0;
        for (int from = 0; from < eval.size(); from += evalBatchSize) {
            List<PretrainingInstance> part = eval.subList(from, Math.min(eval.size(), from + evalBatchSize));
            PretrainingBatch b = PretrainingBatch.collate(part, objective, padId);
            BertModel.Output out = model.bert.forward(b.packed(), ctx);
            List<Integer> rows = new ArrayList<>(), labels = new ArrayList<>();
            for (int s = 0; s < part.size(); s++) {
                for (int t = 0; t < b.mlmLabels()[s].length; t++) {
                    if (b.mlmLabels()[s][t] == BertForPreTraining.IGNORE) continue;
                    rows.add(b.packed().row(s, t));
                    labels.add(b.mlmLabels()[s][t]);
                }
            }
            int m = rows.size();
            if (m > 0) {
                int[] rowArr = rows.stream().mapToInt(Integer::intValue).toArray();
                int[] labelArr = labels.stream().mapToInt(Integer::intValue).toArray();
                MaskedLmHead.Out logits = model.mlm.forward(k, out.lastHiddenState(), rowArr, false);
                mlmLossSum += SoftmaxCrossEntropy.forwardBackward(logits.logits(), m, vocab, labelArr, null, 1.0);
                mlmCorrect += BertForPreTraining.correct(logits.logits(), m, vocab, labelArr);
                predictions += m;
            }
            if (objective.nsp()) {
                float[] logits = model.nsp.forward(k, out.pooled(), part.size());
                nspLossSum += SoftmaxCrossEntropy.forwardBackward(logits, part.size(), 2, b.nspLabels(), null, 1.0);
                nspCorrect += BertForPreTraining.correct(logits, part.size(), 2, b.nspLabels());
            }
        }
        Map<String, Double> r = new LinkedHashMap<>();
        double mlmLoss = predictions == 0 ? 0 : mlmLossSum / predictions;
        r.put("mlm_loss", mlmLoss);
        r.put("mlm_accuracy", predictions == 0 ? 0 : (double) mlmCorrect / predictions);
        r.put("perplexity", Math.exp(mlmLoss));
        if (objective.nsp()) {
            r.put("nsp_loss", nspLossSum / eval.size());
            r.put("nsp_accuracy", (double) nspCorrect / eval.size());
        }
        r.put("loss", mlmLoss + (objective.nsp() ? nspLossSum / eval.size() : 0));
        return r;
    }
}
