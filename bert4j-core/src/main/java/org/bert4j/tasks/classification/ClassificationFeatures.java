package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.List;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;

/**
 * Turns examples into model inputs: run_classifier.py {@code convert_single_example} without the
 * padding ({@code [CLS] A [SEP] B [SEP]}, segment ids, label index).
 *
 * <p>Too-long inputs are cut as run_classifier.py's {@code _truncate_seq_pair}: one token at a time
 * from the end of the longer sequence, from B when they are equally long. HF's slow tokenizers
 * ({@code truncate_sequences}, longest_first) give the same lengths. HF's fast (Rust) tokenizers, and
 * {@link org.bert4j.tokenizer.Truncation#LONGEST_FIRST}, differ by one token in one case: when both
 * sequences must be cut to near-equal length with an odd budget, Rust gives the extra token to the
 * second sequence when it was the longer (or as long), Google to the first. We follow Google.
 */
public final class ClassificationFeatures {
    private ClassificationFeatures() {}

    /** Encodes GLUE examples with the task's label set. */
    public static List<Feature> encode(BertTokenizer tokenizer, List<Example> examples, int maxSeqLength, GlueTask task) {
        return encode(tokenizer, examples, maxSeqLength, task.labelSet());
    }

    /**
     * Encodes examples (on all cores, results in input order).
     *
     * @param maxSeqLength the maximum number of tokens, special tokens included (BERT's {@code max_seq_length}, e.g. 128)
     * @param labels       the label set: labels of examples must be in it (else an error naming the example);
     *                     {@link LabelSet#regression()} takes the examples' scores
     */
    public static List<Feature> encode(BertTokenizer tokenizer, List<Example> examples, int maxSeqLength, LabelSet labels) {
        boolean anyPair = examples.stream().anyMatch(Example::isPair);
        int minimum = anyPair ? 5 : 3; // [CLS] a [SEP] b [SEP]: at least one token of each
        if (maxSeqLength < minimum) {
            throw new IllegalArgumentException("max sequence length " + maxSeqLength + " is too small: need at least " + minimum);
        }
        List<String> a = new ArrayList<>(examples.size()), b = anyPair ? new ArrayList<>(examples.size()) : null;
        for (Example e : examples) {
            a.add(e.textA());
            if (anyPair) b.add(e.textB());
        }
        List<Encoding> encodings = tokenizer.encodeBatch(a, b, EncodeOptions.DEFAULT);
        List<Feature> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            int labelIndex = -1;
            float score = Float.NaN;
            if (labels.isRegression()) {
                if (e.score() != null) score = e.score();
            } else if (e.label() != null) {
                if (!labels.contains(e.label())) {
                    throw new IllegalArgumentException("example " + e.guid() + " has label '" + e.label()
                        + "', which is not in the label set " + labels.labels());
                }
                labelIndex = labels.indexOf(e.label());
            }
            out.add(truncate(e.guid(), encodings.get(i), maxSeqLength, labelIndex, score));
        }
        return out;
    }

    /** Keeps the special tokens and the first tokens of each sequence so that the total fits. */
    static Feature truncate(String guid, Encoding enc, int maxSeqLength, int labelIndex, float score) {
        int[] seq = enc.sequenceIds();
        int special = 0, len1 = 0, len2 = 0;
        for (int s : seq) {
            if (s < 0) special++;
            else if (s == 0) len1++;
            else len2++;
        }
        int[] keep = truncateSeqPair(len1, len2, maxSeqLength - special);
        int total = special + keep[0] + keep[1];
        int[] ids = new int[total], types = new int[total], mask = new int[total];
        int k = 0, seen1 = 0, seen2 = 0;
        for (int t = 0; t < seq.length; t++) {
            if (seq[t] == 0 && seen1++ >= keep[0]) continue;
            if (seq[t] == 1 && seen2++ >= keep[1]) continue;
            ids[k] = enc.ids()[t];
            types[k] = enc.typeIds()[t];
            mask[k] = 1;
            k++;
        }
        return new Feature(guid, ids, types, mask, labelIndex, score, total < enc.length());
    }

    /**
     * The lengths {@code {n1, n2}} two sequences keep within {@code budget} tokens: mirrors
     * run_classifier.py {@code _truncate_seq_pair} (pop from the longer, from B on ties). A single
     * sequence ({@code len2 == 0}) is cut to the budget.
     */
    public static int[] truncateSeqPair(int len1, int len2, int budget) {
        if (budget < 0) throw new IllegalArgumentException("budget " + budget + " < 0");
        if (len1 + len2 <= budget) return new int[] {len1, len2};
        // closed form of the loop: while (n1 + n2 > budget) { if (n1 > n2) n1--; else n2--; }
        int shorter = Math.min(len1, len2);
        int n1, n2;
        if (budget - shorter >= shorter) { // only the longer one is cut
            if (len1 > len2) { n1 = budget - len2; n2 = len2; }
            else { n1 = len1; n2 = budget - len1; }
        } else { // both end up equal, A keeps the odd token
            n1 = (budget + 1) / 2;
            n2 = budget / 2;
        }
        return new int[] {n1, n2};
    }
}
