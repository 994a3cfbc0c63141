package org.bert4j.tasks.pretraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads pre-training documents, one at a time, as lists of sentences.
 *
 * <p><b>Text</b> (google-research/bert's input format): one sentence per line, a blank line between
 * documents. Google's reader lets a document run on into the next file; here each file starts a new
 * document. <b>JSON Lines</b> ({@code .jsonl}, {@code .ndjson}, or forced): each line is one
 * document, its text in the field {@code textField}; the lines of that text are its sentences.
 * Either may be gzip-compressed ({@code .gz}). With {@code splitSentences}, every line is further
 * split by {@link SentenceSplitter} (for text that is not one sentence per line, such as the State of
 * the Union addresses, where each JSON line is one whole address).
 */
public final class DocumentReader {
    /** How to read an input file. */
    public enum Format { AUTO, TEXT, JSONL }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Format format;
    private final String textField;
    private final boolean splitSentences;

    public DocumentReader(Format format, String textField, boolean splitSentences) {
        this.format = format;
        this.textField = textField;
        this.splitSentences = splitSentences;
    }

    /** Hands each non-empty document of {@code file}, in order, to {@code sink}. */
    public void read(Path file, Consumer<List<String>> sink) throws IOException {
        boolean jsonl = switch (format) {
            case JSONL -> true;
            case TEXT -> false;
            case AUTO -> {
                String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
                yield name.endsWith(".jsonl") || name.endsWith(".ndjson");
            }
        };
        try (BufferedReader r = open(file)) {
            if (jsonl) readJsonl(file, r, sink);
            else readText(r, sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private void readText(BufferedReader r, Consumer<List<String>> sink) throws IOException {
        List<String> doc = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            line = line.strip();
            if (line.isEmpty()) {
                if (!doc.isEmpty()) { sink.accept(doc); doc = new ArrayList<>(); }
                continue;
            }
            addLine(doc, line);
        }
        if (!doc.isEmpty()) sink.accept(doc);
    }

    private void readJsonl(Path file, BufferedReader r, Consumer<List<String>> sink) throws IOException {
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(file + " line " + lineNo + " is not JSON: " + e.getMessage(), e);
            }
            JsonNode text = node.get(textField);
            if (text == null || !text.isTextual()) {
                throw new IOException(file + " line " + lineNo + " has no text field \"" + textField + "\"");
            }
            List<String> doc = new ArrayList<>();
            for (String l : text.asText().split("\\R")) {
                l = l.strip();
                if (!l.isEmpty()) addLine(doc, l);
            }
            if (!doc.isEmpty()) sink.accept(doc);
        }
    }

    private void addLine(List<String> doc, String line) {
        if (splitSentences) doc.addAll(SentenceSplitter.split(line));
        else doc.add(line);
    }
}
