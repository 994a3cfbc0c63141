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

    /** Reports extraction progress: {@code done} of {@code total} sentences. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /** Sentences per call of the embedder during extraction (it batches them further itself). */
    static final int EXTRACT_CHUNK = 64;
    /** Sentences per lock-step batch of {@link #predict}. */
    static final int PREDICT_BATCH = 64;

    /**
     * Word features of every sentence: the given layers of each word's first sub-token, combined
     * ({@link LayerCombine#NONE} is taken as concat); words without a token get zeros.
     */
    public static List<Sentence> extract(Embedder embedder, LabelAligner aligner, List<ConllSentence> sentences, List<String> labels,
                                         int[] layers, LayerCombine combine, float[] weights) {
        return extractLayers(embedder, aligner, sentences, labels, layers, null).features(layers, combine, weights);
    }

    /**
     * Runs the frozen model once over all sentences (batched) and keeps, for each word, the hidden states
     * of the given layers at its first sub-token; any combination of these layers can then be built
     * with {@link WordLayers#features} without running the model again. Layers are numbered as
     * {@link Embedder} numbers them: 0 the embedding output, 1..L the encoder layers, -1 the last.
     *
     * @param progress nullable
     */
    public static WordLayers extractLayers(Embedder embedder, LabelAligner aligner, List<ConllSentence> sentences, List<String> labels,
                                           int[] layers, Progress progress) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) ids.put(labels.get(i), i);
        int h = embedder.model().config().hiddenSize(), states = embedder.model().config().numHiddenLayers() + 1;
        int[] abs = java.util.Arrays.stream(layers).map(l -> resolve(l, states)).distinct().sorted().toArray();
        List<float[][]> values = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (int from = 0; from < sentences.size(); from += EXTRACT_CHUNK) {
            List<ConllSentence> chunk = sentences.subList(from, Math.min(sentences.size(), from + EXTRACT_CHUNK));
            List<List<LabelAligner.Feature>> pieces = new ArrayList<>();
            List<Inputs> inputs = new ArrayList<>();
            for (ConllSentence s : chunk) {
                List<LabelAligner.Feature> p = aligner.align(s.tokens(), null, Map.of());
                pieces.add(p);
                for (LabelAligner.Feature f : p) inputs.add(new Inputs(f.inputIds(), f.segmentIds(), null, null));
            }
            List<Embedder.TokenEmbeddings> emb = embedder.tokenEmbeddings(inputs, abs);
            int e = 0;
            for (int i = 0; i < chunk.size(); i++) {
                ConllSentence s = chunk.get(i);
                float[][] v = new float[abs.length][s.size() * h]; // v [layer][words * H]
                for (LabelAligner.Feature piece : pieces.get(i)) {
                    float[][][] ev = emb.get(e++).values(); // ev [layer][token][H]
                    int[] wids = piece.wordIds();
                    int prev = -1;
                    for (int t = 0; t < wids.length; t++) {
                        int w = wids[t];
                        if (w >= 0 && w != prev) {
                            for (int l = 0; l < abs.length; l++) System.arraycopy(ev[l][t], 0, v[l], w * h, h);
                        }
                        if (w >= 0) prev = w;
                    }
                }
                int[] y = new int[s.size()];
                for (int w = 0; w < y.length; w++) {
                    Integer id = ids.get(s.ner().get(w));
                    y[w] = id == null ? -100 : id;
                }
                values.add(v);
                ys.add(y);
            }
            if (progress != null) progress.update(from + chunk.size(), sentences.size());
        }
        return new WordLayers(abs, h, states, values, ys);
    }

    private static int resolve(int layer, int states) {
        int l = layer < 0 ? states + layer : layer;
        if (l < 0 || l >= states) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: the model has hidden states 0.." + (states - 1)
                    + " (0 = embeddings) or -1..-" + states);
        }
        return l;
    }

    /**
     * Per-word hidden states of some layers of every sentence, as {@link #extractLayers} kept them, and
     * the label ids. Memory: {@code words x layers x H} floats.
     */
    public static final class WordLayers {
        private final int[] layers;
        private final int hidden, states;
        private final List<float[][]> values; // [sentence][layer][words * H]
        private final List<int[]> labels;

        WordLayers(int[] layers, int hidden, int states, List<float[][]> values, List<int[]> labels) {
            this.layers = layers;
            this.hidden = hidden;
            this.states = states;
            this.values = values;
            this.labels = labels;
        }

        /** The hidden states kept, as absolute numbers (0 = embeddings .. L), ascending. */
        public int[] layers() { return layers.clone(); }

        public int hiddenSize() { return hidden; }

        public int sentences() { return values.size(); }

        public int words() { return labels.stream().mapToInt(y -> y.length).sum(); }

        /**
         * The features of the given layers (any numbering {@link Embedder} accepts; each must have been
         * extracted), combined. A single layer concatenated or summed shares the extracted arrays.
         */
        public List<Sentence> features(int[] layers, LayerCombine combine, float[] weights) {
            LayerCombine c = combine == LayerCombine.NONE ? LayerCombine.CONCAT : combine;
            if (c == LayerCombine.WEIGHTED_SUM && (weights == null || weights.length != layers.length)) {
                throw new IllegalArgumentException("weighted-sum needs one weight per layer: " + layers.length);
            }
            int[] at = new int[layers.length];
            for (int i = 0; i < layers.length; i++) {
                int abs = resolve(layers[i], states);
                at[i] = java.util.Arrays.binarySearch(this.layers, abs);
                if (at[i] < 0) throw new IllegalArgumentException("layer " + layers[i] + " was not extracted (have " + java.util.Arrays.toString(this.layers) + ")");
            }
            int h = hidden, width = c.width(layers.length, h);
            boolean shared = layers.length == 1 && c != LayerCombine.WEIGHTED_SUM;
            List<Sentence> out = new ArrayList<>(values.size());
            for (int s = 0; s < values.size(); s++) {
                float[][] v = values.get(s);
                int words = labels.get(s).length;
                float[] x;
                if (shared) {
                    x = v[at[0]];
                } else {
                    x = new float[words * width]; // x [words, width]
                    for (int l = 0; l < at.length; l++) {
                        float[] src = v[at[l]];
                        if (c == LayerCombine.CONCAT) {
                            for (int w = 0; w < words; w++) System.arraycopy(src, w * h, x, w * width + l * h, h);
                        } else {
                            float wt = c == LayerCombine.SUM ? 1f : weights[l];
                            for (int i = 0; i < words * h; i++) x[i] += wt * src[i];
                        }
                    }
                }
                out.add(new Sentence(x, labels.get(s)));
            }
            return out;
        }
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

    /** Tags of every sentence (argmax per word), in lock-step batches. */
    public List<List<String>> predict(List<Sentence> sentences) {
        List<List<String>> out = new ArrayList<>();
        int n = labels.size();
        for (int from = 0; from < sentences.size(); from += PREDICT_BATCH) {
            List<Sentence> chunk = sentences.subList(from, Math.min(sentences.size(), from + PREDICT_BATCH));
            List<float[]> xs = new ArrayList<>();
            int[] lengths = new int[chunk.size()];
            for (int i = 0; i < lengths.length; i++) {
                xs.add(chunk.get(i).features());
                lengths[i] = chunk.get(i).labels().length;
            }
            BiLstmTagger.Batch batch = new BiLstmTagger.Batch(lengths);
            float[] logits = tagger.forward(k, BiLstmTagger.concat(xs), batch).logits(); // logits [N, labels]
            for (int i = 0; i < lengths.length; i++) {
                List<String> tags = new ArrayList<>();
                for (int t = batch.offset(i); t < batch.offset(i) + lengths[i]; t++) {
                    int best = 0;
                    for (int c = 1; c < n; c++) if (logits[t * n + c] > logits[t * n + best]) best = c;
                    tags.add(labels.get(best));
                }
                out.add(tags);
            }
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
