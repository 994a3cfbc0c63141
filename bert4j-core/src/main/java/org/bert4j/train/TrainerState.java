package org.bert4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything besides weights and optimizer moments that a resumed run needs to continue exactly
 * (the counterpart of Hugging Face's {@code trainer_state.json} plus {@code rng_state.pth}).
 *
 * @param step            optimizer steps completed
 * @param sampler         where the batch sampler stands (epoch, next batch index)
 * @param rngState        the trainer's {@link Rng} state after {@code step}
 * @param examplesSeen    training examples consumed so far
 * @param elapsedSeconds  training wall time so far, over all resumed segments
 * @param bestMetric      best value of the tracked evaluation metric, NaN if none yet
 * @param bestStep        step at which {@code bestMetric} was reached, -1 if none
 * @param lastLoss        loss of step {@code step}
 * @param optimizerKind   which optimizer wrote the moments
 * @param config          the run's {@link TrainConfig#toMap()} (informational)
 */
public record TrainerState(long step, BatchSampler.Position sampler, long rngState, long examplesSeen,
                           double elapsedSeconds, double bestMetric, long bestStep, double lastLoss,
                           String optimizerKind, Map<String, Object> config) {

    public TrainerState {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Writes the fields into {@code out} (snake_case names; non-finite doubles as null). */
    public void writeTo(ObjectNode out) {
        out.put("step", step);
        out.put("epoch", sampler.epoch());
        out.put("batch_index", sampler.index());
        // as a string: JSON readers in other languages lose precision on 64-bit integers
        out.put("rng_state", Long.toUnsignedString(rngState));
        out.put("examples_seen", examplesSeen);
        out.put("elapsed_s", elapsedSeconds);
        putDouble(out, "best_metric", bestMetric);
        out.put("best_step", bestStep);
        putDouble(out, "last_loss", lastLoss);
        out.put("optimizer", optimizerKind);
        out.set("config", new ObjectMapper().valueToTree(config));
    }

    private static void putDouble(ObjectNode out, String key, double v) {
        if (Double.isFinite(v)) out.put(key, v);
        else out.putNull(key);
    }

    private static double getDouble(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** Reads what {@link #writeTo} wrote. */
    @SuppressWarnings("unchecked")
    public static TrainerState readFrom(JsonNode n) {
        for (String k : new String[] {"step", "epoch", "batch_index", "rng_state"}) {
            if (!n.has(k)) throw new IllegalArgumentException("trainer_state.json lacks '" + k + "'");
        }
        Map<String, Object> config = n.has("config") ? new ObjectMapper().convertValue(n.get("config"), Map.class) : Map.of();
        return new TrainerState(n.get("step").asLong(),
                new BatchSampler.Position(n.get("epoch").asLong(), n.get("batch_index").asInt()),
                Long.parseUnsignedLong(n.get("rng_state").asText()),
                n.path("examples_seen").asLong(), n.path("elapsed_s").asDouble(),
                getDouble(n, "best_metric"), n.path("best_step").asLong(-1), getDouble(n, "last_loss"),
                n.path("optimizer").asText(""), config);
    }
}
