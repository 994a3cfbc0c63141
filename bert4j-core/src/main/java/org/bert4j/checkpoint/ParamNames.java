package org.bert4j.checkpoint;

import java.util.regex.Pattern;

/**
 * All parameter-name normalization, in one place: maps the names found in Hugging Face (PyTorch,
 * safetensors, Flax), TensorFlow (Google BERT checkpoints, TF-Hub modules) and ONNX checkpoints to the
 * canonical names, which are the Hugging Face {@code BertForPreTraining} state-dict keys with the
 * {@code bert.} prefix removed (e.g. {@code encoder.layer.3.attention.self.query.weight}); heads keep
 * their Hugging Face names ({@code cls.predictions.*}, {@code cls.seq_relationship.*},
 * {@code classifier.*}, {@code qa_outputs.*}). Dense weights are [out, in] (PyTorch layout): names that
 * say a matrix is stored [in, out] ({@code kernel} in TensorFlow and Flax) are marked for transposition.
 */
public final class ParamNames {

    /** What to do with one stored tensor. */
    public record Mapping(String canonical, boolean transpose, boolean known) {}

    private static final String LAYER_PARAM = "(attention\\.self\\.(query|key|value)|attention\\.output\\.dense|"
            + "attention\\.output\\.LayerNorm|intermediate\\.dense|output\\.dense|output\\.LayerNorm)\\.(weight|bias)";

    /** The canonical names this library knows (anything else is kept under its own name and reported). */
    private static final Pattern CANONICAL = Pattern.compile(
            "embeddings\\.(word_embeddings|position_embeddings|token_type_embeddings)\\.weight"
            + "|embeddings\\.LayerNorm\\.(weight|bias)"
            + "|encoder\\.layer\\.\\d+\\." + LAYER_PARAM
            + "|pooler\\.dense\\.(weight|bias)"
            + "|cls\\.predictions\\.transform\\.(dense|LayerNorm)\\.(weight|bias)"
            + "|cls\\.predictions\\.bias|cls\\.predictions\\.decoder\\.(weight|bias)"
            + "|cls\\.seq_relationship\\.(weight|bias)|classifier\\.(weight|bias)|qa_outputs\\.(weight|bias)");

    /** Optimizer state, step counters and constant buffers: not weights, silently dropped. */
    private static final Pattern DROPPED = Pattern.compile(
            "(.*[/.])?(adam_m|adam_v|global_step|position_ids|_CHECKPOINTABLE_OBJECT_GRAPH)(:0)?"
            + "|.*/(Adam|Adam_1)|.*/\\.ATTRIBUTES/.*|.*/\\.OPTIMIZER_SLOT/.*");

    private ParamNames() {}

    /** True if {@code name} is one of the canonical BERT parameter names. */
    public static boolean isCanonical(String name) {
        return CANONICAL.matcher(name).matches();
    }

    /** The canonical name for a stored name, or {@code null} if the tensor is not a weight and should be dropped. */
    public static Mapping map(String stored) {
        if (DROPPED.matcher(stored).matches()) return null;
        String name = stored;
        boolean transpose = false;
        if (name.contains("/") || name.equals("output_weights") || name.equals("output_bias")) {
            // TensorFlow: bert/encoder/layer_3/attention/self/query/kernel, possibly inside a TF-Hub "module/" scope.
            if (name.endsWith(":0")) name = name.substring(0, name.length() - 2);
            if (name.startsWith("module/")) name = name.substring("module/".length());
            name = switch (name) {
                case "cls/predictions/output_bias" -> "cls.predictions.bias";
                // The NSP and fine-tuning heads are plain variables stored [out, in]: no transposition.
                case "cls/seq_relationship/output_weights" -> "cls.seq_relationship.weight";
                case "cls/seq_relationship/output_bias" -> "cls.seq_relationship.bias";
                case "output_weights" -> "classifier.weight";            // run_classifier.py
                case "output_bias" -> "classifier.bias";
                case "cls/squad/output_weights" -> "qa_outputs.weight";  // run_squad.py
                case "cls/squad/output_bias" -> "qa_outputs.bias";
                default -> name.replaceAll("layer_(\\d+)", "layer.$1").replace('/', '.');
            };
            if (name.startsWith("bert.embeddings.") && name.endsWith("_embeddings")) name += ".weight";
        }
        if (name.startsWith("bert.")) name = name.substring("bert.".length());
        if (name.endsWith(".kernel")) {        // TensorFlow / Flax / ONNX MatMul operand: [in, out]
            name = name.substring(0, name.length() - ".kernel".length()) + ".weight";
            transpose = true;
        } else if (name.endsWith(".gamma") || name.endsWith(".scale")) {  // legacy / Flax LayerNorm
            name = name.substring(0, name.lastIndexOf('.')) + ".weight";
        } else if (name.endsWith(".beta")) {
            name = name.substring(0, name.length() - ".beta".length()) + ".bias";
        } else if (name.endsWith("_embeddings.embedding")) {              // Flax embedding tables
            name = name.substring(0, name.length() - ".embedding".length()) + ".weight";
        }
        if (isCanonical(name)) return new Mapping(name, transpose, true);
        return new Mapping(stored, false, false);
    }
}
