package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenize verb's contract: JSONL in, one JSON line out per input, exit codes. */
class TokenizeCommandTest {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path vocab() {
        return Path.of(System.getProperty("bert4j.shared.dir"), "data", "bert-vocab", "bert-base-uncased-vocab.txt");
    }

    @Test
    void writesOneJsonLinePerInputInTheContractShape() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.jsonl"),
            "{\"text\": \"Hello, World!\", \"text_pair\": \"Caf\u00E9 \uD83D\uDE00 ok\"}\n\n{\"text\": \"[MASK] x\", \"text_pair\": null}\n");
        Run r = run("tokenize", "--model", vocab().toString(), "--input", in.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("[\"ids\",\"tokens\",\"type_ids\",\"offsets\"]", new ObjectMapper().writeValueAsString(
            new ObjectMapper().valueToTree(iterable(first.fieldNames()))));
        assertEquals("[CLS] hello , world ! [SEP] cafe [UNK] ok [SEP]", join(first.get("tokens")));
        assertEquals("[0,0,0,0,0,0,1,1,1,1]", first.get("type_ids").toString());
        assertEquals("[[0,0],[0,5],[5,6],[7,12],[12,13],[0,0],[0,4],[5,6],[7,9],[0,0]]", first.get("offsets").toString());
        assertEquals(101, first.get("ids").get(0).asInt());
        JsonNode second = new ObjectMapper().readTree(lines[1]);
        assertEquals("[CLS] [MASK] x [SEP]", join(second.get("tokens")));
    }

    @Test
    void truncatesAndDropsSpecialTokensOnRequest() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.jsonl"), "{\"text\": \"one two three four five\"}\n");
        Run r = run("tokenize", "--model", vocab().toString(), "--input", in.toString(), "--max-length", "3", "--no-special-tokens");
        assertEquals(0, r.exit(), r.err());
        assertEquals("one two three", join(new ObjectMapper().readTree(r.out()).get("tokens")));
    }

    @Test
    void badLinesStopWithTheirLineNumberOrAreSkipped() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.jsonl"), "{\"text\": \"ok\"}\nnot json\n{\"txt\": 1}\n{\"text\": \"fine\"}\n");
        Run stop = run("tokenize", "--model", vocab().toString(), "--input", in.toString());
        assertEquals(1, stop.exit());
        assertTrue(stop.err().contains("line 2") && stop.err().contains("not valid JSON"), stop.err());
        assertEquals(1, stop.out().split("\n").length, "the line before the bad one is still written");
        assertTrue(!stop.err().contains("Exception"), "no stack trace: " + stop.err());
        Run skip = run("tokenize", "--model", vocab().toString(), "--input", in.toString(), "--skip-bad-lines");
        assertEquals(0, skip.exit());
        assertEquals(2, skip.out().split("\n").length);
        assertTrue(skip.err().contains("line 3") && skip.err().contains("\"text\""), skip.err());
    }

    @Test
    void usageErrorsExitWithTwoAndFailuresWithOne() {
        assertEquals(2, run("tokenize", "--no-such-flag").exit());
        assertEquals(2, run("tokenize", "--model", vocab().toString(), "--max-length", "0").exit());
        Run missing = run("tokenize", "--model", tmp.resolve("nothing-here").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nothing-here"), missing.err());
        Run noInput = run("tokenize", "--model", vocab().toString(), "--input", tmp.resolve("absent.jsonl").toString());
        assertEquals(1, noInput.exit());
        assertTrue(noInput.err().contains("absent.jsonl"), noInput.err());
    }

    @Test
    void helpListsTheVerbsAndVersionPrints() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("tokenize"), help.out());
        Run version = run("--version");
        assertTrue(version.out().startsWith("bert4j "), version.out());
    }

    private static String join(JsonNode tokens) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode t : tokens) sb.append(sb.isEmpty() ? "" : " ").append(t.asText());
        return sb.toString();
    }

    private static <T> java.util.List<T> iterable(java.util.Iterator<T> it) {
        java.util.List<T> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
