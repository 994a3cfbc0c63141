package org.bert4j.heads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import java.nio.file.Path;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;
import org.bert4j.nn.SoftmaxCrossEntropy;
import org.bert4j.tensor.Kernels;

/**
 * BERT with its two pre-training heads (paper §3.1) and their loss, as Hugging Face's
 * {@code BertForPreTraining}: {@code loss = mean MLM cross-entropy over the labelled positions
 * + mean NSP cross-entropy over the batch}. Either head may be absent (a checkpoint without it);
 * then only what needs it fails.
 */
public final class BertForPreTraining {
    /** Label value for positions the MLM loss ignores (PyTorch's {@code ignore_index}). */
    public static final int IGNORE = -100;

    public final BertModel bert;
    /** Nullable. */
    public final MaskedLmHead mlm;
    /** Nullable. */
    public final NextSentenceHead nsp;

    /**
     * @param bert      the encoder output
     * @param mlmLogits {@code [tokens, vocab]} at every real token
     * @param nspLogits {@code [batch, 2]}
     */
    public record Output(BertModel.Output bert, float[] mlmLogits, float[] nspLogits) {}

    /**
     * The loss of one batch ({@code mlm} is 0 when no position is labelled) and how many of its
     * predictions were right, measured in the same forward pass (argmax of the logits).
     *
     * @param mlmPredictions labelled positions in the batch
     * @param mlmCorrect     of those, positions whose argmax is the label
     * @param nspCorrect     sequences whose NSP argmax is the label (0 without NSP labels)
     */
    public record Loss(double total, double mlm, double nsp, int mlmPredictions, int mlmCorrect, int nspCorrect) {}

    public BertForPreTraining(BertModel bert, MaskedLmHead mlm, NextSentenceHead nsp) {
        this.bert = bert;
        this.mlm = mlm;
        this.nsp = nsp;
    }

    /** A freshly built model with both heads (zero weights; see {@link BertModel#initialize}). */
    public static BertForPreTraining create(BertConfig config) {
        BertModel m = new BertModel(config, true);
        return new BertForPreTraining(m, new MaskedLmHead(config, m.embeddings.wordEmbeddings), new NextSentenceHead(config));
    }

    /** Loads the encoder and whichever heads {@code source} holds. */
    public static BertForPreTraining load(TensorSource source, BertConfig config) {
        BertModel m = BertModel.load(source, config);
        return new BertForPreTraining(m, MaskedLmHead.presentIn(source) ? MaskedLmHead.load(source, m) : null,
                NextSentenceHead.presentIn(source) ? NextSentenceHead.load(source, config) : null);
    }

    /**
     * Loads a model folder or weights file ({@link BertModels#config} finds the configuration);
     * {@code hiddenAct}, if not null, overrides the configured activation (e.g. {@code "gelu"} to match
     * Hugging Face on a Google checkpoint).
     */
    public static BertForPreTraining load(Path modelFolderOrFile, String hiddenAct) {
        try (TensorSource weights = BertModels.openWeights(modelFolderOrFile)) {
            BertConfig c = BertModels.config(modelFolderOrFile, weights);
            if (hiddenAct != null) c = c.withHiddenAct(hiddenAct);
            return load(weights, c);
        }
    }

    /** Saves as a Hugging Face {@code BertForPreTraining} folder (see {@link BertModels#save}). */
    public void save(Path dir, Path vocabTxt) {
        BertModels.save(dir, config(), params(), vocabTxt);
    }

    public BertConfig config() {
        return bert.config();
    }

    /** All parameters: the encoder's, then the heads' (the tied decoder is the word embedding, listed once). */
    public List<Param> params() {
        List<Param> p = new ArrayList<>(bert.params());
        if (mlm != null) p.addAll(mlm.params());
        if (nsp != null) p.addAll(nsp.params());
        return Collections.unmodifiableList(p);
    }

    public void zeroGrad() {
        for (Param p : params()) p.zeroGrad();
    }

