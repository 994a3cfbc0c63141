package org.bert4j.heads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModel;
import org.bert4j.model.BertModels;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.Param;

/**
 * BERT with the {@link MultipleChoiceHead} (Hugging Face's {@code BertForMultipleChoice}): the batch
 * holds {@code batch * choices} sequences, choice-major within each example (the flattened
 * {@code [batch, choices, T]}); the logits are {@code [batch, choices]}.
 */
public final class BertForMultipleChoice {
    public static final String ARCHITECTURE = "BertForMultipleChoice";

    public final BertModel bert;
    public final MultipleChoiceHead head;

    public BertForMultipleChoice(BertModel bert, MultipleChoiceHead head) {
        if (bert.pooler == null) throw new IllegalArgumentException("multiple choice needs the pooler (pooler.dense.*), which this checkpoint lacks");
        this.bert = bert;
        this.head = head;
    }

    /** Loads a model folder or file; a missing {@code classifier} head is initialized from {@code seed}. */
    public static BertForMultipleChoice load(Path modelFolderOrFile, long seed) {
        try (TensorSource w = BertModels.openWeights(modelFolderOrFile)) {
            BertConfig c = BertModels.config(modelFolderOrFile, w);
            BertModel m = BertModel.load(w, c);
            MultipleChoiceHead h;
            if (w.contains("classifier.weight") && w.get("classifier.weight").shape()[0] == 1) {
                h = MultipleChoiceHead.load(w, c);
            } else {
                h = new MultipleChoiceHead(c);
                FineTuned.initHead(h.params(), c.initializerRange(), seed);
            }
            return new BertForMultipleChoice(m, h);
        }
    }

    public BertConfig config() { return bert.config(); }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(bert.params());
        p.addAll(head.params());
        return Collections.unmodifiableList(p);
    }

    public void save(Path dir, Path tokenizerSource, boolean lowercase) {
        BertModels.save(dir, config(), params(), null, ARCHITECTURE, Map.of());
        FineTuned.copyTokenizer(tokenizerSource, dir, lowercase);
    }

    /** Evaluation: {@code logits[batch, choices]} for a batch of {@code batch * choices} sequences. */
    public float[] logits(PackedBatch batch) {
        BertModel.Output out = bert.forward(batch, ForwardContext.EVAL);
        return head.forward(bert.kernels(), ForwardContext.EVAL, out.pooled(), batch.batchSize()).logits();
    }

    /** One training step over {@code labels.length} examples of {@code choices} sequences each; returns the mean loss. */
    public double forwardBackward(PackedBatch batch, int choices, int[] labels, ForwardContext ctx) {
        if (batch.batchSize() != labels.length * choices) {
            throw new IllegalArgumentException(batch.batchSize() + " sequences for " + labels.length + " examples of " + choices + " choices");
        }
        BertModel.Output out = bert.forward(batch, ctx);
        MultipleChoiceHead.Out o = head.forward(bert.kernels(), ctx, out.pooled(), batch.batchSize());
        float[] d = new float[o.logits().length];
        double loss = MultipleChoiceHead.loss(o.logits(), choices, labels, d);
        bert.backward(out, null, head.backward(bert.kernels(), d, o.cache(), batch.batchSize()));
        return loss;
    }
}
