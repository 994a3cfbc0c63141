package org.bert4j.tasks.pretraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on the State of the Union addresses (223 documents), bert-base-uncased vocabulary. */
class SotuStatisticsTest {
    @TempDir Path tmp;

    @Test
    void sotuStatistics() throws Exception {
        BertTokenizer tok = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true);
        PretrainingConfig config = PretrainingConfig.GOOGLE_DEFAULTS.withDupeFactor(2);
        var create = new CreatePretrainingData(tok, config);
        long t0 = System.nanoTime();
        var reader = new DocumentReader(DocumentReader.Format.AUTO, "text", true);
        List<int[][]> docs = create.readDocuments(List.of(SharedData.data("sotu/sotu_1790-2011.jsonl.gz")), reader,
                                                  CreatePretrainingData.Progress.NONE);
        long t1 = System.nanoTime();
        var r = create.createInstances(docs, CreatePretrainingData.Progress.NONE);
        long t2 = System.nanoTime();
        Path out = tmp.resolve("sotu");
        try (var w = new PretrainingDataWriter(out, PretrainingDataWriter.Format.SHARDS, 10_000, null)) {
            for (var i : r.instances()) w.write(i);
        }
        long t3 = System.nanoTime();
        long read = 0;
        for (var i : new PretrainingDataReader(out)) read++;
        long t4 = System.nanoTime();
        PretrainingStatistics s = r.statistics();
        System.out.println("SOTU, max_seq_length 128, dupe_factor 2, seed 12345:\n" + s.table());
        System.out.printf("documents %d, sentences %d; tokenize %.2f s, instances %.2f s, write %.2f s, read %.2f s%n",
                          docs.size(), docs.stream().mapToInt(d -> d.length).sum(),
                          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);

        assertEquals(223, docs.size());
        assertEquals(r.instances().size(), read);
        assertTrue(s.instances() > 20_000, "instances " + s.instances());
        assertTrue(s.maxLength() <= 128, "max length " + s.maxLength());
        for (var i : r.instances()) assertTrue(i.length() <= 128);
        assertEquals(0.5, s.isNextShareMultiSegment(), 0.02, "IsNext among chunks of two or more segments");
        assertEquals(0.5, s.isNextShareFullLength(), 0.05, "IsNext among full-length instances");
        assertTrue(s.isNextShare() > 0.4 && s.isNextShare() < 0.5, "IsNext overall " + s.isNextShare());
        assertEquals(0.15, s.maskedShare(), 0.01, "masked share");
        assertEquals(0.8, s.maskShare(), 0.01);
        assertEquals(0.1, s.keptShare(), 0.01);
        assertEquals(0.1, s.randomShare(), 0.01);
        JsonNode json = new ObjectMapper().readTree(s.toJson().toString());
        assertEquals(s.instances(), json.get("instances").asLong());
        assertEquals(s.instances(), sum(json.get("length_histogram")));
    }

    static long sum(JsonNode o) {
        long n = 0;
        for (JsonNode v : o) n += v.asLong();
        return n;
    }
}
