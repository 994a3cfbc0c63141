package org.bert4j.tasks.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding hand-made logits (run_squad.py write_predictions rules). */
class SquadDecoderTest {

    static final String CONTEXT = "The quick brown fox jumps over the lazy dog.";
    static final SquadExample EX = new SquadExample("fox", "t", 0, "who jumps?", CONTEXT,
        List.of(new SquadAnswer("quick brown fox", 4, true)), false);

    static SquadFeature feature() {
        return new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(List.of(EX), false).features().get(0);
    }

    static int index(SquadFeature f, String token, int from) {
        for (int i = from; i < f.length(); i++) if (f.tokens()[i].equals(token)) return i;
        throw new AssertionError(token);
    }

    @Test
    void bestValidSpanWinsAndMapsToContextText() {
        SquadFeature f = feature();
        // [CLS] who jumps ? [SEP] the quick brown fox jumps over the lazy dog . [SEP]
        assertEquals(16, f.length());
        float[] start = new float[f.length()], end = new float[f.length()];
        int quick = index(f, "quick", 5), fox = index(f, "fox", 5), lazy = index(f, "lazy", 5), jumpsQ = index(f, "jumps", 0);
        start[jumpsQ] = 20; end[jumpsQ] = 20;    // question tokens: never an answer
        start[lazy] = 3; end[index(f, "the", 5)] = 9; // end before start: invalid
        start[quick] = 5; end[fox] = 4;           // best valid: "quick brown fox" = 9
        start[0] = 30; end[0] = 30;               // [CLS]: ignored in v1.1
        end[f.length() - 1] = 15;                 // final [SEP]: not a passage token
        Map<String, SquadPrediction> p = new SquadDecoder(SquadDecoder.Config.V1).decode(List.of(EX), List.of(f), List.of(start), List.of(end));
        SquadPrediction pred = p.get("fox");
        assertEquals("quick brown fox", pred.text());
        assertEquals(5.0, pred.nbest().get(0).startLogit());
        assertEquals(4.0, pred.nbest().get(0).endLogit());
        double sum = pred.nbest().stream().mapToDouble(SquadPrediction.Entry::probability).sum();
        assertEquals(1.0, sum, 1e-9);
        assertTrue(pred.nbest().size() <= 20);
        assertEquals(pred.nbest().size(), pred.nbest().stream().map(SquadPrediction.Entry::text).distinct().count(), "deduplicated");
        // "The" (start 0 + end 9) ties at 9; the stable sort keeps the pair met first (start logits in descending order)
        assertEquals("The", pred.nbest().get(1).text());
        assertEquals(9.0, pred.nbest().get(1).endLogit());
    }

    @Test
    void maxAnswerLengthLimitsSpans() {
        SquadFeature f = feature();
        float[] start = new float[f.length()], end = new float[f.length()];
        int the = index(f, "the", 5), dog = index(f, "dog", 5), lazy = index(f, "lazy", 5);
        start[the] = 10; end[dog] = 10; end[lazy] = 1;
        SquadDecoder d = new SquadDecoder(new SquadDecoder.Config(20, 3, false, 0));
        // the..dog is 9 tokens > 3; best within 3 tokens with start "the": ends at quick/brown (0) or ... lazy is too far
        String text = d.decode(List.of(EX), List.of(f), List.of(start), List.of(end)).get("fox").text();
        assertTrue(text.startsWith("The") && text.split(" ").length <= 3, text);
        assertEquals("The quick brown fox jumps over the lazy dog",
            new SquadDecoder(SquadDecoder.Config.V1).decode(List.of(EX), List.of(f), List.of(start), List.of(end)).get("fox").text());
    }

    @Test
    void versionTwoNullScoreAndThreshold() {
        SquadFeature f = feature();
        float[] start = new float[f.length()], end = new float[f.length()];
        int quick = index(f, "quick", 5), fox = index(f, "fox", 5);
        start[quick] = 3; end[fox] = 3;   // best non-null = 6
        start[0] = 4; end[0] = 4;         // null = 8 -> diff 2
        SquadPrediction p = new SquadDecoder(SquadDecoder.Config.V2).decode(List.of(EX), List.of(f), List.of(start), List.of(end)).get("fox");
        assertEquals("", p.text());
        assertEquals("quick brown fox", p.bestNonNullText());
        assertEquals(2.0, p.nullScoreDiff(), 1e-9);
        assertEquals("", p.nbest().get(0).text(), "null is an n-best candidate");
        SquadPrediction q = new SquadDecoder(SquadDecoder.Config.V2.withThreshold(2.5)).decode(List.of(EX), List.of(f), List.of(start), List.of(end)).get("fox");
        assertEquals("quick brown fox", q.text());
    }

    @Test
    void nullScoreIsMinimumOverWindowsAndStartNeedsMaxContext() {
        SquadExample ex = SquadFeaturesTest.longExample();
        List<SquadFeature> fs = new SquadFeatures(Vocab.UNCASED, SquadFeatures.Config.DEFAULT).build(List.of(ex), false).features();
        assertEquals(3, fs.size());
        List<float[]> starts = new java.util.ArrayList<>(), ends = new java.util.ArrayList<>();
        for (SquadFeature f : fs) {
            starts.add(new float[f.length()]);
            ends.add(new float[f.length()]);
        }
        // window 1 scores "black dog" very high, but token 450 has its max context in window 2
        int p1 = 450 - 128 + 5, p2 = 450 - 256 + 5;
        starts.get(1)[p1] = 50; ends.get(1)[p1 + 1] = 50;
        starts.get(2)[p2] = 2; ends.get(2)[p2 + 1] = 2;
        starts.get(0)[0] = 9; ends.get(0)[0] = 9;
        starts.get(1)[0] = 1; ends.get(1)[0] = 0;   // null = 1 (min over windows)
        starts.get(2)[0] = 7; ends.get(2)[0] = 7;
        SquadPrediction p = new SquadDecoder(SquadDecoder.Config.V2).decode(List.of(ex), fs, starts, ends).get("long");
        assertEquals("black dog", p.text());
        assertEquals(2.0 + 2.0, p.nbest().get(0).startLogit() + p.nbest().get(0).endLogit(), 1e-9, "taken from window 2");
        assertEquals(1.0 - 4.0, p.nullScoreDiff(), 1e-9);
    }

    @Test
    void writersUseTheOfficialFormats(@TempDir Path dir) throws Exception {
        SquadFeature f = feature();
        float[] start = new float[f.length()], end = new float[f.length()];
        start[index(f, "fox", 5)] = 1;
        Map<String, SquadPrediction> p = new SquadDecoder(SquadDecoder.Config.V2).decode(List.of(EX), List.of(f), List.of(start), List.of(end));
        SquadPredictionWriter.writePredictions(dir.resolve("predictions.json"), p);
        SquadPredictionWriter.writeNbest(dir.resolve("nbest_predictions.json"), p);
        SquadPredictionWriter.writeNullOdds(dir.resolve("null_odds.json"), p);
        assertEquals(Map.of("fox", p.get("fox").text()), SquadPredictionWriter.readPredictions(dir.resolve("predictions.json")));
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("nbest_predictions.json").toFile());
        var first = node.get("fox").get(0);
        assertEquals(List.of("text", "probability", "start_logit", "end_logit"), iterable(first.fieldNames()));
        assertTrue(Files.readString(dir.resolve("null_odds.json")).contains("\"fox\""));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
