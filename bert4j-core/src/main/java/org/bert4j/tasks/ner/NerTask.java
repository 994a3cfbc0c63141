package org.bert4j.tasks.ner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bert4j.heads.BertForTokenClassification;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * CoNLL-2003 NER fine-tuning (paper §5.3) for the {@link org.bert4j.train.Trainer}: sentences (IOB2
 * tags) are aligned to word pieces by {@link LabelAligner} (first sub-token labelled, the rest ignored);
 * evaluation tags the held-out sentences ({@link #predict}) and scores entity spans as conlleval does
 * ({@link SpanF1}).
 */
public final class NerTask implements TrainableTask<NerTask.Batch> {
    public static final int PREDICT_BATCH = 32;

    /** @param rowLabels label id per packed row ({@link LabelAligner#IGNORE} outside the loss) */
    public record Batch(PackedBatch packed, int[] rowLabels, int sentences) {}

    private final BertForTokenClassification model;
    private final LabelAligner aligner;
    private final List<LabelAligner.Feature> train;
    private final List<ConllSentence> eval;

    /**
     * @param trainSentences training sentences with IOB2 tags
     * @param evalSentences  held-out sentences with IOB2 tags (may be empty)
     */
    public NerTask(BertForTokenClassification model, LabelAligner aligner, List<ConllSentence> trainSentences,
                   List<ConllSentence> evalSentences) {
        this.model = model;
        this.aligner = aligner;
        Map<String, Integer> ids = labelIds(model.labels());
        List<LabelAligner.Feature> feats = new ArrayList<>();
        for (ConllSentence s : trainSentences) {
            for (String tag : s.ner()) {
                if (!ids.containsKey(tag)) throw new IllegalArgumentException("sentence at line " + s.line() + ": tag " + tag + " is not among the labels " + model.labels());
            }
            feats.addAll(aligner.align(s.tokens(), s.ner(), ids));
        }
        this.train = List.copyOf(feats);
        this.eval = List.copyOf(evalSentences);
    }

    /**
     * The label set of a training file (IOB2): "O" first, then the other tags sorted, with the
     * {@code B-}/{@code I-} pair of every entity type present even if one of them never occurs.
     */
    public static List<String> labelsOf(List<ConllSentence> iob2Sentences) {
        Set<String> types = new java.util.TreeSet<>();
        for (ConllSentence s : iob2Sentences) for (String t : s.ner()) if (!t.equals("O")) types.add(Iob.type(t));
        Set<String> out = new LinkedHashSet<>();
        out.add("O");
        for (String t : types) {
            out.add("B-" + t);
            out.add("I-" + t);
        }
        return List.copyOf(out);
    }

    static Map<String, Integer> labelIds(List<String> labels) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) m.put(labels.get(i), i);
        return m;
    }

    public int[] lengths() { return train.stream().mapToInt(LabelAligner.Feature::length).toArray(); }

    public int trainingExamples() { return train.size(); }

    @Override
    public List<Param> params() { return model.params(); }

    @Override
    public Batch batch(int[] idx) {
        int[][] ids = new int[idx.length][], segs = new int[idx.length][];
        int n = 0;
        for (int i = 0; i < idx.length; i++) {
            LabelAligner.Feature f = train.get(idx[i]);
            ids[i] = f.inputIds();
            segs[i] = f.segmentIds();
            n += f.length();
        }
        int[] labels = new int[n];
        int r = 0;
        for (int i : idx) for (int y : train.get(i).labelIds()) labels[r++] = y;
        return new Batch(PackedBatch.of(ids, segs, null), labels, idx.length);
    }

    @Override
    public StepMetrics forwardBackward(Batch batch, Rng rng) {
        ForwardContext ctx = new ForwardContext(true, new SplittableRandom(rng.nextLong()));
        return new StepMetrics(model.forwardBackward(batch.packed(), batch.rowLabels(), ctx), batch.sentences());
    }

    /** Entity-level {@code precision}, {@code recall}, {@code f1} (×100, conlleval) on the held-out sentences. */
    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) return Map.of();
        SpanF1 score = score(eval, predict(model, aligner, eval));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("precision", score.overall().precision());
        m.put("recall", score.overall().recall());
        m.put("f1", score.overall().f1());
        return m;
    }

    public static SpanF1 score(List<ConllSentence> gold, List<List<String>> predicted) {
        SpanF1 f1 = new SpanF1();
        for (int i = 0; i < gold.size(); i++) f1.add(gold.get(i).ner(), predicted.get(i));
        return f1;
    }

    /** One tag per word of every sentence (words the tokenizer drops get "O"). */
    public static List<List<String>> predict(BertForTokenClassification model, LabelAligner aligner, List<ConllSentence> sentences) {
        List<List<LabelAligner.Feature>> perSentence = new ArrayList<>();
        List<LabelAligner.Feature> all = new ArrayList<>();
        for (ConllSentence s : sentences) {
            List<LabelAligner.Feature> f = aligner.align(s.tokens(), null, Map.of());
            perSentence.add(f);
            all.addAll(f);
        }
        int labels = model.labels().size();
        List<int[]> predicted = new ArrayList<>();
        for (int from = 0; from < all.size(); from += PREDICT_BATCH) {
            List<LabelAligner.Feature> chunk = all.subList(from, Math.min(all.size(), from + PREDICT_BATCH));
            PackedBatch b = PackedBatch.of(chunk.stream().map(LabelAligner.Feature::inputIds).toArray(int[][]::new),
                    chunk.stream().map(LabelAligner.Feature::segmentIds).toArray(int[][]::new), null);
            float[] logits = model.logits(b);
            for (int i = 0; i < chunk.size(); i++) {
                int n = b.length(i), r0 = b.start(i);
                int[] p = new int[n];
                for (int t = 0; t < n; t++) {
                    int best = 0, off = (r0 + t) * labels;
                    for (int c = 1; c < labels; c++) if (logits[off + c] > logits[off + best]) best = c;
                    p[t] = best;
                }
                predicted.add(p);
            }
        }
        List<List<String>> out = new ArrayList<>();
        int k = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<LabelAligner.Feature> f = perSentence.get(s);
            out.add(LabelAligner.wordPredictions(f, predicted.subList(k, k + f.size()), model.labels(), sentences.get(s).size(), "O"));
            k += f.size();
        }
        return out;
    }
}
