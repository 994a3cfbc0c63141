package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bert4j.tasks.pretraining.PretrainingDataReader;
import org.bert4j.tasks.pretraining.PretrainingInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train-vocab, then create-pretraining-data with that vocabulary, on a small generated corpus. */
class PretrainingCommandsTest {
    @TempDir Path tmp;

    static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, c, p) -> e instanceof UserException u ? u.exitCode() : 1);
        return cl.execute(args);
    }

    @Test
    void trainVocabThenCreatePretrainingData() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] words = {"The", "congress", "shall", "provide", "for", "common", "defense", "and", "general", "welfare", "of", "nation"};
        java.util.Random r = new java.util.Random(1);
        for (int d = 0; d < 6; d++) {
            for (int s = 0; s < 30; s++) {
                StringBuilder sb = new StringBuilder("Sentence " + d + "-" + s);
                for (int k = 0; k < 4 + r.nextInt(10); k++) sb.append(' ').append(words[r.nextInt(words.length)]);
                lines.add(sb.append('.').toString());
            }
            lines.add("");
        }
        Path text = tmp.resolve("corpus.txt");
        Files.write(text, lines);
        Path vocab = tmp.resolve("vocab.txt");
        assertEquals(0, run(new TrainVocabCommand(), "--input", text.toString(), "--vocab-size", "200", "--output", vocab.toString(), "--quiet"));
        List<String> v = Files.readAllLines(vocab);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), v.subList(0, 5));
        assertTrue(v.contains("congress"), "a frequent word became one token");

        Path out = tmp.resolve("out");
        assertEquals(0, run(new CreatePretrainingDataCommand(), "--input", text.toString(), "--vocab", vocab.toString(),
                            "--output", out.toString(), "--max-seq-length", "32", "--dupe-factor", "2", "--format", "jsonl",
                            "--debug-tokens", "--quiet"));
        List<PretrainingInstance> instances = new PretrainingDataReader(out).readAll();
        assertTrue(instances.size() > 50);
        for (PretrainingInstance i : instances) assertTrue(i.length() <= 32);
        var stats = new ObjectMapper().readTree(out.resolve("stats.json").toFile());
        assertEquals(instances.size(), stats.get("instances").asInt());
        assertEquals(6, stats.get("documents").asInt());
        assertTrue(Files.readString(out.resolve("part-00000.jsonl")).contains("\"tokens\":[\"[CLS]\""));

        // user errors: exit code 2 for bad options, 1 for missing files
        assertEquals(Main.EXIT_USAGE, run(new CreatePretrainingDataCommand(), "--input", text.toString(), "--vocab", vocab.toString(),
                                          "--output", out.toString(), "--format", "parquet"));
        assertEquals(Main.EXIT_FAILURE, run(new CreatePretrainingDataCommand(), "--input", tmp.resolve("nope.txt").toString(),
                                            "--vocab", vocab.toString(), "--output", out.toString()));
        assertEquals(Main.EXIT_USAGE, run(new TrainVocabCommand(), "--input", text.toString(), "--vocab-size", "3", "--output", vocab.toString()));

        // Table 8 masking ratios: 100,0,0 masks every chosen token; a bad spec is a usage error
        Path all = tmp.resolve("all-mask");
        assertEquals(0, run(new CreatePretrainingDataCommand(), "--input", text.toString(), "--vocab", vocab.toString(),
                            "--output", all.toString(), "--max-seq-length", "32", "--dupe-factor", "2", "--mask-ratios", "100,0,0", "--quiet"));
        var allStats = new ObjectMapper().readTree(all.resolve("stats.json").toFile());
        assertEquals("100,0,0", allStats.get("masking_ratios").asText());
        assertEquals(1.0, allStats.get("masked_as_mask_share").asDouble());
        assertEquals("80,10,10", stats.get("masking_ratios").asText(), "the default is BERT's");
        assertEquals(Main.EXIT_USAGE, run(new CreatePretrainingDataCommand(), "--input", text.toString(), "--vocab", vocab.toString(),
                                          "--output", tmp.resolve("bad").toString(), "--mask-ratios", "90,10"));
    }
}
