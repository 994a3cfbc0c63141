package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bert4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers on the real GLUE files (counts from shared/data/glue/README.md) and on synthetic QQP/MNLI/AX files. */
class GlueReaderTest {
    @TempDir Path tmp;

    private static List<Example> real(GlueTask task, Split split) {
        return GlueReader.read(task, SharedData.data("glue/" + task.directory() + "/" + task.fileName(split)), split);
    }

    private static Map<String, Integer> labelCounts(List<Example> examples) {
        Map<String, Integer> m = new TreeMap<>();
        for (Example e : examples) m.merge(e.label(), 1, Integer::sum);
        return m;
    }

    @Test
    void colaHasNoHeaderAndItsCountsMatch() {
        List<Example> train = real(GlueTask.COLA, Split.TRAIN);
        assertEquals(8551, train.size());
        assertEquals(Map.of("0", 2528, "1", 6023), labelCounts(train));
        List<Example> dev = real(GlueTask.COLA, Split.DEV);
        assertEquals(1043, dev.size());
        assertEquals(Map.of("0", 322, "1", 721), labelCounts(dev));
        assertEquals("The sailors rode the breeze clear of the rocks.", dev.getFirst().textA());
        assertEquals("dev-0", dev.getFirst().guid());
        assertNull(dev.getFirst().textB());
        List<Example> test = real(GlueTask.COLA, Split.TEST);
        assertEquals(1063, test.size());
        assertEquals("Bill whistled past the house.", test.getFirst().textA());
        assertEquals("test-0", test.getFirst().guid());
        assertNull(test.getFirst().label());
    }

    @Test
    void sst2CountsMatch() {
        List<Example> train = real(GlueTask.SST2, Split.TRAIN);
        assertEquals(67349, train.size());
        assertEquals(Map.of("0", 29780, "1", 37569), labelCounts(train));
        List<Example> dev = real(GlueTask.SST2, Split.DEV);
        assertEquals(Map.of("0", 428, "1", 444), labelCounts(dev));
        assertEquals(1821, real(GlueTask.SST2, Split.TEST).size());
    }

    @Test
    void mrpcWithBomCountsMatch() throws IOException {
        Path dev = SharedData.data("glue/MRPC/dev.tsv");
        assertEquals((byte) 0xEF, Files.readAllBytes(dev)[0], "the real file starts with a BOM");
        List<Example> train = real(GlueTask.MRPC, Split.TRAIN);
        assertEquals(3668, train.size());
        assertEquals(Map.of("0", 1194, "1", 2474), labelCounts(train));
        List<Example> devEx = GlueReader.read(GlueTask.MRPC, dev, Split.DEV);
        assertEquals(408, devEx.size());
        assertEquals(Map.of("0", 129, "1", 279), labelCounts(devEx));
        assertTrue(devEx.stream().allMatch(Example::isPair));
        assertEquals(1725, real(GlueTask.MRPC, Split.TEST).size());
    }

    @Test
    void rteStsbQnliWnliCountsMatch() {
        assertEquals(Map.of("entailment", 1249, "not_entailment", 1241), labelCounts(real(GlueTask.RTE, Split.TRAIN)));
        assertEquals(Map.of("entailment", 146, "not_entailment", 131), labelCounts(real(GlueTask.RTE, Split.DEV)));
        assertEquals(3000, real(GlueTask.RTE, Split.TEST).size());

        List<Example> stsTrain = real(GlueTask.STSB, Split.TRAIN);
        assertEquals(5749, stsTrain.size());
        List<Example> stsDev = real(GlueTask.STSB, Split.DEV);
        assertEquals(1500, stsDev.size());
        Example first = stsDev.getFirst();
        assertEquals("A man with a hard hat is dancing.", first.textA());
        assertEquals("A man wearing a hard hat is dancing.", first.textB());
        assertEquals(5.0f, first.score());
        assertNull(first.label());
        assertTrue(stsTrain.stream().allMatch(e -> e.score() >= 0 && e.score() <= 5));
        assertEquals(1379, real(GlueTask.STSB, Split.TEST).size());

        assertEquals(Map.of("entailment", 2702, "not_entailment", 2761), labelCounts(real(GlueTask.QNLI, Split.DEV)));

        assertEquals(635, real(GlueTask.WNLI, Split.TRAIN).size());
        assertEquals(Map.of("0", 40, "1", 31), labelCounts(real(GlueTask.WNLI, Split.DEV)));
        assertEquals(146, real(GlueTask.WNLI, Split.TEST).size());
    }