    /** Evaluation forward with both heads' logits at every real token. */
    public Output forward(PackedBatch batch) {
        Kernels k = bert.kernels();
        BertModel.Output out = bert.forward(batch, ForwardContext.EVAL);
        float[] mlmLogits = null, nspLogits = null;
        if (mlm != null) {
            int[] all = new int[batch.tokens()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            mlmLogits = mlm.forward(k, out.lastHiddenState(), all, false).logits();
        }
        if (nsp != null && out.pooled() != null) nspLogits = nsp.forward(k, out.pooled(), batch.batchSize());
        return new Output(out, mlmLogits, nspLogits);
    }

    /**
     * One training forward and backward: computes the loss and accumulates every parameter's
     * gradient (call {@link #zeroGrad()} first). {@code mlmLabels[b][t]} is the original token id at
     * masked positions and {@link #IGNORE} elsewhere (padded layout; null for no MLM loss);
     * {@code nspLabels[b]} is 0 (IsNext) or 1 (NotNext) (null for no NSP loss). The MLM head is
     * evaluated only at labelled positions, which gives the same gradients as evaluating it everywhere.
     */
    public Loss forwardBackward(PackedBatch batch, int[][] mlmLabels, int[] nspLabels, ForwardContext ctx) {
        if (!ctx.training()) throw new IllegalArgumentException("forwardBackward needs a training ForwardContext (dropout off: set the config's dropout to 0)");
        Kernels k = bert.kernels();
        int v = bert.config().vocabSize(), tokens = batch.tokens(), bs = batch.batchSize();
        BertModel.Output out = bert.forward(batch, ctx);

        double mlmLoss = 0;
        int mlmCount = 0, mlmCorrect = 0, nspCorrect = 0;
        float[] dLast = null;
        if (mlmLabels != null) {
            if (mlm == null) throw new IllegalStateException("this model has no masked-LM head");
            List<Integer> rows = new ArrayList<>(), labels = new ArrayList<>();
            for (int b = 0; b < bs; b++) {
                for (int t = 0; t < mlmLabels[b].length; t++) {
                    if (mlmLabels[b][t] == IGNORE) continue;
                    int r = batch.row(b, t);
                    if (r < 0) throw new IllegalArgumentException("MLM label at sequence " + b + " position " + t + ", which the attention mask hides");
                    rows.add(r);
                    labels.add(mlmLabels[b][t]);
                }
            }
            int m = rows.size();
            if (m > 0) {
                int[] rowArr = rows.stream().mapToInt(Integer::intValue).toArray();
                int[] labelArr = labels.stream().mapToInt(Integer::intValue).toArray();
                MaskedLmHead.Out logits = mlm.forward(k, out.lastHiddenState(), rowArr, true);
                mlmCount = m;
                mlmCorrect = correct(logits.logits(), m, v, labelArr);
                float[] dLogits = new float[m * v];
                mlmLoss = SoftmaxCrossEntropy.forwardBackward(logits.logits(), m, v, labelArr, dLogits, 1.0 / m) / m;
                dLast = mlm.backward(k, dLogits, logits.cache(), rowArr, tokens);
            }
        }
        double nspLoss = 0;
        float[] dPooled = null;
        if (nspLabels != null) {
            if (nsp == null) throw new IllegalStateException("this model has no next-sentence head");
            if (nspLabels.length != bs) throw new IllegalArgumentException(nspLabels.length + " NSP labels for " + bs + " sequences");
            float[] logits = nsp.forward(k, out.pooled(), bs);
            nspCorrect = correct(logits, bs, 2, nspLabels);
            float[] dLogits = new float[bs * 2];
            nspLoss = SoftmaxCrossEntropy.forwardBackward(logits, bs, 2, nspLabels, dLogits, 1.0 / bs) / bs;
            dPooled = nsp.backward(k, dLogits, out.pooled(), bs);
        }
        bert.backward(out, dLast, dPooled);
        return new Loss(mlmLoss + nspLoss, mlmLoss, nspLoss, mlmCount, mlmCorrect, nspCorrect);
    }

    /** Rows of {@code logits[rows, classes]} whose argmax (first maximum) equals the label. */
    public static int correct(float[] logits, int rows, int classes, int[] labels) {
        int ok = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[r * classes + c] > logits[r * classes + best]) best = c;
            if (best == labels[r]) ok++;
        }
        return ok;
    }
}
