package org.bert4j.heads;

import java.util.List;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.model.BertConfig;
import org.bert4j.model.ParamLoader;
import org.bert4j.nn.Linear;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * The next sentence prediction head (paper §3.1, Task #2; Google's {@code get_next_sentence_output}):
 * a 2-way classifier on the pooled output, {@code logits = C W^T + b}; class 0 = "B follows A" (IsNext),
 * 1 = random (NotNext).
 */
public final class NextSentenceHead {
    public final Linear seqRelationship; // cls.seq_relationship [2, H]

    public NextSentenceHead(BertConfig config) {
        seqRelationship = new Linear("cls.seq_relationship", config.hiddenSize(), 2);
    }

    public List<Param> params() {
        return List.of(seqRelationship.weight, seqRelationship.bias);
    }

    public static NextSentenceHead load(TensorSource source, BertConfig config) {
        NextSentenceHead h = new NextSentenceHead(config);
        ParamLoader.load(source, h.params(), n -> n.startsWith("cls.seq_relationship."), "the next-sentence head");
        return h;
    }

    public static boolean presentIn(TensorSource source) {
        return source.contains("cls.seq_relationship.weight");
    }

    /** {@code logits[batch, 2]} from {@code pooled[batch, H]}. */
    public float[] forward(Kernels k, float[] pooled, int batch) {
        return seqRelationship.forward(k, pooled, batch);
    }

    /** Accumulates the gradients; returns {@code dPooled[batch, H]}. */
    public float[] backward(Kernels k, float[] dLogits, float[] pooled, int batch) {
        return seqRelationship.backward(k, dLogits, pooled, batch);
    }
}
