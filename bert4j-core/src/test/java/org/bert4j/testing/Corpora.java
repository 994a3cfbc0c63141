package org.bert4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Every line of real text in shared/data, as single texts and as text pairs. */
public final class Corpora {
    private Corpora() {}

    /** A text pair (first, second). */
    public record Pair(String first, String second) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Single texts: SOTU paragraphs and whole addresses, WikiText lines, GLUE sentences, e-mails, SQuAD, CoNLL. */
    public static List<String> singles() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode doc : jsonl(SharedData.data("sotu/sotu_1790-2011.jsonl.gz"))) {
            String text = doc.path("text").asText();
            out.add(text);
            for (String line : text.split("\n")) if (!line.isBlank()) out.add(line);
        }
        out.addAll(Files.readAllLines(SharedData.data("wikitext-2-raw/wiki.test.raw")));
        for (String split : List.of("train", "dev")) out.addAll(column(SharedData.data("glue/CoLA/" + split + ".tsv"), 3, false));
        out.addAll(column(SharedData.data("glue/CoLA/test.tsv"), 1, true));
        for (String split : List.of("train", "dev")) out.addAll(column(SharedData.data("glue/SST-2/" + split + ".tsv"), 0, true));
        out.addAll(column(SharedData.data("glue/SST-2/test.tsv"), 1, true));
        for (JsonNode mail : jsonl(SharedData.data("spamassassin/train.jsonl.gz"))) out.add(mail.path("text").asText());
        JsonNode squad = JSON.readTree(SharedData.data("squad-v1.1/dev-v1.1.json").toFile());
        for (JsonNode article : squad.path("data")) {
            out.add(article.path("title").asText());
            for (JsonNode p : article.path("paragraphs")) {
                out.add(p.path("context").asText());
                for (JsonNode qa : p.path("qas")) out.add(qa.path("question").asText());
            }
        }
        for (String f : List.of("conll2003/eng.train", "conll2003/eng.testa")) out.addAll(conllSentences(SharedData.data(f)));
        for (JsonNode swag : jsonl(SharedData.data("swag/sample_10.jsonl"))) {
            for (String k : List.of("sent1", "sent2", "ending0", "ending1", "ending2", "ending3")) out.add(swag.path(k).asText());
        }
        return out;
    }

    /** Text pairs: GLUE pair tasks (MRPC, RTE, STS-B, QNLI, WNLI) and SQuAD (question, context). */
    public static List<Pair> pairs() throws IOException {
        List<Pair> out = new ArrayList<>();
        for (String split : List.of("train", "dev", "test")) out.addAll(pairColumns(SharedData.data("glue/MRPC/" + split + ".tsv"), 3, 4));
        for (String split : List.of("train", "dev", "test")) out.addAll(pairColumns(SharedData.data("glue/RTE/" + split + ".tsv"), 1, 2));
        for (String split : List.of("train", "dev", "test")) out.addAll(pairColumns(SharedData.data("glue/STS-B/" + split + ".tsv"), 7, 8));
        out.addAll(pairColumns(SharedData.data("glue/QNLI/dev.tsv"), 1, 2));
        for (String split : List.of("train", "dev", "test")) out.addAll(pairColumns(SharedData.data("glue/WNLI/" + split + ".tsv"), 1, 2));
        JsonNode squad = JSON.readTree(SharedData.data("squad-v1.1/dev-v1.1.json").toFile());
        for (JsonNode article : squad.path("data")) {
            for (JsonNode p : article.path("paragraphs")) {
                for (JsonNode qa : p.path("qas")) out.add(new Pair(qa.path("question").asText(), p.path("context").asText()));
            }
        }
        return out;
    }

    public static List<JsonNode> jsonl(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = reader(file)) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) out.add(JSON.readTree(line));
        }
        return out;
    }

    private static BufferedReader reader(Path file) throws IOException {
        var in = Files.newInputStream(file);
        return new BufferedReader(new InputStreamReader(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in,
                                                        StandardCharsets.UTF_8));
    }

    private static List<String[]> tsv(Path file, boolean header) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = header ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    private static List<String> column(Path file, int col, boolean header) throws IOException {
        List<String> out = new ArrayList<>();
        for (String[] r : tsv(file, header)) if (r.length > col) out.add(r[col]);
        return out;
    }

    private static List<Pair> pairColumns(Path file, int a, int b) throws IOException {
        List<Pair> out = new ArrayList<>();
        for (String[] r : tsv(file, true)) if (r.length > Math.max(a, b)) out.add(new Pair(r[a], r[b]));
        return out;
    }

    private static List<String> conllSentences(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!sb.isEmpty()) { out.add(sb.toString()); sb.setLength(0); }
                continue;
            }
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(line.split(" ")[0]);
        }
        if (!sb.isEmpty()) out.add(sb.toString());
        return out;
    }
}
