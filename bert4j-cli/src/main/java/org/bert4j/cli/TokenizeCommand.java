package org.bert4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;
import org.bert4j.tokenizer.Tokenizers;
import org.bert4j.tokenizer.Truncation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bert4j tokenize}: JSONL in ({@code {"text": ..., "text_pair": ...}}), JSONL out
 * ({@code {"ids": [...], "tokens": [...], "type_ids": [...], "offsets": [[start, end], ...]}}), one
 * output line per input line, in order. Offsets are code points into the input text, {@code [0, 0]}
 * for added special tokens. Blank lines are not inputs and are skipped.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = {"Tokenize JSONL lines {\"text\": ..., \"text_pair\": ...} (text_pair optional) into ids, tokens, type ids and offsets.",
                   "Reads --input FILE or standard input; writes one JSON line per input line to standard output."})
final class TokenizeCommand implements Callable<Integer> {
    private static final int BATCH = 2048;

    @Option(names = "--model", defaultValue = "bert-base-uncased", paramLabel = "M",
        description = "Model name (${COMPLETION-CANDIDATES}), model folder, tokenizer.json or vocab.txt. Default: ${DEFAULT-VALUE}.",
        completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--max-length", paramLabel = "N", description = "Truncate to at most N tokens, special tokens included.")
    Integer maxLength;

    @Option(names = "--truncation", defaultValue = "longest_first", paramLabel = "S",
        description = "longest_first (default), only_first or only_second.")
    String truncation;

    @Option(names = "--no-special-tokens", description = "Do not add [CLS] and [SEP].")
    boolean noSpecialTokens;

    @Option(names = "--input", paramLabel = "FILE", description = "JSONL input file (default: standard input).")
    Path input;

    @Option(names = "--skip-bad-lines", description = "Report malformed lines on stderr and go on, instead of stopping.")
    boolean skipBadLines;

    @Option(names = "--lowercase", negatable = true, description = "Force lower-casing on (--lowercase) or off (--no-lowercase) for a vocab.txt; default: what the model declares.")
    Boolean lowercase;

    @Option(names = "--google", description = "Reproduce google-research/bert tokenization.py instead of Hugging Face tokenizers.")
    boolean google;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        if (maxLength != null && maxLength < 1) throw new UserException("--max-length must be at least 1, got " + maxLength, Main.EXIT_USAGE);
        Truncation strategy;
        try {
            strategy = Truncation.parse(truncation);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Main.EXIT_USAGE);
        }
        BertTokenizer tokenizer = Tokenizers.load(model, ConsoleDownloads.hub(), lowercase);
        if (google) tokenizer = tokenizer.withSettings(BertTokenizer.Settings.google(tokenizer.settings().lowercase()));
        EncodeOptions options = new EncodeOptions(!noSpecialTokens, maxLength == null ? 0 : maxLength, strategy);

        String source = input == null ? "standard input" : input.toString();
        BufferedReader in;
        try {
            in = input == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("input file not found: " + input);
        }
        JsonGenerator out = new JsonFactory().createGenerator(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        out.setRootValueSeparator(null);
        int bad = 0;
        try (in; out) {
            List<String> texts = new ArrayList<>(BATCH);
            List<String> pairs = new ArrayList<>(BATCH);
            boolean anyPair = false;
            long lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] parsed;
                try {
                    parsed = parse(line, lineNo, source);
                } catch (UserException stop) { // the lines before the bad one still get their output
                    write(out, tokenizer, texts, anyPair ? pairs : null, options);
                    throw stop;
                }
                if (parsed == null) {
                    bad++;
                    continue;
                }
                texts.add(parsed[0]);
                pairs.add(parsed[1]);
                anyPair |= parsed[1] != null;
                if (texts.size() == BATCH) {
                    write(out, tokenizer, texts, anyPair ? pairs : null, options);
                    texts.clear();
                    pairs.clear();
                    anyPair = false;
                }
            }
            write(out, tokenizer, texts, anyPair ? pairs : null, options);
        }
        if (bad > 0) System.err.println("bert4j tokenize: skipped " + bad + " malformed line(s)");
        return 0;
    }

    /** {text, pair-or-null}; null if the line is bad and skipping is on. */
    private String[] parse(String line, long lineNo, String source) {
        String problem;
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                problem = "expected a JSON object like {\"text\": \"...\"}";
            } else if (!node.path("text").isTextual()) {
                problem = "missing string field \"text\"";
            } else {
                JsonNode pair = node.path("text_pair");
                if (!pair.isMissingNode() && !pair.isNull() && !pair.isTextual()) {
                    problem = "\"text_pair\" must be a string or null";
                } else {
                    return new String[] {node.get("text").asText(), pair.isTextual() ? pair.asText() : null};
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problem = "not valid JSON (" + e.getOriginalMessage() + ")";
        }
        String message = source + " line " + lineNo + ": " + problem;
        if (!skipBadLines) throw new UserException(message + " (use --skip-bad-lines to skip such lines)");
        System.err.println("bert4j tokenize: " + message + "; skipped");
        return null;
    }

    private static void write(JsonGenerator out, BertTokenizer tokenizer, List<String> texts, List<String> pairs,
                              EncodeOptions options) throws IOException {
        if (texts.isEmpty()) return;
        for (Encoding e : tokenizer.encodeBatch(texts, pairs, options)) {
            out.writeStartObject();
            out.writeArrayFieldStart("ids");
            for (int id : e.ids()) out.writeNumber(id);
            out.writeEndArray();
            out.writeArrayFieldStart("tokens");
            for (String t : e.tokens()) out.writeString(t);
            out.writeEndArray();
            out.writeArrayFieldStart("type_ids");
            for (int t : e.typeIds()) out.writeNumber(t);
            out.writeEndArray();
            out.writeArrayFieldStart("offsets");
            for (int i = 0; i < e.length(); i++) {
                out.writeStartArray();
                out.writeNumber(e.starts()[i]);
                out.writeNumber(e.ends()[i]);
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeRaw('\n');
        }
        out.flush();
    }
}
