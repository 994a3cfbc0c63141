package org.bert4j.inference;

import java.util.ArrayList;
import java.util.List;
import org.bert4j.model.PackedBatch;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;

/**
 * One model input: ids, segment ids and attention mask of the same length, and the token strings
 * (null when the input came as ids).
 *
 * @param inputIds      [n]
 * @param tokenTypeIds  [n]
 * @param attentionMask [n] 1 = real token
 * @param tokens        [n] or null
 */
public record Inputs(int[] inputIds, int[] tokenTypeIds, int[] attentionMask, String[] tokens) {
    private static final System.Logger LOG = System.getLogger(Inputs.class.getName());

    public Inputs {
        int n = inputIds.length;
        if (tokenTypeIds == null) tokenTypeIds = new int[n];
        if (attentionMask == null) {
            attentionMask = new int[n];
            java.util.Arrays.fill(attentionMask, 1);
        }
        if (tokenTypeIds.length != n || attentionMask.length != n || (tokens != null && tokens.length != n)) {
            throw new IllegalArgumentException("input_ids, token_type_ids, attention_mask (and tokens) must have the same length: "
                    + n + ", " + tokenTypeIds.length + ", " + attentionMask.length);
        }
    }

    public static Inputs of(Encoding e) {
        return new Inputs(e.ids(), e.typeIds(), e.attentionMask(), e.tokens());
    }

    public int length() {
        return inputIds.length;
    }

    /**
     * Tokenizes {@code text} (and {@code pair}, nullable) as {@code [CLS] A [SEP] (B [SEP])}. Inputs
     * longer than {@code maxLength} are truncated (longest first) with a warning, or rejected if
     * {@code truncate} is false.
     */
    public static Inputs encode(BertTokenizer tokenizer, String text, String pair, int maxLength, boolean truncate) {
        Encoding full = tokenizer.encode(text, pair, EncodeOptions.DEFAULT);
        if (maxLength <= 0 || full.length() <= maxLength) return of(full);
        String what = (pair == null ? "text" : "text pair") + " of " + full.length() + " tokens";
        if (!truncate) {
            throw new IllegalArgumentException("input is longer than the model's maximum of " + maxLength + " tokens: " + what
                    + " (" + preview(text) + ")");
        }
        LOG.log(System.Logger.Level.WARNING, "truncating a {0} to {1} tokens: {2}", what, maxLength, preview(text));
        return of(tokenizer.encode(text, pair, EncodeOptions.maxLength(maxLength)));
    }

    private static String preview(String s) {
        return s.length() <= 60 ? "\"" + s + "\"" : "\"" + s.substring(0, 57) + "...\"";
    }

    /** Packs a list of inputs for {@link org.bert4j.model.BertModel#forward(PackedBatch, org.bert4j.nn.ForwardContext)}. */
    public static PackedBatch pack(List<Inputs> inputs) {
        List<int[]> ids = new ArrayList<>(), types = new ArrayList<>(), masks = new ArrayList<>();
        for (Inputs in : inputs) {
            ids.add(in.inputIds);
            types.add(in.tokenTypeIds);
            masks.add(in.attentionMask);
        }
        return PackedBatch.of(ids.toArray(int[][]::new), types.toArray(int[][]::new), masks.toArray(int[][]::new));
    }
}
