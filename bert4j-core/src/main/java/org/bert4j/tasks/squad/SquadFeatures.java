package org.bert4j.tasks.squad;

import java.util.ArrayList;
import java.util.List;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;

/**
 * Turns SQuAD examples into model inputs as Google's run_squad.py {@code convert_examples_to_features}
 * does: the question (at most {@code maxQueryLength} tokens) is segment A, the passage is cut into
 * overlapping windows ({@link DocSpan#windows}) of at most {@code maxSeqLength - |question| - 3} tokens
 * that advance by {@code docStride}, and each passage token is marked with
 * {@link DocSpan#isMaxContext token_is_max_context}.
 *
 * <p>One difference, as in Hugging Face's {@code run_qa.py}: answers and predictions are mapped
 * through the tokenizer's character offsets instead of a whitespace word split. The answer's first
 * token is the first passage token that ends after {@code answer_start}; its last token is the last
 * passage token that starts before the answer's end. This gives the tightest token span covering the
 * answer, which is what run_squad.py's {@code _improve_answer_span} searches for.
 *
 * <p>Training: an answer not wholly inside a window gives start = end = 0 ([CLS]) for that window
 * (run_squad.py does this for v1.1 and v2.0). An answer whose text is not found at its offset is
 * skipped in training, as run_squad.py skips examples whose answer it cannot find; the count is in
 * {@link Result#skipped()}.
 */
public final class SquadFeatures {

    /**
     * @param maxSeqLength   total tokens per window, special tokens included (run_squad default 384)
     * @param docStride      how far consecutive windows start apart, in tokens (128)
     * @param maxQueryLength question tokens kept (64)
     */
    public record Config(int maxSeqLength, int docStride, int maxQueryLength) {
        public static final Config DEFAULT = new Config(384, 128, 64);
    }

    /**
     * @param features all windows of all examples, in example order
     * @param skipped  ids of training examples left out because their answer text is not at its offset
     */
    public record Result(List<SquadFeature> features, List<String> skipped) {}

    private final BertTokenizer tokenizer;
    private final Config config;

    public SquadFeatures(BertTokenizer tokenizer, Config config) {
        this.tokenizer = tokenizer;
        this.config = config;
    }

    public Result build(List<SquadExample> examples, boolean training) {
        List<SquadFeature> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        EncodeOptions plain = EncodeOptions.DEFAULT.withSpecialTokens(false);
        for (int e = 0; e < examples.size(); e++) {
            SquadExample ex = examples.get(e);
            SquadAnswer answer = ex.isImpossible() || ex.answers().isEmpty() ? null : ex.answers().get(0);
            if (training && answer != null && !answer.matchesContext()) {
                skipped.add(ex.id());
                continue;
            }
            Encoding q = tokenizer.encode(ex.question(), null, plain);
            Encoding doc = tokenizer.encode(ex.context(), null, plain);
            int queryLength = Math.min(q.length(), config.maxQueryLength());
            int docTokens = doc.length();

            int answerFirst = -1, answerLast = -1; // passage token indices
            if (answer != null) {
                int aStart = answer.answerStart(), aEnd = answer.answerEnd();
                for (int i = 0; i < docTokens; i++) {
                    if (answerFirst < 0 && doc.ends()[i] > aStart) answerFirst = i;
                    if (doc.starts()[i] < aEnd) answerLast = i;
                }
                if (answerFirst < 0 || answerLast < answerFirst) answerFirst = answerLast = -1; // answer covers no token
            }

            int maxTokensForDoc = config.maxSeqLength() - queryLength - 3;
            List<DocSpan> spans = DocSpan.windows(docTokens, maxTokensForDoc, config.docStride());
            for (int s = 0; s < spans.size(); s++) {
                DocSpan span = spans.get(s);
                int n = queryLength + span.length() + 3;
                String[] tokens = new String[n];
                int[] ids = new int[n], segs = new int[n], cs = new int[n], ce = new int[n];
                boolean[] maxCtx = new boolean[n];
                int k = 0;
                tokens[k] = "[CLS]"; ids[k] = tokenizer.clsId(); cs[k] = ce[k] = -1; k++;
                for (int i = 0; i < queryLength; i++, k++) {
                    tokens[k] = q.tokens()[i]; ids[k] = q.ids()[i]; cs[k] = ce[k] = -1;
                }
                tokens[k] = "[SEP]"; ids[k] = tokenizer.sepId(); cs[k] = ce[k] = -1; k++;
                int docOffset = k;
                for (int i = 0; i < span.length(); i++, k++) {
                    int d = span.start() + i;
                    tokens[k] = doc.tokens()[d]; ids[k] = doc.ids()[d]; segs[k] = 1;
                    cs[k] = doc.starts()[d]; ce[k] = doc.ends()[d];
                    maxCtx[k] = DocSpan.isMaxContext(spans, s, d);
                }
                tokens[k] = "[SEP]"; ids[k] = tokenizer.sepId(); segs[k] = 1; cs[k] = ce[k] = -1;

                int startPos = 0, endPos = 0;
                boolean impossible = ex.isImpossible();
                if (answerFirst >= 0) {
                    if (answerFirst >= span.start() && answerLast <= span.end()) {
                        startPos = answerFirst - span.start() + docOffset;
                        endPos = answerLast - span.start() + docOffset;
                    } else if (training) {
                        impossible = true;
                    }
                }
                out.add(new SquadFeature(e, ex.id(), s, tokens, ids, segs, cs, ce, maxCtx, startPos, endPos, impossible));
            }
        }
        return new Result(out, skipped);
    }
}
