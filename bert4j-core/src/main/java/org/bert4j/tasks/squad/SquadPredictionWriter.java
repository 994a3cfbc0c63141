package org.bert4j.tasks.squad;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files of Google's run_squad.py {@code write_predictions}: {@code predictions.json}
 * ({@code {id: text}}, the input of the official evaluate scripts), {@code nbest_predictions.json}
 * ({@code {id: [{text, probability, start_logit, end_logit}, ...]}}) and, for v2.0,
 * {@code null_odds.json} ({@code {id: score_diff}}, the {@code --na-prob-file} of evaluate-v2.0.py).
 */
public final class SquadPredictionWriter {
    private SquadPredictionWriter() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void writePredictions(Path file, Map<String, SquadPrediction> predictions) {
        Map<String, String> m = new LinkedHashMap<>();
        predictions.forEach((id, p) -> m.put(id, p.text()));
        write(file, m);
    }

    public static void writeNbest(Path file, Map<String, SquadPrediction> predictions) {
        Map<String, List<Map<String, Object>>> m = new LinkedHashMap<>();
        predictions.forEach((id, p) -> m.put(id, p.nbest().stream().map(e -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("text", e.text());
            o.put("probability", e.probability());
            o.put("start_logit", e.startLogit());
            o.put("end_logit", e.endLogit());
            return o;
        }).toList()));
        write(file, m);
    }

    public static void writeNullOdds(Path file, Map<String, SquadPrediction> predictions) {
        Map<String, Double> m = new LinkedHashMap<>();
        predictions.forEach((id, p) -> m.put(id, p.nullScoreDiff()));
        write(file, m);
    }

    /** Reads a {@code predictions.json} ({@code {id: text}}). */
    public static Map<String, String> readPredictions(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> m = JSON.readValue(file.toFile(), LinkedHashMap.class);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read predictions " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, Object value) {
        try {
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
