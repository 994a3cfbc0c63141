package org.bert4j.tasks.pretraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading shards and JSON lines; reading documents; splitting sentences. */
class PretrainingDataIoTest {
    @TempDir Path tmp;

    static List<PretrainingInstance> sample() {
        NumberedCorpus c = new NumberedCorpus(3, 40, 9);
        return new CreatePretrainingData(c.tokenizer, CreatePretrainingDataTest.CONFIG.withDupeFactor(2), 2)
            .createInstances(c.documents, CreatePretrainingData.Progress.NONE).instances();
    }

    @Test
    void shardsRoundTrip() throws Exception {
        List<PretrainingInstance> in = sample();
        Path dir = tmp.resolve("out");
        try (var w = new PretrainingDataWriter(dir, PretrainingDataWriter.Format.SHARDS, 50, null)) {
            for (var i : in) w.write(i);
        }
        var reader = new PretrainingDataReader(dir);
        assertEquals((in.size() + 49) / 50, reader.files().size());
        assertEquals(in, reader.readAll());
        try (var s = Files.list(dir)) { assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp"))); }
        // a flipped byte is caught by the CRC
        Path first = reader.files().get(0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[20] ^= 1;
        Files.write(first, bytes);
        var e = assertThrows(UncheckedIOException.class, () -> new PretrainingDataReader(dir).readAll());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void jsonlRoundTripWithGoogleFeatureNames() throws Exception {
        List<PretrainingInstance> in = sample();
        Path dir = tmp.resolve("json");
        try (var w = new PretrainingDataWriter(dir, PretrainingDataWriter.Format.JSONL, 1000, id -> "tok" + id)) {
            for (var i : in) w.write(i);
        }
        assertEquals(in, new PretrainingDataReader(dir).readAll());
        String line = Files.readAllLines(dir.resolve("part-00000.jsonl")).get(0);
        JsonNode n = new ObjectMapper().readTree(line);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("tokens", "input_ids", "segment_ids", "masked_lm_positions", "masked_lm_ids", "next_sentence_labels"), names);
        assertEquals(in.get(0).nextSentenceLabel(), n.get("next_sentence_labels").asInt());
    }

    @Test
    void documentsFromTextAndJsonl() throws Exception {
        Path text = tmp.resolve("corpus.txt");
        Files.writeString(text, "First one.\nSecond one.\n\n\nOther doc.\n  \nThird doc. Two sentences!\n");
        List<List<String>> docs = new ArrayList<>();
        new DocumentReader(DocumentReader.Format.AUTO, "text", false).read(text, docs::add);
        assertEquals(List.of(List.of("First one.", "Second one."), List.of("Other doc."), List.of("Third doc. Two sentences!")), docs);
        docs.clear();
        new DocumentReader(DocumentReader.Format.AUTO, "text", true).read(text, docs::add);
        assertEquals(List.of("Third doc.", "Two sentences!"), docs.get(2));

        Path jsonl = tmp.resolve("c.jsonl.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(jsonl))) {
            out.write("{\"body\": \"Mr. Smith went to Washington. He met the U.S. Senate. Done?\"}\n\n{\"body\": \"Line one\\nLine two\"}\n"
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        docs.clear();
        new DocumentReader(DocumentReader.Format.AUTO, "body", true).read(jsonl, docs::add);
        assertEquals(List.of(List.of("Mr. Smith went to Washington.", "He met the U.S. Senate.", "Done?"), List.of("Line one", "Line two")), docs);
        var bad = new DocumentReader(DocumentReader.Format.AUTO, "text", true);
        var e = assertThrows(java.io.IOException.class, () -> bad.read(jsonl, d -> {}));
        assertTrue(e.getMessage().contains("no text field \"text\""), e.getMessage());
    }

    @Test
    void sentenceSplitterRules() {
        assertEquals(List.of("It rained.", "\"Yes,\" he said.", "3 ships sailed!", "(Then peace.)", "Why?"),
                     SentenceSplitter.split("It rained. \"Yes,\" he said. 3 ships sailed! (Then peace.) Why?"));
        assertEquals(List.of("Gen. Washington and Dr. Rush met J. Adams in Jan. 1790 at St. Paul's, e.g. here."),
                     SentenceSplitter.split("Gen. Washington and Dr. Rush met J. Adams in Jan. 1790 at St. Paul's, e.g. here."));
        // a lower-case letter after the period does not start a sentence; a decimal point is no boundary
        assertEquals(List.of("version 1.5 is out. next one"), SentenceSplitter.split("version 1.5 is out. next one"));
    }
}