    @Test
    void readsFromAGlueFolder() {
        Path glue = SharedData.data("glue");
        assertEquals(277, GlueReader.readFromGlueDir(GlueTask.RTE, glue, Split.DEV).size());
        assertEquals(glue.resolve("MNLI/dev_mismatched.tsv"), GlueReader.file(GlueTask.MNLI_MM, glue, Split.DEV));
        assertEquals(glue.resolve("diagnostic/diagnostic.tsv"), GlueReader.file(GlueTask.AX, glue, Split.TEST));
    }

    // ---- synthetic files for the tasks whose real files are not in shared/ ------------------------------

    private Path write(String name, String... lines) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void qqpTrainAndTest() throws IOException {
        Path train = write("qqp_train.tsv",
            "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate",
            "133273\t213221\t213222\tHow is the life of a math student?\tWhich level of prepration is enough?\t0",
            "402555\t536040\t536041\tHow do I control my horny emotions?\tHow do you control your horniness?\t1");
        List<Example> ex = GlueReader.read(GlueTask.QQP, train, Split.TRAIN);
        assertEquals(2, ex.size());
        assertEquals(new Example("train-402555", "How do I control my horny emotions?", "How do you control your horniness?", "1", null),
                     ex.get(1));
        Path test = write("qqp_test.tsv", "id\tquestion1\tquestion2", "0\tWhy are people so obsessed?\tWhy do people care?");
        Example t = GlueReader.read(GlueTask.QQP, test, Split.TEST).getFirst();
        assertEquals("test-0", t.guid());
        assertEquals("Why do people care?", t.textB());
        assertNull(t.label());
    }

    private static String mnliRow(String index, String s1, String s2, String... labels) {
        return index + "\t31193\t31193n\tgovernment\t( ( bp1 ) )\t( ( bp2 ) )\t(ROOT (S p1))\t(ROOT (S p2))\t" + s1 + "\t" + s2
            + "\t" + String.join("\t", labels);
    }

    @Test
    void mnliTakesTheLastColumnAsGoldLabel() throws IOException {
        String head = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2";
        Path train = write("train.tsv", head + "\tlabel1\tgold_label",
            mnliRow("0", "Conceptually cream skimming has two basic dimensions.", "Product and geography are what make cream skimming work.", "neutral", "neutral"));
        Example e = GlueReader.read(GlueTask.MNLI, train, Split.TRAIN).getFirst();
        assertEquals("neutral", e.label());
        assertEquals("Conceptually cream skimming has two basic dimensions.", e.textA());
        // dev files carry five annotator labels, then gold_label: the last column decides
        Path dev = write("dev_matched.tsv", head + "\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label",
            mnliRow("0", "The new rights are nice enough", "Everyone really likes the newest benefits", "neutral", "entailment", "neutral", "neutral", "neutral", "neutral"),
            mnliRow("1", "This site includes a list", "The Government Executive articles", "contradiction", "contradiction", "contradiction", "contradiction", "contradiction", "contradiction"));
        for (GlueTask t : List.of(GlueTask.MNLI, GlueTask.MNLI_MM)) {
            List<Example> d = GlueReader.read(t, dev, Split.DEV);
            assertEquals(List.of("neutral", "contradiction"), d.stream().map(Example::label).toList());
        }
        Path test = write("test_matched.tsv", head, mnliRow("0", "Hierbas, ans seco", "This is a dry drink.").stripTrailing());
        Example te = GlueReader.read(GlueTask.MNLI, test, Split.TEST).getFirst();
        assertEquals("This is a dry drink.", te.textB());
        assertNull(te.label());
        assertEquals("dev_matched.tsv", GlueTask.MNLI.fileName(Split.DEV));
        assertEquals("dev_mismatched.tsv", GlueTask.MNLI_MM.fileName(Split.DEV));
        assertEquals("train.tsv", GlueTask.MNLI_MM.fileName(Split.TRAIN));
    }

