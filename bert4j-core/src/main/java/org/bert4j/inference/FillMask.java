package org.bert4j.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.heads.MaskedLmHead;
import org.bert4j.model.BertModel;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.tokenizer.BertTokenizer;

/**
 * Masked-token prediction (the MLM task of paper §3.1 at inference): for every {@code [MASK]} in a
 * text, the {@code k} most likely vocabulary tokens with their softmax probabilities. The MLM head runs
 * only at the {@code [MASK]} positions. A left-to-right model ({@code is_decoder}, the "LTR" ablation)
 * predicts a {@code [MASK]} from the position before it, from the left context alone.
 */
public final class FillMask {
    private static final int BATCH = 32;

    private final BertModel model;
    private final MaskedLmHead head;
    private final BertTokenizer tokenizer;
    private final int maxLength;
    private final boolean truncate;

    /** One candidate for one {@code [MASK]}. */
    public record Prediction(int tokenId, String token, double score) {}

    /** @param maxLength 0 for the model's {@code max_position_embeddings} */
    public FillMask(BertModel model, MaskedLmHead head, BertTokenizer tokenizer, int maxLength, boolean truncate) {
        if (head == null) throw new IllegalArgumentException("the model has no masked-LM head (cls.predictions.*), so it cannot fill masks");
        this.model = model.packForInference();
        this.head = head;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength > 0 ? maxLength : model.config().maxPositionEmbeddings();
        this.truncate = truncate;
    }

    /** Loads a model folder (see {@link BertForPreTraining#load(Path, String)}) with its tokenizer. */
    public static FillMask load(Path modelFolder, String hiddenAct) {
        BertForPreTraining m = BertForPreTraining.load(modelFolder, hiddenAct);
        return new FillMask(m.bert, m.mlm, Models.tokenizer(modelFolder), 0, true);
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    /** The top-{@code k} predictions for each {@code [MASK]} of {@code text}, in order of the masks. */
    public List<List<Prediction>> predict(String text, int k) {
        return predict(List.of(text), k).get(0);
    }

    /** {@link #predict(String, int)} for many texts, run in batches. */
    public List<List<List<Prediction>>> predict(List<String> texts, int k) {
        List<Inputs> inputs = new ArrayList<>();
        for (String t : texts) inputs.add(Inputs.encode(tokenizer, t, null, maxLength, truncate));
        return predictInputs(inputs, k);
    }

    /** Predictions for already encoded inputs. */
    public List<List<List<Prediction>>> predictInputs(List<Inputs> inputs, int k) {
        int maskId = tokenizer.maskId();
        for (int i = 0; i < inputs.size(); i++) {
            boolean any = false;
            int[] ids = inputs.get(i).inputIds(), mask = inputs.get(i).attentionMask();
            for (int t = 0; t < ids.length; t++) any |= ids[t] == maskId && mask[t] != 0;
            if (!any) throw new IllegalArgumentException("input " + (i + 1) + " has no [MASK] token to fill"
                    + (inputs.get(i).tokens() == null ? "" : ": " + String.join(" ", inputs.get(i).tokens())));
        }
        List<List<List<Prediction>>> out = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += BATCH) {
            List<Inputs> chunk = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
            PackedBatch batch = Inputs.pack(chunk);
            BertModel.Output o = model.forward(batch, ForwardContext.EVAL);
            // a left-to-right model predicts each token from the position before it (its pre-training target
            // is the next token), so it fills a [MASK] from the row before, from the left context alone
            int shift = model.config().isDecoder() ? 1 : 0;
            List<Integer> rows = new ArrayList<>();
            for (int b = 0; b < batch.batchSize(); b++) {
                for (int r = batch.start(b); r < batch.start(b + 1); r++) {
                    if (batch.inputIds()[r] != maskId) continue;
                    if (r - shift < batch.start(b)) {
                        throw new IllegalArgumentException("a left-to-right model cannot fill a [MASK] at the first position: nothing precedes it");
                    }
                    rows.add(r);
                }
            }
            int[] rowArr = rows.stream().mapToInt(Integer::intValue).toArray();
            int[] readRows = rows.stream().mapToInt(r -> r - shift).toArray();
            float[] logits = head.forward(model.kernels(), o.lastHiddenState(), readRows, false).logits(); // [masks, vocab]
            int v = model.config().vocabSize(), next = 0;
            for (int b = 0; b < batch.batchSize(); b++) {
                List<List<Prediction>> perText = new ArrayList<>();
                while (next < rowArr.length && rowArr[next] < batch.start(b + 1)) {
                    perText.add(topK(logits, next * v, v, k));
                    next++;
                }
                out.add(perText);
            }
        }
        return out;
    }

    private List<Prediction> topK(float[] logits, int off, int v, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < v; i++) max = Math.max(max, logits[off + i]);
        for (int i = 0; i < v; i++) sum += Math.exp(logits[off + i] - max);
        Integer[] idx = new Integer[v];
        for (int i = 0; i < v; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(logits[off + b], logits[off + a]));
        List<Prediction> top = new ArrayList<>();
        for (int i = 0; i < Math.min(k, v); i++) {
            int id = idx[i];
            top.add(new Prediction(id, tokenizer.vocab().token(id), Math.exp(logits[off + id] - max) / sum));
        }
        return top;
    }
}
