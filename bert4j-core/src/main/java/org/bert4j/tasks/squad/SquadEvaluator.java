package org.bert4j.tasks.squad;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official SQuAD scorers: {@code evaluate-v1.1.py} ({@link #evaluateV1}) and {@code evaluate-v2.0.py}
 * ({@link #evaluateV2}, {@link #findBestThreshold}).
 *
 * <p>Answers are normalized by {@link #normalizeAnswer}: lower-case, drop the characters of Python's
 * {@code string.punctuation}, replace the whole words a/an/the with a space, collapse whitespace.
 * Exact match compares normalized strings; F1 is the bag-of-tokens overlap F1 of the normalized
 * whitespace tokens. Both take the maximum over the gold answers and are reported ×100. Lower-casing, the
 * article word boundaries and the whitespace split follow Python 3's {@code str.lower()}, {@code re} {@code \w}
 * and {@code str.split()}, not Java's defaults ({@code SquadOfficialParityTest} checks against the scripts).
 *
 * <p>The two scripts differ at the edges and both are mirrored: v1.1 counts a question without a
 * prediction as 0 and gives F1 0 when either side is empty; v2.0 leaves out questions without a
 * prediction ("Missing prediction"), gives F1 1 when both sides are empty, treats a question with no
 * non-empty gold answer as unanswerable (gold = [""]), and reports the HasAns/NoAns breakdown.
 */
public final class SquadEvaluator {
    private SquadEvaluator() {}

    /** Python's {@code string.punctuation}. */
    public static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** {@code normalize_answer}: white_space_fix(remove_articles(remove_punc(lower(s)))). */
    public static String normalizeAnswer(String s) {
        String lower = pythonLower(s);
        StringBuilder noPunct = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) noPunct.append(c);
        }
        return String.join(" ", split(removeArticles(noPunct.toString())));
    }

    /**
     * Python 3 {@code str.lower()}: the full lower-case mapping, as {@code toLowerCase(Locale.ROOT)}, except for
     * capital sigma. Python makes U+03A3 a final ς when the nearest non-case-ignorable character before it is
     * cased and the nearest one after it is not (or there is none); Java decides by word boundaries instead, so
     * e.g. "ΟΔΟΣ1990s" lowered to "οδοσ1990s" in Java but "οδος1990s" in Python.
     */
    static String pythonLower(String s) {
        if (s.indexOf('\u03a3') < 0) return s.toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        int from = 0;
        for (int i = s.indexOf('\u03a3'); i >= 0; i = s.indexOf('\u03a3', from)) {
            out.append(s.substring(from, i).toLowerCase(java.util.Locale.ROOT)); // no sigma: context-free
            out.append(isFinalSigma(s, i) ? '\u03c2' : '\u03c3');
            from = i + 1;
        }
        return out.append(s.substring(from).toLowerCase(java.util.Locale.ROOT)).toString();
    }

    /** CPython {@code handle_capital_sigma}: cased, case-ignorable*, Σ, not followed by case-ignorable*, cased. */
    private static boolean isFinalSigma(String s, int i) {
        boolean casedBefore = false;
        for (int j = i; j > 0; ) {
            int c = s.codePointBefore(j);
            if (!isCaseIgnorable(c)) {
                casedBefore = isCased(c);
                break;
            }
            j -= Character.charCount(c);
        }
        if (!casedBefore) return false;
        for (int j = i + 1; j < s.length(); ) {
            int c = s.codePointAt(j);
            if (!isCaseIgnorable(c)) return !isCased(c);
            j += Character.charCount(c);
        }
        return true;
    }

    /** Unicode {@code Cased}: Lowercase, Uppercase (each with its Other_ part) or Lt. */
    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode {@code Case_Ignorable}: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet, Single_Quote. */
    private static boolean isCaseIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT,
                 Character.MODIFIER_LETTER, Character.MODIFIER_SYMBOL -> true;
            default -> switch (cp) {
                case ':', '\u00b7', '\u0387', '\u055f', '\u05f4', '\u2027', '\ufe13', '\ufe55', '\uff1a', // MidLetter
                     '.', '\u2018', '\u2019', '\u2024', '\ufe52', '\uff07', '\uff0e', // MidNumLet
                     '\'' -> true; // Single_Quote
                default -> false;
            };
        };
    }

    private static final String[] ARTICLES = {"a", "an", "the"};

    /**
     * {@code re.sub(r'\b(a|an|the)\b', ' ', text)} on a Python 3 {@code str}: each whole word a/an/the becomes
     * one space. Python's {@code \w} is exactly {@link #isPythonWordChar}, so {@code \b} is written out with it.
     * (Java's {@code \b} under {@code UNICODE_CHARACTER_CLASS} differs: its {@code \w} also counts combining
     * marks, Pc, join controls and circled letters and leaves out the No numbers such as ² and ½, so "the\u0301"
     * or "the²" normalized differently; and a regex look-behind reads half a surrogate pair.)
     */
    static String removeArticles(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (i < n) {
            if (i == 0 || !isPythonWordChar(s.codePointBefore(i))) {
                int len = articleAt(s, i);
                if (len > 0) {
                    out.append(' ');
                    i += len;
                    continue;
                }
            }
            int cp = s.codePointAt(i);
            out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Length of the first of a, an, the (the regex alternation's order) that starts at i and ends a word; else 0. */
    private static int articleAt(String s, int i) {
        for (String a : ARTICLES) {
            int end = i + a.length();
            if (s.startsWith(a, i) && (end == s.length() || !isPythonWordChar(s.codePointAt(end)))) return a.length();
        }
        return 0;
    }

    /** Python 3 {@code re} {@code \w} on {@code str}: {@code str.isalnum()} or '_', i.e. general category L* or N*, or '_'. */
    static boolean isPythonWordChar(int cp) {
        if (cp == '_') return true;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** Python's {@code str.split()}: runs of whitespace ({@code str.isspace}) separate, no empty tokens. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) i++;
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** evaluate-v1.1.py {@code exact_match_score} (1 or 0). */
    public static double exactMatch(String prediction, String gold) {
        return normalizeAnswer(prediction).equals(normalizeAnswer(gold)) ? 1 : 0;
    }

    /** evaluate-v1.1.py {@code f1_score}: 0 when there is no common token (also when both are empty). */
    public static double f1(String prediction, String gold) {
        List<String> p = split(normalizeAnswer(prediction));
        List<String> g = split(normalizeAnswer(gold));
        int same = common(p, g);
        if (same == 0) return 0;
        double precision = (double) same / p.size(), recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** evaluate-v2.0.py {@code compute_f1}: if either side has no tokens, 1 iff both have none. */
    public static double f1V2(String prediction, String gold) {
        List<String> p = split(normalizeAnswer(prediction));
        List<String> g = split(normalizeAnswer(gold));
        if (p.isEmpty() || g.isEmpty()) return p.equals(g) ? 1 : 0;
        int same = common(p, g);
        if (same == 0) return 0;
        double precision = (double) same / p.size(), recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static int common(List<String> p, List<String> g) {
        Map<String, Integer> counts = new HashMap<>();
        for (String t : g) counts.merge(t, 1, Integer::sum);
        int same = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                same++;
                counts.put(t, c - 1);
            }
        }
        return same;
    }

    /**
     * v1.1 scores (×100).
     *
     * @param exact    mean exact match ×100 over all questions
     * @param f1       mean F1 ×100
     * @param total    questions scored
     * @param missing  questions without a prediction (scored 0, "Unanswered question ... will receive score 0")
     */
    public record V1Result(double exact, double f1, int total, int missing) {}

    /** One question's v1.1 scores in [0, 1]. */
    public record Score(double exact, double f1) {}

    /** evaluate-v1.1.py for one question: {@code metric_max_over_ground_truths} of exact match and of F1. */
    public static Score scoreV1(List<String> golds, String prediction) {
        double bestEm = 0, bestF1 = 0;
        for (String gold : golds) {
            bestEm = Math.max(bestEm, exactMatch(prediction, gold));
            bestF1 = Math.max(bestF1, f1(prediction, gold));
        }
        return new Score(bestEm, bestF1);
    }

    /** evaluate-v1.1.py {@code evaluate}. */
    public static V1Result evaluateV1(Collection<SquadExample> dataset, Map<String, String> predictions) {
        double em = 0, f = 0;
        int total = 0, missing = 0;
        for (SquadExample ex : dataset) {
            total++;
            String pred = predictions.get(ex.id());
            if (pred == null) {
                missing++;
                continue;
            }
            Score s = scoreV1(ex.answerTexts(), pred);
            em += s.exact();
            f += s.f1();
        }
        return new V1Result(total == 0 ? 0 : 100.0 * em / total, total == 0 ? 0 : 100.0 * f / total, total, missing);
    }

    /**
     * evaluate-v2.0.py {@code get_raw_scores}: per question id (predicted ones only), exact and F1 in [0, 1].
     * Gold answers that normalize to "" are dropped; none left means the gold is [""].
     * {@code hasAnswer} is {@code make_qid_to_has_ans}: whether the question lists any answer at all, so a
     * question whose only answers normalize to "" (e.g. "the") still counts as HasAns.
     */
    public record RawScores(Map<String, Double> exact, Map<String, Double> f1, Map<String, Boolean> hasAnswer, List<String> missing) {}

    public static RawScores rawScores(Collection<SquadExample> dataset, Map<String, String> predictions) {
        Map<String, Double> exact = new LinkedHashMap<>(), f1 = new LinkedHashMap<>();
        Map<String, Boolean> hasAns = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (SquadExample ex : dataset) {
            List<String> golds = ex.answerTexts().stream().filter(a -> !normalizeAnswer(a).isEmpty()).toList();
            hasAns.put(ex.id(), !ex.answers().isEmpty());
            if (golds.isEmpty()) golds = List.of("");
            String pred = predictions.get(ex.id());
            if (pred == null) {
                missing.add(ex.id());
                continue;
            }
            double e = 0, f = 0;
            for (String g : golds) {
                e = Math.max(e, normalizeAnswer(g).equals(normalizeAnswer(pred)) ? 1 : 0);
                f = Math.max(f, f1V2(pred, g));
            }
            exact.put(ex.id(), e);
            f1.put(ex.id(), f);
        }
        return new RawScores(exact, f1, hasAns, missing);
    }

    /**
     * evaluate-v2.0.py: {@code exact, f1, total}, {@code HasAns_*} and {@code NoAns_*} (when there are
     * such questions), and with {@code naProbs} also {@code best_exact, best_exact_thresh, best_f1,
     * best_f1_thresh}. With {@code naProbs}, a question whose value exceeds {@code naProbThresh}
     * (official default 1.0) counts as predicted unanswerable.
     *
     * @param naProbs id → no-answer score (e.g. {@link SquadPrediction#nullScoreDiff()}), or null
     */
    public static Map<String, Double> evaluateV2(Collection<SquadExample> dataset, Map<String, String> predictions,
                                                 Map<String, Double> naProbs, double naProbThresh) {
        RawScores raw = rawScores(dataset, predictions);
        Map<String, Double> probs = naProbs;
        if (probs == null) {
            probs = new HashMap<>();
            for (String id : predictions.keySet()) probs.put(id, 0.0);
        }
        Map<String, Double> exact = applyThreshold(raw.exact(), probs, raw.hasAnswer(), naProbThresh);
        Map<String, Double> f1 = applyThreshold(raw.f1(), probs, raw.hasAnswer(), naProbThresh);
        Map<String, Double> out = new LinkedHashMap<>();
        evalDict(out, "", exact, f1, null);
        List<String> has = new ArrayList<>(), no = new ArrayList<>();
        raw.hasAnswer().forEach((id, h) -> (h ? has : no).add(id));
        if (!has.isEmpty()) evalDict(out, "HasAns_", exact, f1, has);
        if (!no.isEmpty()) evalDict(out, "NoAns_", exact, f1, no);
        if (naProbs != null) {
            Map<String, String> preds = predictions;
            double[] bestExact = findBestThreshold(preds, raw.exact(), probs, raw.hasAnswer());
            double[] bestF1 = findBestThreshold(preds, raw.f1(), probs, raw.hasAnswer());
            out.put("best_exact", bestExact[0]);
            out.put("best_exact_thresh", bestExact[1]);
            out.put("best_f1", bestF1[0]);
            out.put("best_f1_thresh", bestF1[1]);
        }
        return out;
    }

    private static Map<String, Double> applyThreshold(Map<String, Double> scores, Map<String, Double> naProbs,
                                                      Map<String, Boolean> hasAns, double thresh) {
        Map<String, Double> out = new LinkedHashMap<>();
        scores.forEach((id, s) -> {
            boolean predNa = naProbs.getOrDefault(id, 0.0) > thresh;
            out.put(id, predNa ? (hasAns.get(id) ? 0.0 : 1.0) : s);
        });
        return out;
    }

    private static void evalDict(Map<String, Double> out, String prefix, Map<String, Double> exact,
                                 Map<String, Double> f1, List<String> ids) {
        double e = 0, f = 0;
        int n = 0;
        for (String id : ids == null ? exact.keySet() : ids) {
            if (!exact.containsKey(id)) continue; // missing prediction (the official script would fail here)
            e += exact.get(id);
            f += f1.get(id);
            n++;
        }
        out.put(prefix + "exact", n == 0 ? 0 : 100.0 * e / n);
        out.put(prefix + "f1", n == 0 ? 0 : 100.0 * f / n);
        out.put(prefix + "total", (double) n);
    }

    /**
     * evaluate-v2.0.py {@code find_best_thresh}: start from predicting "no answer" everywhere, walk the
     * questions by increasing no-answer score and switch each to its prediction; keep the best total.
     *
     * @param predictions id → predicted text (for unanswerable questions a non-empty prediction costs 1)
     * @param scores      id → raw exact or F1 score in [0, 1] of that prediction
     * @param naProbs     id → no-answer score
     * @param hasAnswer   id → whether the question has a gold answer
     * @return {best score ×100 over {@code scores.size()} questions, threshold}
     */
    public static double[] findBestThreshold(Map<String, String> predictions, Map<String, Double> scores,
                                             Map<String, Double> naProbs, Map<String, Boolean> hasAnswer) {
        long numNoAns = hasAnswer.values().stream().filter(h -> !h).count();
        double cur = numNoAns, best = cur, bestThresh = 0.0;
        List<String> ids = new ArrayList<>(naProbs.keySet());
        ids.sort(java.util.Comparator.comparingDouble(naProbs::get)); // Python's sorted is stable too
        for (String id : ids) {
            if (!scores.containsKey(id)) continue;
            double diff;
            if (hasAnswer.get(id)) diff = scores.get(id);
            else diff = predictions.get(id) == null || predictions.get(id).isEmpty() ? 0 : -1;
            cur += diff;
            if (cur > best) {
                best = cur;
                bestThresh = naProbs.get(id);
            }
        }
        return new double[] {scores.isEmpty() ? 0 : 100.0 * best / scores.size(), bestThresh};
    }

    /**
     * Tunes the v2.0 null threshold on dev as evaluate-v2.0.py's {@code best_f1_thresh}: scores each
     * question's best non-null answer and searches over the null score differences.
     *
     * @return the threshold to pass as {@link SquadDecoder.Config#withThreshold}
     */
    public static double bestF1Threshold(Collection<SquadExample> dataset, Map<String, SquadPrediction> predictions) {
        Map<String, String> nonNull = new LinkedHashMap<>();
        Map<String, Double> na = new LinkedHashMap<>();
        predictions.forEach((id, p) -> {
            nonNull.put(id, p.bestNonNullText());
            na.put(id, p.nullScoreDiff());
        });
        RawScores raw = rawScores(dataset, nonNull);
        return findBestThreshold(nonNull, raw.f1(), na, raw.hasAnswer())[1];
    }
}
