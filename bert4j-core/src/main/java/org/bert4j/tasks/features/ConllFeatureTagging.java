package org.bert4j.tasks.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.inference.Embedder;
import org.bert4j.inference.Inputs;
import org.bert4j.nn.Param;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.SpanF1;
import org.bert4j.tensor.Kernels;
import org.bert4j.tensor.KernelsProvider;
import org.bert4j.train.Rng;
import org.bert4j.train.StepMetrics;
import org.bert4j.train.TrainableTask;

/**
 * The feature-based approach to CoNLL-2003 NER (paper §5.4): frozen BERT features of each word's first
 * sub-token (the chosen layers, combined), then a {@link BiLstmTagger} trained by the
 * {@link org.bert4j.train.Trainer}; evaluation is conlleval span F1.
 */
public final class ConllFeatureTagging implements TrainableTask<int[]> {
    /** One sentence: features {@code [words, D]} and label ids. */
    public record Sentence(float[] features, int[] labels) {}

    private final BiLstmTagger tagger;
    private final List<Sentence> train, eval;
    private final List<ConllSentence> evalGold;
    private final List<String> labels;
    private final Kernels k = KernelsProvider.get();

    public ConllFeatureTagging(BiLstmTagger tagger, List<String> labels, List<Sentence> train, List<Sentence> eval, List<ConllSentence> evalGold) {
        this.tagger = tagger;
        this.labels = List.copyOf(labels);
        this.train = List.copyOf(train);
        this.eval = List.copyOf(eval);
        this.evalGold = List.copyOf(evalGold);
    }

    /**
     * Word features of every sentence: the given layers of each word's first sub-token, combined
     * ({@link LayerCombine#NONE} is taken as concat); words without a token get zeros.
     */
    public static List<Sentence> extract(Embedder embedder, LabelAligner aligner, List<ConllSentence> sentences, List<String> labels,
                                         int[] layers, LayerCombine combine, float[] weights) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) ids.put(labels.get(i), i);
        int h = embedder.model().config().hiddenSize();
        LayerCombine c = combine == LayerCombine.NONE ? LayerCombine.CONCAT : combine;
        int width = c.width(layers.length, h);
        List<Sentence> out = new ArrayList<>();
        for (ConllSentence s : sentences) {
            List<LabelAligner.Feature> pieces = aligner.align(s.tokens(), null, Map.of());
            List<Inputs> inputs = new ArrayList<>();
            for (LabelAligner.Feature f : pieces) inputs.add(new Inputs(f.inputIds(), f.segmentIds(), null, null));
            List<Embedder.TokenEmbeddings> emb = embedder.tokenEmbeddings(inputs, layers);
            float[] x = new float[s.size() * width];
            for (int p = 0; p < pieces.size(); p++) {
                int[] wids = pieces.get(p).wordIds();
                int prev = -1;
                for (int t = 0; t < wids.length; t++) {
                    int w = wids[t];
                    if (w >= 0 && w != prev) {
                        float[][] v = new float[layers.length][];
                        for (int l = 0; l < layers.length; l++) v[l] = emb.get(p).values()[l][t];
                        System.arraycopy(c.apply(v, weights), 0, x, w * width, width);
                    }
                    if (w >= 0) prev = w;
                }
            }
            int[] y = new int[s.size()];
            for (int i = 0; i < y.length; i++) {
                Integer id = ids.get(s.ner().get(i));
                y[i] = id == null ? -100 : id;
            }
            out.add(new Sentence(x, y));
        }
        return out;
    }

    public BiLstmTagger tagger() { return tagger; }

    public int[] lengths() { return train.stream().mapToInt(s -> s.labels().length).toArray(); }

    @Override
    public List<Param> params() { return tagger.params(); }

    @Override
    public int[] batch(int[] exampleIndices) { return exampleIndices; }

    @Override
    public StepMetrics forwardBackward(int[] batch, Rng rng) {
        List<float[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (int i : batch) {
            xs.add(train.get(i).features());
            ys.add(train.get(i).labels());
        }
        return new StepMetrics(tagger.forwardBackward(k, xs, ys), batch.length);
    }

    /** Tags of every sentence (argmax per word). */
    public List<List<String>> predict(List<Sentence> sentences) {
        List<List<String>> out = new ArrayList<>();
        int n = labels.size();
        for (Sentence s : sentences) {
            float[] logits = tagger.forward(k, s.features(), s.labels().length).logits();
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < s.labels().length; t++) {
                int best = 0;
                for (int c = 1; c < n; c++) if (logits[t * n + c] > logits[t * n + best]) best = c;
                tags.add(labels.get(best));
            }
            out.add(tags);
        }
        return out;
    }

    @Override
    public Map<String, Double> evaluate() {
        if (eval.isEmpty()) return Map.of();
        List<List<String>> p = predict(eval);
        SpanF1 f1 = new SpanF1();
        for (int i = 0; i < evalGold.size(); i++) f1.add(evalGold.get(i).ner(), p.get(i));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("precision", f1.overall().precision());
        m.put("recall", f1.overall().recall());
        m.put("f1", f1.overall().f1());
        return m;
    }
}
