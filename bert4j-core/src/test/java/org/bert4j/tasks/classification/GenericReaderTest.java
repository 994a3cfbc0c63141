package org.bert4j.tasks.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.tasks.classification.GenericReader.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericReaderTest {
    @TempDir Path tmp;

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void csvWithQuotesCommasAndLineBreaks() throws IOException {
        Path f = write("train.csv", "\uFEFFid,review,stars\r\n"
            + "r1,\"Great, really \"\"great\"\" phone\",pos\r\n"
            + "r2,\"two\nlines\",neg\r\n"
            + "r3,plain text,neg\r\n");
        List<Example> ex = GenericReader.of(Format.CSV, "review", "stars").withId("id").read(f, Split.TRAIN);
        assertEquals(3, ex.size());
        assertEquals(new Example("r1", "Great, really \"great\" phone", null, "pos", null), ex.get(0));
        assertEquals("two\nlines", ex.get(1).textA());
        assertEquals("plain text", ex.get(2).textA());
    }

    @Test
    void csvBadRowReportsTheLineItStartsOn() throws IOException {
        Path f = write("dev.csv", "text,label\n\"multi\nline\",a\nonly one field\n\"x\",b\n");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> GenericReader.of(Format.CSV, "text", "label").read(f, Split.DEV));
        assertTrue(e.getMessage().contains(f + ":4: 1 columns, expected 2"), e.getMessage());
        ReadResult r = GenericReader.of(Format.CSV, "text", "label").read(f, Split.DEV, BadRowPolicy.SKIP);
        assertEquals(1, r.skipped());
        assertEquals(List.of("a", "b"), r.examples().stream().map(Example::label).toList());
    }

    @Test
    void csvUnclosedQuoteFails() throws IOException {
        Path f = write("bad.csv", "text,label\n\"never closed,1\n");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> GenericReader.of(Format.CSV, "text", "label").read(f, Split.TRAIN));
        assertTrue(e.getMessage().contains(f + ":2: quoted field is never closed"), e.getMessage());
    }

    @Test
    void tsvPairsWithNamedColumns() throws IOException {
        Path f = write("train.tsv", "premise\thypothesis\tlabel\nA \"quoted\" man.\tA person.\tyes\nA dog.\tA cat.\tno\n");
        List<Example> ex = GenericReader.of(Format.TSV, "premise", "label").withTextPair("hypothesis").read(f, Split.TRAIN);
        assertEquals(new Example("train-0", "A \"quoted\" man.", "A person.", "yes", null), ex.get(0));
        assertEquals("train-1", ex.get(1).guid());
    }

    @Test
    void jsonlWithNumericLabelsAndRegression() throws IOException {
        Path f = write("train.jsonl", "{\"sentence\": \"good\", \"label\": 1}\n\n{\"sentence\": \"bad\", \"label\": 0, \"extra\": [1]}\n");
        List<Example> ex = GenericReader.of(Format.JSONL, "sentence", "label").read(f, Split.TRAIN);
        assertEquals(List.of("1", "0"), ex.stream().map(Example::label).toList());
        Path g = write("sts.jsonl", "{\"s1\": \"a\", \"s2\": \"b\", \"score\": 4.25}\n");
        Example e = GenericReader.of(Format.JSONL, "s1", "score").withTextPair("s2").asRegression().read(g, Split.TRAIN).getFirst();
        assertEquals(4.25f, e.score());
        assertNull(e.label());
    }

    @Test
    void jsonlBadLinesAreNamed() throws IOException {
        Path f = write("dev.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"no label\"}\nnot json\n{\"text\": \"  \", \"label\": \"a\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> GenericReader.of(Format.JSONL, "text", "label").read(f, Split.DEV));
        String m = e.getMessage();
        assertTrue(m.startsWith("3 bad rows"), m);
        assertTrue(m.contains(f + ":2: no field 'label'"), m);
        assertTrue(m.contains(f + ":3: not valid JSON"), m);
        assertTrue(m.contains(f + ":4: empty text in 'text'"), m);
    }

    @Test
    void testFilesMayLackTheLabelColumn() throws IOException {
        Path csv = write("test.csv", "text\nhello\n");
        Example e = GenericReader.of(Format.CSV, "text", "label").read(csv, Split.TEST).getFirst();
        assertNull(e.label());
        DataFormatException missing = assertThrows(DataFormatException.class,
            () -> GenericReader.of(Format.CSV, "text", "label").read(csv, Split.DEV));
        assertTrue(missing.getMessage().contains(csv + ":1: no column 'label' in the header [text]"), missing.getMessage());
        Path jsonl = write("test.jsonl", "{\"text\": \"hello\"}\n");
        assertNull(GenericReader.of(Format.JSONL, "text", "label").read(jsonl, Split.TEST).getFirst().label());
    }

    @Test
    void labelSetComesFromTrainingAndEvalLabelsMustBeInIt() throws IOException {
        Path train = write("train.csv", "text,label\na,neg\nb,pos\nc,neg\n");
        Path dev = write("dev.csv", "text,label\na,pos\nb,neutral\nc,neutral\n");
        GenericReader reader = GenericReader.of(Format.CSV, "text", "label");
        LabelSet labels = LabelSet.fromTraining(reader.read(train, Split.TRAIN));
        assertEquals(List.of("neg", "pos"), labels.labels());
        List<Example> devEx = reader.read(dev, Split.DEV);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.check(devEx, dev.toString()));
        assertTrue(e.getMessage().contains("2 examples in " + dev + " have labels that are not in the training label set [neg, pos]"),
                   e.getMessage());
        assertTrue(e.getMessage().contains("'neutral' (first at dev-1)"), e.getMessage());
    }

    @Test
    void formatFromNameAndExtension() {
        assertEquals(Format.CSV, Format.parse("CSV"));
        assertEquals(Format.JSONL, Format.parse("json"));
        assertEquals(Format.TSV, Format.of(Path.of("x/train.tsv")));
        assertThrows(IllegalArgumentException.class, () -> Format.parse("xml"));
    }
}
