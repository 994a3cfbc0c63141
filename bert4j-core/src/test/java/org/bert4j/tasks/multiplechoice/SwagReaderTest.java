package org.bert4j.tasks.multiplechoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 10-example SWAG sample, the CSV format, the generic JSONL format and accuracy. */
class SwagReaderTest {

    static final BertTokenizer TOK = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true);

    @Test
    void readsTheSample() {
        MultipleChoiceDataset d = SwagReader.readJsonl(SharedData.data("swag/sample_10.jsonl"));
        assertEquals(List.of(), d.problems());
        assertEquals(10, d.examples().size());
        assertEquals(4, d.choices());
        assertEquals(List.of(0, 3, 1, 3, 0, 3, 0, 1, 3, 3), d.examples().stream().map(MultipleChoiceExample::label).toList());
        MultipleChoiceExample first = d.examples().get(0);
        assertEquals("Members of the procession walk down the street holding small horn brass instruments.", first.context());
        assertEquals("A drum line passes by walking down the street playing their instruments.", first.secondSegment(0));
    }

    @Test
    void encodesEachChoiceAsAPair() {
        MultipleChoiceExample ex = SwagReader.readJsonl(SharedData.data("swag/sample_10.jsonl")).examples().get(0);
        ChoiceFeature f = new ChoiceFeatures(TOK, 64).encode(ex);
        assertEquals(4, f.choices());
        assertEquals(64, f.length());
        assertEquals(0, f.label());
        for (int c = 0; c < 4; c++) {
            int n = 0;
            while (n < 64 && f.inputMask()[c][n] == 1) n++;
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) tokens.add(TOK.vocab().token(f.inputIds()[c][i]));
            List<String> a = TOK.tokenize(ex.context()), b = TOK.tokenize(ex.secondSegment(c));
            List<String> expected = new ArrayList<>();
            expected.add("[CLS]"); expected.addAll(a); expected.add("[SEP]"); expected.addAll(b); expected.add("[SEP]");
            assertEquals(expected, tokens, "choice " + c);
            assertEquals(0, f.segmentIds()[c][a.size() + 1], "first [SEP] is segment 0");
            assertEquals(1, f.segmentIds()[c][a.size() + 2]);
            assertEquals(1, f.segmentIds()[c][n - 1]);
            for (int i = n; i < 64; i++) {
                assertEquals(TOK.padId(), f.inputIds()[c][i]);
                assertEquals(0, f.segmentIds()[c][i]);
            }
        }
        // too long: truncated to the maximum, longer segment first, both [SEP]s kept
        ChoiceFeature t = new ChoiceFeatures(TOK, 16).encode(ex);
        for (int c = 0; c < 4; c++) {
            assertEquals(16, java.util.Arrays.stream(t.inputMask()[c]).sum());
            assertEquals(TOK.sepId(), t.inputIds()[c][15]);
        }
    }

    @Test
    void readsTheOfficialCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("val.csv");
        Files.writeString(csv, """
            ,video-id,fold-ind,startphrase,sent1,sent2,gold-source,ending0,ending1,ending2,ending3,label
            0,anetv_jkn6uvmqwh4,3416,"Members of the procession walk down the street, holding horns. A drum line","Members of the procession walk down the street, holding horns.",A drum line,gold,"passes by, walking.","has heard ""them"".",arrives.,turns.,0
            1,lsmdc3001,3417,x,"A man ""smiles""
            and waves.",He,gen,a,b,c,d,2
            2,broken,1,only,five,fields
            """);
        MultipleChoiceDataset d = SwagReader.readCsv(csv);
        assertEquals(2, d.examples().size());
        MultipleChoiceExample e = d.examples().get(0);
        assertEquals("Members of the procession walk down the street, holding horns.", e.context());
        assertEquals("A drum line passes by, walking.", e.secondSegment(0));
        assertEquals("has heard \"them\".", e.endings().get(1));
        assertEquals("anetv_jkn6uvmqwh4#2", e.id());
        assertEquals("A man \"smiles\"\nand waves.", d.examples().get(1).context());
        assertEquals(2, d.examples().get(1).label());
        assertEquals(1, d.problems().size());
        assertTrue(d.problems().get(0).startsWith(csv + ":5: 6 fields"), d.problems().get(0));
    }

    @Test
    void genericJsonlAndDifferingChoiceCounts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mc.jsonl");
        Files.writeString(f, """
            {"context": "The sky is", "endings": ["blue", "green", "loud"], "label": 0}
            {"context": "Water is", "question": "At 20 C water is", "choices": ["wet", "dry", "solid"], "label": "0", "id": "w"}

            {"context": "Two", "endings": ["a", "b"], "label": 1}
            {"context": "Bad label", "endings": ["a", "b", "c"], "label": 7}
            """);
        MultipleChoiceDataset d = MultipleChoiceReader.readJsonl(f);
        assertEquals(2, d.examples().size());
        assertEquals(3, d.choices());
        assertEquals("At 20 C water is wet", d.examples().get(1).secondSegment(0));
        assertEquals("w", d.examples().get(1).id());
        assertEquals(2, d.problems().size());
        assertTrue(d.problems().get(0).startsWith(f + ":4: 2 choices, but line 1 has 3"), d.problems().get(0));
        assertTrue(d.problems().get(1).startsWith(f + ":5: "), d.problems().get(1));
    }

    @Test
    void accuracy() {
        List<float[]> logits = List.of(new float[] {0.1f, 2f, 0f, 0f}, new float[] {1f, 1f, 0f, 0f}, new float[] {0f, 0f, 0f, 3f});
        assertEquals(1, ChoiceAccuracy.argmax(logits.get(0)));
        assertEquals(0, ChoiceAccuracy.argmax(logits.get(1)), "ties: first index");
        assertEquals(2.0 / 3, ChoiceAccuracy.accuracy(logits, List.of(1, 1, 3)), 1e-12);
    }
}
