package org.bert4j.tasks.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CoNLL-2003 files and malformed input. */
class ConllReaderTest {

    static final ConllDataset TRAIN = ConllReader.read(SharedData.data("conll2003/eng.train"));
    static final ConllDataset TESTA = ConllReader.read(SharedData.data("conll2003/eng.testa"));

    static SpanF1 goldVsGold(ConllDataset d) {
        SpanF1 f = new SpanF1();
        for (ConllSentence s : d.sentences()) f.add(s.ner(), s.ner());
        return f;
    }

    static Map<String, Integer> entities(SpanF1 f) {
        Map<String, Integer> m = new TreeMap<>();
        f.byType().forEach((t, s) -> m.put(t, s.foundGold()));
        return m;
    }

    @Test
    void trainCounts() {
        assertEquals(List.of(), TRAIN.problems());
        assertEquals(946, TRAIN.documents());
        assertEquals(14041, TRAIN.sentences().size());
        assertEquals(203621, TRAIN.tokens());
        assertEquals(List.of("B-LOC", "B-MISC", "B-ORG", "I-LOC", "I-MISC", "I-ORG", "I-PER", "O"), TRAIN.nerTags());
        SpanF1 f = goldVsGold(TRAIN);
        assertEquals(23499, f.overall().foundGold());
        assertEquals(Map.of("PER", 6600, "LOC", 7140, "ORG", 6321, "MISC", 3438), entities(f));
        assertEquals(100.0, f.overall().f1(), 1e-9);
        ConllSentence first = TRAIN.sentences().get(0);
        assertEquals(List.of("EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."), first.tokens());
        assertEquals(List.of("I-ORG", "O", "I-MISC", "O", "O", "O", "I-MISC", "O", "O"), first.ner());
        assertEquals(3, first.line());
    }

    @Test
    void testaCountsAndIob2GivesTheSameEntities() {
        assertEquals(List.of(), TESTA.problems());
        assertEquals(216, TESTA.documents());
        assertEquals(3250, TESTA.sentences().size());
        assertEquals(51362, TESTA.tokens());
        SpanF1 f = goldVsGold(TESTA);
        assertEquals(Map.of("PER", 1842, "LOC", 1837, "ORG", 1341, "MISC", 922), entities(f));
        assertEquals(100.0, f.overall().f1(), 1e-9);
        assertTrue(f.report().startsWith("processed 51362 tokens with 5942 phrases; found: 5942 phrases; correct: 5942.\n"
            + "accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00\n"), f.report());
        // IOB1 gold scored against its IOB2 conversion: same chunks, F1 100, but token accuracy below 100
        SpanF1 g = new SpanF1();
        for (ConllSentence s : TESTA.sentences()) {
            g.add(s.ner(), s.withIob2().ner());
            assertEquals(SpanF1.chunks(s.ner()), SpanF1.chunks(s.withIob2().ner()));
        }
        assertEquals(100.0, g.overall().f1(), 1e-9);
        assertTrue(g.accuracy() < 100.0);
    }

    @Test
    void malformedLinesAreReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "-DOCSTART- -X- O O\r\n\r\nEU NNP I-NP I-ORG\r\nrejects VBZ I-VP\r\nGerman JJ I-NP I-MISC\r\n\r\n"
            + "Peter NNP I-NP I-PER extra\nBlackburn NNP I-NP I-PER\n");
        ConllDataset d = ConllReader.read(f);
        assertEquals(2, d.problems().size());
        assertTrue(d.problems().get(0).startsWith(f + ":4: expected 4 columns"), d.problems().get(0));
        assertTrue(d.problems().get(1).startsWith(f + ":7: "), d.problems().get(1));
        assertEquals(1, d.documents());
        assertEquals(2, d.sentences().size());
        assertEquals(List.of("EU", "German"), d.sentences().get(0).tokens());
        assertEquals(List.of("Blackburn"), d.sentences().get(1).tokens());
        assertEquals(8, d.sentences().get(1).line());
    }

    @Test
    void predictionWriterRoundTrip(@TempDir Path dir) {
        List<ConllSentence> sents = TESTA.sentences().subList(0, 200);
        List<List<String>> preds = new ArrayList<>();
        SpanF1 direct = new SpanF1();
        for (int i = 0; i < sents.size(); i++) {
            List<String> p = new ArrayList<>(sents.get(i).ner());
            if (i % 3 == 0) p.replaceAll(t -> t.endsWith("PER") ? "O" : t); // drop every PER in a third of the sentences
            preds.add(p);
            direct.add(sents.get(i).ner(), p);
        }
        Path out = dir.resolve("pred.txt");
        ConllWriter.write(out, sents, preds);
        SpanF1 read = ConllWriter.score(out);
        assertEquals(direct.report(), read.report());
        assertTrue(read.overall().recall() < 100.0 && read.overall().precision() == 100.0, read.report());
    }
}
