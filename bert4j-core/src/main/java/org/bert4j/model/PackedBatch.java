package org.bert4j.model;

import java.util.Arrays;

/**
 * A batch of sequences with the padding taken out. BERT's attention mask only says which positions
 * are real; rather than computing (and then masking away) the padded positions, the encoder works on
 * the real tokens of all sequences stacked into one matrix of {@code tokens()} rows, and attention
 * runs inside each sequence over its own rows. Every row keeps its original position (for the
 * position embedding) and its place in the padded {@code [batch, seqLen]} layout.
 *
 * <p>The result equals the padded computation with Hugging Face's extended attention mask at every
 * position whose mask is 1: a masked key gets {@code exp(finfo.min - max) == 0} weight there, the
 * same as leaving it out. Positions whose mask is 0 are not computed at all.
 *
 * @param inputIds  [tokens] vocabulary ids of the real tokens, sequence after sequence
 * @param typeIds   [tokens] segment (token type) ids
 * @param positions [tokens] position of each token in its sequence (position embedding index)
 * @param starts    [batch + 1] first row of each sequence; sequence b is rows {@code starts[b] .. starts[b+1])}
 * @param seqLen    the padded length T (positions are below it)
 */
public record PackedBatch(int[] inputIds, int[] typeIds, int[] positions, int[] starts, int seqLen) {

    public PackedBatch {
        int n = inputIds.length;
        if (typeIds.length != n || positions.length != n) throw new IllegalArgumentException("ids, types and positions differ in length");
        if (starts.length < 1 || starts[0] != 0 || starts[starts.length - 1] != n) throw new IllegalArgumentException("bad sequence starts");
        for (int b = 0; b + 1 < starts.length; b++) {
            if (starts[b + 1] < starts[b]) throw new IllegalArgumentException("bad sequence starts");
        }
    }

    /**
     * Packs a padded batch: {@code inputIds[b][t]}, {@code tokenTypeIds} (null: all 0) and
     * {@code attentionMask} (null: all 1) of the same shape; rows may differ in length (ragged input).
     */
    public static PackedBatch of(int[][] inputIds, int[][] tokenTypeIds, int[][] attentionMask) {
        int batch = inputIds.length, seqLen = 0, n = 0;
        for (int b = 0; b < batch; b++) {
            seqLen = Math.max(seqLen, inputIds[b].length);
            if (tokenTypeIds != null && tokenTypeIds[b].length != inputIds[b].length) {
                throw new IllegalArgumentException("sequence " + b + ": token_type_ids has " + tokenTypeIds[b].length
                        + " entries, input_ids " + inputIds[b].length);
            }
            if (attentionMask != null && attentionMask[b].length != inputIds[b].length) {
                throw new IllegalArgumentException("sequence " + b + ": attention_mask has " + attentionMask[b].length
                        + " entries, input_ids " + inputIds[b].length);
            }
            for (int t = 0; t < inputIds[b].length; t++) if (attentionMask == null || attentionMask[b][t] != 0) n++;
        }
        int[] ids = new int[n], types = new int[n], pos = new int[n], starts = new int[batch + 1];
        int r = 0;
        for (int b = 0; b < batch; b++) {
            starts[b] = r;
            for (int t = 0; t < inputIds[b].length; t++) {
                if (attentionMask != null && attentionMask[b][t] == 0) continue;
                ids[r] = inputIds[b][t];
                types[r] = tokenTypeIds == null ? 0 : tokenTypeIds[b][t];
                pos[r] = t;
                r++;
            }
        }
        starts[batch] = n;
        return new PackedBatch(ids, types, pos, starts, seqLen);
    }

    /** Number of sequences. */
    public int batchSize() { return starts.length - 1; }

    /** Number of real tokens (rows of the packed hidden states). */
    public int tokens() { return inputIds.length; }

    /** First row of sequence {@code b}. */
    public int start(int b) { return starts[b]; }

    /** Number of real tokens of sequence {@code b}. */
    public int length(int b) { return starts[b + 1] - starts[b]; }

    /** The packed row of position {@code t} of sequence {@code b}, or -1 if that position is masked. */
    public int row(int b, int t) {
        for (int r = starts[b]; r < starts[b + 1]; r++) if (positions[r] == t) return r;
        return -1;
    }

    /**
     * Spreads packed rows {@code x[tokens, width]} into the padded layout {@code [batch, seqLen, width]},
     * zeros at masked positions.
     */
    public float[] unpack(float[] x, int width) {
        float[] out = new float[batchSize() * seqLen * width];
        for (int b = 0; b < batchSize(); b++) {
            for (int r = starts[b]; r < starts[b + 1]; r++) {
                System.arraycopy(x, r * width, out, (b * seqLen + positions[r]) * width, width);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PackedBatch[batch=" + batchSize() + ", seqLen=" + seqLen + ", tokens=" + tokens() + ", starts=" + Arrays.toString(starts) + "]";
    }
}
