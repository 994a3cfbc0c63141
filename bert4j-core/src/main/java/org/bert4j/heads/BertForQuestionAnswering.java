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
 * BERT with the {@link SpanHead} (Hugging Face's {@code BertForQuestionAnswering}): start and end logits
 * for every token, loss {@code (CE(start) + CE(end)) / 2}.
 */
public final class BertForQuestionAnswering {
    public static final String ARCHITECTURE = "BertForQuestionAnswering";

    public final BertModel bert;
    public final SpanHead qa;

    public BertForQuestionAnswering(BertModel bert, SpanHead qa) {
        this.bert = bert;
        this.qa = qa;
    }

    /**
     * Loads the encoder of a model folder or weights file and its {@code qa_outputs} head if it has
     * one; otherwise the head is new, initialized from {@code seed}.
     */
    public static BertForQuestionAnswering load(Path modelFolderOrFile, long seed) {
        try (TensorSource w = BertModels.openWeights(modelFolderOrFile)) {
            BertConfig c = BertModels.config(modelFolderOrFile, w);
            BertModel m = BertModel.load(w, c);
            SpanHead h;
            if (SpanHead.presentIn(w)) {
                h = SpanHead.load(w, c);
            } else {
                h = new SpanHead(c);
                FineTuned.initHead(h.params(), c.initializerRange(), seed);
            }
            return new BertForQuestionAnswering(m, h);
        }
    }

    public BertConfig config() { return bert.config(); }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(bert.params());
        p.addAll(qa.params());
        return Collections.unmodifiableList(p);
    }

    /**
     * Saves a Hugging Face {@code BertForQuestionAnswering} folder: weights, {@code config.json} and the
     * tokenizer files of {@code tokenizerSource} (the folder the model came from).
     */
    public void save(Path dir, Path tokenizerSource, boolean lowercase) {
        BertModels.save(dir, config(), params(), null, ARCHITECTURE, Map.of());
        FineTuned.copyTokenizer(tokenizerSource, dir, lowercase);
    }

    /** Evaluation: {@code logits[tokens, 2]} (start, end) over the packed batch. */
    public float[] logits(PackedBatch batch) {
        BertModel.Output out = bert.forward(batch, ForwardContext.EVAL);
        return qa.forward(bert.kernels(), out.lastHiddenState(), batch.tokens());
    }

    /** One training step's forward and backward; accumulates gradients and returns the mean loss. */
    public double forwardBackward(PackedBatch batch, int[] startPositions, int[] endPositions, ForwardContext ctx) {
        BertModel.Output out = bert.forward(batch, ctx);
        float[] logits = qa.forward(bert.kernels(), out.lastHiddenState(), batch.tokens());
        float[] dLogits = new float[logits.length];
        double loss = SpanHead.loss(logits, batch, startPositions, endPositions, dLogits);
        float[] dHidden = qa.backward(bert.kernels(), dLogits, out.lastHiddenState(), batch.tokens());
        bert.backward(out, dHidden, null);
        return loss;
    }
}
