package org.bert4j.tasks.multiplechoice;

import java.util.Arrays;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;
import org.bert4j.tokenizer.Truncation;

/**
 * Encodes each choice as {@code [CLS] context [SEP] question + " " + ending [SEP]} (Hugging Face
 * {@code run_swag.py}; the BERT paper §4.4 for SWAG), truncating the longer segment first to
 * {@code maxSeqLength} (Google's {@code _truncate_seq_pair}, HF's {@code longest_first}), and pads all
 * choices with the pad id to {@code maxSeqLength}.
 */
public final class ChoiceFeatures {
    private final BertTokenizer tokenizer;
    private final int maxSeqLength;

    public ChoiceFeatures(BertTokenizer tokenizer, int maxSeqLength) {
        this.tokenizer = tokenizer;
        this.maxSeqLength = maxSeqLength;
    }

    public ChoiceFeature encode(MultipleChoiceExample ex) {
        int c = ex.endings().size();
        int[][] ids = new int[c][], segs = new int[c][], mask = new int[c][];
        EncodeOptions opts = EncodeOptions.maxLength(maxSeqLength).withTruncation(Truncation.LONGEST_FIRST);
        for (int i = 0; i < c; i++) {
            Encoding e = tokenizer.encode(ex.context(), ex.secondSegment(i), opts);
            ids[i] = Arrays.copyOf(e.ids(), maxSeqLength);
            Arrays.fill(ids[i], e.length(), maxSeqLength, tokenizer.padId());
            segs[i] = Arrays.copyOf(e.typeIds(), maxSeqLength);
            mask[i] = new int[maxSeqLength];
            Arrays.fill(mask[i], 0, e.length(), 1);
        }
        return new ChoiceFeature(ids, segs, mask, ex.label());
    }
}