    @Test
    void mnliRejectsAnUnknownGoldLabel() throws IOException {
        String head = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tgold_label";
        // MNLI's dev files mark pairs with no annotator majority as "-"
        Path f = write("dev_matched.tsv", head, mnliRow("7", "a", "b", "neutral", "-"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> GlueReader.read(GlueTask.MNLI, f, Split.DEV));
        assertTrue(e.getMessage().contains(f + ":2: unknown label '-'"), e.getMessage());
        assertTrue(e.getMessage().contains("[contradiction, entailment, neutral]"), e.getMessage());
    }

    @Test
    void axIsTestOnlyWithMnliLabels() throws IOException {
        Path f = write("diagnostic.tsv", "index\tsentence1\tsentence2",
            "0\tThe cat sat on the mat.\tThe cat did not sit on the mat.",
            "1\tThe cat did not sit on the mat.\tThe cat sat on the mat.");
        List<Example> ex = GlueReader.read(GlueTask.AX, f, Split.TEST);
        assertEquals(2, ex.size());
        assertEquals("test-1", ex.get(1).guid());
        assertEquals(GlueTask.MNLI.labels(), GlueTask.AX.labels());
        assertFalse(GlueTask.AX.hasLabeledData());
        assertThrows(IllegalArgumentException.class, () -> GlueReader.read(GlueTask.AX, f, Split.DEV));
        assertThrows(IllegalArgumentException.class, () -> GlueTask.AX.fileName(Split.TRAIN));
    }

    // ---- bad rows ------------------------------------------------------------------------------------

    @Test
    void badRowsFailNamingFileAndLineOrAreSkippedAndCounted() throws IOException {
        Path f = write("dev.tsv", "index\tsentence1\tsentence2\tlabel",
            "0\tA man is here.\tA person is here.\tentailment",
            "1\tonly two columns",
            "2\t\tEmpty first text.\tentailment",
            "3\tA dog.\tA cat.\tcontradiction",
            "4\tA dog.\tA dog.\tnot_entailment",
            "5\tA\tB\tentailment\textra");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GlueReader.read(GlueTask.RTE, f, Split.DEV));
        String m = e.getMessage();
        assertTrue(m.startsWith("4 bad rows in " + f), m);
        assertTrue(m.contains(f + ":3: 2 columns, expected 4"), m);
        assertTrue(m.contains(f + ":4: empty text in column 1"), m);
        assertTrue(m.contains(f + ":5: unknown label 'contradiction'"), m);
        assertTrue(m.contains(f + ":7: 5 columns, expected 4"), m);

        ReadResult r = GlueReader.read(GlueTask.RTE, f, Split.DEV, BadRowPolicy.SKIP);
        assertEquals(4, r.skipped());
        assertEquals(List.of("dev-0", "dev-4"), r.examples().stream().map(Example::guid).toList());
    }

    @Test
    void stsbScoreMustBeANumber() throws IOException {
        String head = "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore";
        Path f = write("dev.tsv", head,
            "0\tmain-news\tf\t2012\t1\tnone\tnone\tA b.\tC d.\t3.2",
            "1\tmain-news\tf\t2012\t2\tnone\tnone\tA b.\tC d.\thigh");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GlueReader.read(GlueTask.STSB, f, Split.DEV));
        assertTrue(e.getMessage().contains(f + ":3: score 'high' is not a number"), e.getMessage());
        assertEquals(3.2f, GlueReader.read(GlueTask.STSB, f, Split.DEV, BadRowPolicy.SKIP).examples().getFirst().score());
    }

    @Test
    void aFileOfTheWrongTaskFailsOnTheHeader() {
        Path sst = SharedData.data("glue/SST-2/dev.tsv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GlueReader.read(GlueTask.MRPC, sst, Split.DEV));
        assertTrue(e.getMessage().contains(sst + ":1: the header has 2 columns"), e.getMessage());
    }

    @Test
    void crlfLineEndsAndTrailingBlankLinesAreTolerated() throws IOException {
        Path f = tmp.resolve("dev.tsv");
        Files.writeString(f, "\uFEFFsentence\tlabel\r\nit 's good .\t1\r\nbad .\t0\r\n\r\n\n");
        List<Example> ex = GlueReader.read(GlueTask.SST2, f, Split.DEV);
        assertEquals(List.of("1", "0"), ex.stream().map(Example::label).toList());
        assertEquals("bad .", ex.get(1).textA());
    }
}
