package org.bert4j.train;

import java.util.List;
import java.util.Map;
import org.bert4j.nn.Param;

/**
 * What the {@link Trainer} needs from a task (pre-training, classification, SQuAD, NER, SWAG): its
 * parameters, a way to build a batch from example indices, and one forward plus backward pass.
 * The model, heads, loss and metrics stay in the task; the loop stays in the trainer
 * (the split of minGPT's {@code Trainer} and Hugging Face's {@code Trainer}/{@code compute_loss}).
 *
 * @param <B> the task's batch type (padded ids, masks, labels, ...)
 */
public interface TrainableTask<B> {

    /**
     * Every trainable parameter, named by its Hugging Face checkpoint key. The same list (same
     * objects, same order) on every call; checkpoints save and restore exactly these.
     */
    List<Param> params();

    /** Collates the examples with these indices (from the {@link BatchSampler}) into a batch. */
    B batch(int[] exampleIndices);

    /**
     * Runs the model on {@code batch} in training mode and <em>accumulates</em> the gradient of
     * the batch's mean loss into {@code Param.grad()} (the trainer zeroes gradients between
     * optimizer steps and averages over micro-batches). All randomness (dropout, masking) must
     * come from {@code rng}, which the trainer derives from its saved state, so a resumed run
     * repeats the uninterrupted one exactly.
     */
    StepMetrics forwardBackward(B batch, Rng rng);

    /**
     * Evaluates on held-out data in inference mode (no dropout, no gradients); the names become
     * {@code eval_<name>} in {@code metrics.jsonl}. The default has nothing to evaluate.
     */
    default Map<String, Double> evaluate() {
        return Map.of();
    }
}
