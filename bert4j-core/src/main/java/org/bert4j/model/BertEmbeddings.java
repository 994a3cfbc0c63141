package org.bert4j.model;

import java.util.List;
import org.bert4j.nn.Dropout;
import org.bert4j.nn.ForwardContext;
import org.bert4j.nn.LayerNorm;
import org.bert4j.nn.Param;
import org.bert4j.tensor.Kernels;

/**
 * BERT's input representation (paper §3.2, figure 2): the sum of token, segment and position
 * embeddings, then LayerNorm and dropout.
 */
public final class BertEmbeddings {
    public final Param wordEmbeddings;      // [vocab, H]  embeddings.word_embeddings.weight
    public final Param positionEmbeddings;  // [maxPos, H] embeddings.position_embeddings.weight
    public final Param tokenTypeEmbeddings; // [types, H]  embeddings.token_type_embeddings.weight
    public final LayerNorm layerNorm;       // embeddings.LayerNorm
    private final BertConfig config;

    /** What backward needs. */
    public record Cache(LayerNorm.Cache norm, float[] dropoutMask) {}

    public record Out(float[] hidden, Cache cache) {}

    public BertEmbeddings(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        wordEmbeddings = Param.zeros("embeddings.word_embeddings.weight", config.vocabSize(), h);
        positionEmbeddings = Param.zeros("embeddings.position_embeddings.weight", config.maxPositionEmbeddings(), h);
        tokenTypeEmbeddings = Param.zeros("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
        layerNorm = new LayerNorm("embeddings.LayerNorm", h, config.layerNormEps());
    }

    public List<Param> params() {
        return List.of(wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings, layerNorm.weight, layerNorm.bias);
    }

    /** {@code [tokens, H]} embeddings of the packed batch. */
    public Out forward(Kernels k, PackedBatch batch, ForwardContext ctx) {
        int n = batch.tokens(), h = config.hiddenSize();
        float[] sum = new float[n * h]; // [tokens, H]
        float[] word = wordEmbeddings.value(), pos = positionEmbeddings.value(), type = tokenTypeEmbeddings.value();
        for (int r = 0; r < n; r++) {
            int id = check(batch.inputIds()[r], config.vocabSize(), "input id");
            int t = check(batch.typeIds()[r], config.typeVocabSize(), "token type id");
            int p = check(batch.positions()[r], config.maxPositionEmbeddings(), "position");
            // Hugging Face's order: (word + token type) + position
            k.add(word, id * h, type, t * h, sum, r * h, h);
            k.addInPlace(sum, r * h, pos, p * h, h);
        }
        LayerNorm.Out ln = layerNorm.forward(k, sum, n);
        float[] mask = Dropout.forward(k, ctx, config.hiddenDropoutProb(), ln.y(), n * h);
        return new Out(ln.y(), new Cache(ln.cache(), mask));
    }

    private static int check(int v, int size, String what) {
        if (v < 0 || v >= size) {
            throw new IllegalArgumentException(what + " " + v + " is out of range [0, " + size + ")"
                    + (what.equals("position") ? ": the input is longer than max_position_embeddings" : ""));
        }
        return v;
    }

    /**
     * Accumulates the gradients of all five parameters. The word table's gradient is touched only in
     * the rows of the ids in the batch (a sparse update into the dense gradient).
     */
    public void backward(Kernels k, float[] dOut, Cache c, PackedBatch batch) {
        int n = batch.tokens(), h = config.hiddenSize();
        Dropout.backward(k, c.dropoutMask(), dOut, n * h);
        float[] dSum = layerNorm.backward(k, dOut, c.norm(), n);
        float[] dWord = wordEmbeddings.grad(), dPos = positionEmbeddings.grad(), dType = tokenTypeEmbeddings.grad();
        for (int r = 0; r < n; r++) {
            k.addInPlace(dWord, batch.inputIds()[r] * h, dSum, r * h, h);
            k.addInPlace(dPos, batch.positions()[r] * h, dSum, r * h, h);
            k.addInPlace(dType, batch.typeIds()[r] * h, dSum, r * h, h);
        }
    }
}
