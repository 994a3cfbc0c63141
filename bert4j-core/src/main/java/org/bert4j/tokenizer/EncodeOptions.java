package org.bert4j.tokenizer;

/**
 * Options of one encode call.
 *
 * @param addSpecialTokens add {@code [CLS]}/{@code [SEP]} (true by default)
 * @param maxLength        truncate to at most this many tokens, special tokens included; 0 = no limit
 * @param truncation       which sequence to cut first
 */
public record EncodeOptions(boolean addSpecialTokens, int maxLength, Truncation truncation) {
    public static final EncodeOptions DEFAULT = new EncodeOptions(true, 0, Truncation.LONGEST_FIRST);

    public EncodeOptions {
        if (maxLength < 0) throw new IllegalArgumentException("max length must be positive, got " + maxLength);
        if (truncation == null) truncation = Truncation.LONGEST_FIRST;
    }

    public static EncodeOptions maxLength(int maxLength) {
        return new EncodeOptions(true, maxLength, Truncation.LONGEST_FIRST);
    }

    public EncodeOptions withSpecialTokens(boolean add) { return new EncodeOptions(add, maxLength, truncation); }
    public EncodeOptions withTruncation(Truncation t) { return new EncodeOptions(addSpecialTokens, maxLength, t); }
}
