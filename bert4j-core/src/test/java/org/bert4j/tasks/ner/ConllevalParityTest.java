package org.bert4j.tasks.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpanF1}, {@link NerTask#score} and {@link ConllWriter#score} against the official {@code conlleval}
 * (Perl, CoNLL shared task scorer, version 2004-01-26; copy read from GitHub deeppavlov/ner) on the real
 * CoNLL-2003 dev file eng.testa (3,250 sentences, 51,362 tokens, 5,942 gold entities, IOB1).
 *
 * <p>Goldens: {@code fixtures/conll/conlleval-goldens.json} and the predicted tags {@code eng.testa.pred.gz},
 * made by {@code reference/make_conlleval_goldens.py}: seeded corrupted predictions (type swaps, boundary
 * shifts, dropped/invented/split/merged entities, I-/B- confusions, IOB2 sentences), scored by conlleval
 * without options as a {@code word gold guess} file, the same with eng.testa's {@code -DOCSTART-} lines, and
 * a small made-up file whose percentages are exact ties at the second decimal. Compared: conlleval's whole
 * printout, overall and per-type gold/found/correct counts exactly, token count, and accuracy, precision,
 * recall and FB1 within conlleval's printed rounding (0.005 percentage points).
 */
class ConllevalParityTest {

    static final JsonNode GOLDEN = golden();
    static final double HALF_CENT = 0.005 + 1e-9;

    static InputStream resource(String name) {
        InputStream in = ConllevalParityTest.class.getResourceAsStream(name);
        assertNotNull(in, "missing golden file " + name + " (make it with reference/make_conlleval_goldens.py)");
        return in;
    }

    static JsonNode golden() {
        try (InputStream in = resource("/fixtures/conll/conlleval-goldens.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The predicted tags of eng.testa, sentence by sentence. */
    static List<List<String>> predictions() throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(resource("/fixtures/conll/eng.testa.pred.gz")), StandardCharsets.US_ASCII))) {
            List<String> cur = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!cur.isEmpty()) out.add(List.copyOf(cur));
                    cur.clear();
                } else {
                    cur.add(line);
                }
            }
            if (!cur.isEmpty()) out.add(List.copyOf(cur));
        }
        return out;
    }

    static final ConllDataset DEV = ConllReader.read(SharedData.data("conll2003/eng.testa"));

    static void assertSameAsConlleval(JsonNode official, SpanF1 ours) {
        assertEquals(official.get("stdout").asText(), ours.report(), "conlleval's printout");
        assertEquals(official.get("tokens").asInt(), ours.tokens());
        SpanF1.Score o = ours.overall();
        assertEquals(official.get("gold_phrases").asInt(), o.foundGold(), "gold phrases");
        assertEquals(official.get("found").asInt(), o.foundGuessed(), "found phrases");
        assertEquals(official.get("correct").asInt(), o.correct(), "correct phrases");
        assertEquals(official.get("accuracy").asDouble(), ours.accuracy(), HALF_CENT, "accuracy");
        assertEquals(official.get("precision").asDouble(), o.precision(), HALF_CENT, "precision");
        assertEquals(official.get("recall").asDouble(), o.recall(), HALF_CENT, "recall");
        assertEquals(official.get("f1").asDouble(), o.f1(), HALF_CENT, "FB1");
        JsonNode types = official.get("types");
        TreeSet<String> names = new TreeSet<>();
        types.fieldNames().forEachRemaining(names::add);
        assertEquals(names, new TreeSet<>(ours.byType().keySet()), "entity types");
        for (String t : names) {
            JsonNode e = types.get(t);
            SpanF1.Score s = ours.byType().get(t);
            assertEquals(new SpanF1.Score(e.get("gold").asInt(), e.get("found").asInt(), e.get("correct").asInt()), s, t);
            assertEquals(e.get("precision").asDouble(), s.precision(), HALF_CENT, t + " precision");
            assertEquals(e.get("recall").asDouble(), s.recall(), HALF_CENT, t + " recall");
            assertEquals(e.get("f1").asDouble(), s.f1(), HALF_CENT, t + " FB1");
        }
    }

    @Test
    void spanF1OnEngTesta() throws IOException {
        List<ConllSentence> gold = DEV.sentences();
        List<List<String>> pred = predictions();
        assertEquals(3250, gold.size());
        assertEquals(gold.size(), pred.size(), "sentences");
        for (int i = 0; i < gold.size(); i++) assertEquals(gold.get(i).size(), pred.get(i).size(), "tokens of sentence " + i);
        SpanF1 f = NerTask.score(gold, pred);
        assertEquals(51362, f.tokens());
        assertSameAsConlleval(GOLDEN.get("no_docstart"), f);
    }

    @Test
    void conllWriterFileOnEngTesta(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pred.conll");
        ConllWriter.write(file, DEV.sentences(), predictions());
        assertSameAsConlleval(GOLDEN.get("no_docstart"), ConllWriter.score(file));
    }

    @Test
    void conllWriterScoreCountsDocstartLinesLikeConlleval(@TempDir Path dir) throws IOException {
        // eng.testa's own layout, word gold guess: conlleval counts the 216 -DOCSTART- lines as (O, O) tokens
        Iterator<String> tags = predictions().stream().flatMap(List::stream).iterator();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.data("conll2003/eng.testa"), StandardCharsets.UTF_8)) {
            if (line.startsWith(ConllReader.DOCSTART)) lines.add("-DOCSTART- O O");
            else if (line.isBlank()) lines.add("");
            else {
                String[] c = line.split(" ");
                lines.add(c[0] + " " + c[3] + " " + tags.next());
            }
        }
        assertTrue(!tags.hasNext(), "every predicted tag used");
        Path file = dir.resolve("pred-docstart.conll");
        Files.write(file, lines, StandardCharsets.UTF_8);
        SpanF1 f = ConllWriter.score(file);
        assertEquals(51362 + 216, f.tokens());
        assertSameAsConlleval(GOLDEN.get("with_docstart"), f);
    }

    @Test
    void printoutRoundsTiesLikePerlPrintf() {
        JsonNode ties = GOLDEN.get("ties");
        SpanF1 f = new SpanF1();
        for (JsonNode s : ties.get("sentences")) {
            List<String> g = new ArrayList<>(), p = new ArrayList<>();
            s.get(0).forEach(t -> g.add(t.asText()));
            s.get(1).forEach(t -> p.add(t.asText()));
            f.add(g, p);
        }
        assertSameAsConlleval(ties, f);
        assertEquals("  3.12", SpanF1.pct(3.125), "exact tie: half-even");
        assertEquals("100.00", SpanF1.pct(100.0));
        assertEquals("  0.00", SpanF1.pct(0.0));
    }
}
