package org.bert4j.nn;

import java.util.Locale;
import org.bert4j.tensor.Kernels;

/**
 * The feed-forward nonlinearity of BERT ({@code hidden_act}), forward and backward.
 *
 * <p>{@code "gelu"} in a Hugging Face config means the exact erf form; Google's {@code modeling.py}
 * computes GELU with the tanh approximation, which Hugging Face calls {@code "gelu_new"} (or
 * {@code "gelu_pytorch_tanh"}); bert4j calls it {@code "gelu_tanh"}.
 */
public enum Activation {
    /** {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    GELU("gelu"),
    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_TANH("gelu_tanh"),
    /** {@code max(0, x)}. */
    RELU("relu");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The bert4j name: {@code gelu}, {@code gelu_tanh} or {@code relu}. */
    public String configName() {
        return configName;
    }

    /** The name Hugging Face's {@code ACT2FN} knows for this function (for writing config.json). */
    public String huggingFaceName() {
        return this == GELU_TANH ? "gelu_new" : configName;
    }

    /** Parses a {@code hidden_act} value as a Hugging Face config means it. */
    public static Activation fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gelu", "gelu_erf" -> GELU;
            case "gelu_tanh", "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "relu" -> RELU;
            default -> throw new IllegalArgumentException("unsupported hidden_act '" + name
                    + "' (supported: gelu, gelu_tanh, gelu_new, gelu_pytorch_tanh, relu)");
        };
    }

    /** In place: {@code x[off .. off+len) = act(x)}. */
    public void forward(Kernels k, float[] x, int off, int len) {
        switch (this) {
            case GELU -> k.geluErf(x, off, len);
            case GELU_TANH -> k.geluTanh(x, off, len);
            case RELU -> { for (int i = off; i < off + len; i++) if (!(x[i] > 0f)) x[i] = 0f; }
        }
    }

    /** {@code dx = dy * act'(x)} where {@code x} is the activation's input; {@code dx} may be {@code dy}. */
    public void backward(Kernels k, float[] x, float[] dy, float[] dx, int len) {
        switch (this) {
            case GELU -> k.geluErfBackward(x, 0, dy, 0, dx, 0, len);
            case GELU_TANH -> k.geluTanhBackward(x, 0, dy, 0, dx, 0, len);
            case RELU -> { for (int i = 0; i < len; i++) dx[i] = x[i] > 0f ? dy[i] : 0f; }
        }
    }
}
