package org.bert4j.tasks.squad;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From start/end logits per window to answer text, as Google's run_squad.py {@code write_predictions}:
 * the {@code nBestSize} highest start and end logits of each window are paired; a pair is kept when
 * both tokens are passage tokens, end ≥ start, the span has at most {@code maxAnswerLength} tokens and
 * the start token has its maximum context in this window. Candidates are ranked by start + end logit,
 * deduplicated by text, and given softmax probabilities.
 *
 * <p>The answer text is the context substring from the start token's first character to the end
 * token's last character (Hugging Face {@code postprocess_qa_predictions}); run_squad.py's
 * {@code get_final_text} reaches the same text through a whitespace word split.
 *
 * <p>v2.0: the null score is the minimum over windows of {@code start[0] + end[0]}; "" is predicted when
 * {@code nullScore − bestNonNull > nullScoreDiffThreshold} ({@code null_score_diff_threshold}); "" is
 * also an n-best candidate. Tune the threshold with {@link SquadEvaluator#findBestThreshold}.
 */
public final class SquadDecoder {

    /**
     * @param nBestSize               candidates kept per question (20)
     * @param maxAnswerLength         longest answer in tokens (30)
     * @param versionTwoWithNegative  SQuAD v2.0: allow the empty answer
     * @param nullScoreDiffThreshold  v2.0 threshold (0.0)
     */
    public record Config(int nBestSize, int maxAnswerLength, boolean versionTwoWithNegative, double nullScoreDiffThreshold) {
        public static final Config V1 = new Config(20, 30, false, 0.0);
        public static final Config V2 = new Config(20, 30, true, 0.0);

        public Config withThreshold(double t) { return new Config(nBestSize, maxAnswerLength, versionTwoWithNegative, t); }
    }

    private final Config config;

    public SquadDecoder(Config config) { this.config = config; }

    private record Prelim(int feature, int start, int end, double startLogit, double endLogit) {
        double score() { return startLogit + endLogit; }
    }

    /**
     * Decodes every example that has at least one feature.
     *
     * @param startLogits one array per feature, same order as {@code features}, at least as long as the feature
     * @return question id → prediction, in example order
     */
    public Map<String, SquadPrediction> decode(List<SquadExample> examples, List<SquadFeature> features,
                                               List<float[]> startLogits, List<float[]> endLogits) {
        if (startLogits.size() != features.size() || endLogits.size() != features.size()) {
            throw new IllegalArgumentException("need one start and one end logit array per feature: " + features.size()
                + " features, " + startLogits.size() + " start, " + endLogits.size() + " end");
        }
        List<List<Integer>> byExample = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) byExample.add(new ArrayList<>());
        for (int f = 0; f < features.size(); f++) byExample.get(features.get(f).exampleIndex()).add(f);
        Map<String, SquadPrediction> out = new LinkedHashMap<>();
        for (int e = 0; e < examples.size(); e++) {
            if (byExample.get(e).isEmpty()) continue;
            out.put(examples.get(e).id(), decodeOne(examples.get(e), byExample.get(e), features, startLogits, endLogits));
        }
        return out;
    }

    private SquadPrediction decodeOne(SquadExample ex, List<Integer> featureIdx, List<SquadFeature> features,
                                      List<float[]> startLogits, List<float[]> endLogits) {
        List<Prelim> prelim = new ArrayList<>();
        double nullScore = Double.POSITIVE_INFINITY;
        int nullFeature = -1;
        double nullStart = 0, nullEnd = 0;
        for (int f : featureIdx) {
            SquadFeature feat = features.get(f);
            float[] sl = startLogits.get(f), el = endLogits.get(f);
            if (sl.length < feat.length() || el.length < feat.length()) {
                throw new IllegalArgumentException("feature " + f + " (" + feat.exampleId() + ") has " + feat.length()
                    + " tokens but " + sl.length + " start / " + el.length + " end logits");
            }
            if (config.versionTwoWithNegative()) {
                double s = sl[0] + el[0];
                if (s < nullScore) {
                    nullScore = s;
                    nullFeature = f;
                    nullStart = sl[0];
                    nullEnd = el[0];
                }
            }
            int[] starts = bestIndexes(sl, feat.length(), config.nBestSize());
            int[] ends = bestIndexes(el, feat.length(), config.nBestSize());
            for (int s : starts) {
                for (int t : ends) {
                    if (!feat.isPassageToken(s) || !feat.isPassageToken(t)) continue;
                    if (!feat.tokenIsMaxContext()[s]) continue;
                    if (t < s) continue;
                    if (t - s + 1 > config.maxAnswerLength()) continue;
                    prelim.add(new Prelim(f, s, t, sl[s], el[t]));
                }
            }
        }
        if (config.versionTwoWithNegative()) prelim.add(new Prelim(nullFeature, 0, 0, nullStart, nullEnd));
        prelim.sort(Comparator.comparingDouble(Prelim::score).reversed()); // stable: ties keep insertion order

        List<Prelim> kept = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Prelim p : prelim) {
            if (kept.size() >= config.nBestSize()) break;
            String text;
            if (p.start > 0) {
                SquadFeature feat = features.get(p.feature);
                text = substring(ex.context(), feat.charStarts()[p.start], feat.charEnds()[p.end]);
            } else {
                text = "";
            }
            if (!seen.add(text)) continue;
            kept.add(p);
            texts.add(text);
        }
        if (config.versionTwoWithNegative() && !seen.contains("")) {
            kept.add(new Prelim(nullFeature, 0, 0, nullStart, nullEnd));
            texts.add("");
        }
        if (kept.isEmpty()) { // run_squad.py: "In very rare edge cases we could have no valid predictions."
            kept.add(new Prelim(-1, 0, 0, 0.0, 0.0));
            texts.add("empty");
        }
        double[] probs = softmax(kept);
        List<SquadPrediction.Entry> nbest = new ArrayList<>();
        String bestNonNull = null;
        double bestNonNullScore = 0;
        for (int i = 0; i < kept.size(); i++) {
            Prelim p = kept.get(i);
            nbest.add(new SquadPrediction.Entry(texts.get(i), probs[i], p.startLogit, p.endLogit));
            if (bestNonNull == null && !texts.get(i).isEmpty()) {
                bestNonNull = texts.get(i);
                bestNonNullScore = p.score();
            }
        }
        if (!config.versionTwoWithNegative()) {
            return new SquadPrediction(ex.id(), texts.get(0), texts.get(0), 0.0, nbest);
        }
        // run_squad.py: best_non_null_entry is always set because "" alone cannot fill the n-best
        if (bestNonNull == null) {
            bestNonNull = "";
            bestNonNullScore = Double.NEGATIVE_INFINITY;
        }
        double diff = nullScore - bestNonNullScore;
        String text = diff > config.nullScoreDiffThreshold() ? "" : bestNonNull;
        return new SquadPrediction(ex.id(), text, bestNonNull, diff, nbest);
    }

    /** Indices of the {@code n} largest values among the first {@code length}, largest first (stable). */
    static int[] bestIndexes(float[] logits, int length, int n) {
        Integer[] idx = new Integer[length];
        for (int i = 0; i < length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(logits[b], logits[a]));
        int m = Math.min(n, length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = idx[i];
        return out;
    }

    private static double[] softmax(List<Prelim> kept) {
        double max = Double.NEGATIVE_INFINITY;
        for (Prelim p : kept) max = Math.max(max, p.score());
        double[] out = new double[kept.size()];
        double sum = 0;
        for (int i = 0; i < out.length; i++) sum += out[i] = Math.exp(kept.get(i).score() - max);
        for (int i = 0; i < out.length; i++) out[i] /= sum;
        return out;
    }

    /** Substring of {@code text} between two code-point offsets. */
    static String substring(String text, int cpStart, int cpEnd) {
        int a = text.offsetByCodePoints(0, cpStart);
        return text.substring(a, text.offsetByCodePoints(a, cpEnd - cpStart));
    }
}
