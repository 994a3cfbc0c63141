package org.bert4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.inference.Embedder;
import org.bert4j.inference.Inputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j embed}: contextual embeddings (Google's {@code extract_features.py}) for JSONL input,
 * one JSON line out per line in.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Compute BERT embeddings for JSONL input: {\"text\": ..., \"text_pair\": ...} or",
                "{\"input_ids\": [...], \"token_type_ids\": [...], \"attention_mask\": [...]} per line.",
                "Output per line: {\"tokens\": [...], \"layers\": {\"-1\": [[...], ...]}} (one row per position",
                "with attention mask 1), or {\"embedding\": [...]} with --pooling (layers concatenated)."})
public final class EmbedCommand implements Callable<Integer> {
    private static final int CHUNK = 64;

    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "model name or folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--layers", split = ",", defaultValue = "-1",
            description = "hidden states to output: 0 = embeddings, 1..L layers, -1 = last (default: ${DEFAULT-VALUE})")
    int[] layers;

    @Option(names = "--pooling", defaultValue = "none", description = "none, cls, mean or pooler (default: ${DEFAULT-VALUE})")
    String pooling;

    @Option(names = "--max-length", defaultValue = "0", description = "truncate longer inputs (default: max_position_embeddings)")
    int maxLength;

    @Option(names = "--no-truncation", description = "fail on inputs longer than --max-length instead of truncating them")
    boolean noTruncation;

    @Option(names = "--hidden-act", description = "override the activation: gelu, gelu_tanh, relu")
    String hiddenAct;

    @Option(names = "--input", defaultValue = "-", description = "JSONL file, - for standard input (default)")
    String input;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            Embedder.Pooling pool = Embedder.Pooling.parse(pooling);
            if (maxLength < 0) throw new CommandErrors.UsageException("--max-length must be positive");
            if (!input.equals("-") && !Files.isRegularFile(Path.of(input))) {
                throw new CommandErrors.UsageException("--input " + input + " does not exist");
            }
            Embedder embedder = Embedder.load(ConsoleDownloads.hub().resolve(model), hiddenAct, maxLength, !noTruncation);
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader in = input.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input))) {
                List<Inputs> chunk = new ArrayList<>();
                int lineNo = 0;
                for (String line; (line = in.readLine()) != null; ) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    chunk.add(parse(json, embedder, line, lineNo));
                    if (chunk.size() == CHUNK) {
                        write(json, out, embedder, chunk, pool);
                        chunk.clear();
                    }
                }
                write(json, out, embedder, chunk, pool);
            }
            out.flush();
            return 0;
        });
    }

    private Inputs parse(ObjectMapper json, Embedder embedder, String line, int lineNo) {
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (IOException e) {
            throw new CommandErrors.UsageException("input line " + lineNo + " is not JSON: " + e.getMessage());
        }
        if (n.has("text")) {
            JsonNode pair = n.get("text_pair");
            return embedder.encode(n.get("text").asText(), pair == null || pair.isNull() ? null : pair.asText());
        }
        if (n.has("input_ids")) {
            int[] ids = ints(n.get("input_ids"), lineNo, "input_ids");
            int[] types = n.has("token_type_ids") ? ints(n.get("token_type_ids"), lineNo, "token_type_ids") : null;
            int[] mask = n.has("attention_mask") ? ints(n.get("attention_mask"), lineNo, "attention_mask") : null;
            String[] tokens = new String[ids.length];
            var vocab = embedder.tokenizer().vocab();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] < 0 || ids[i] >= vocab.size()) throw new CommandErrors.UsageException("input line " + lineNo + ": id " + ids[i] + " is not in the vocabulary");
                tokens[i] = vocab.token(ids[i]);
            }
            try {
                return new Inputs(ids, types, mask, tokens);
            } catch (IllegalArgumentException e) {
                throw new CommandErrors.UsageException("input line " + lineNo + ": " + e.getMessage());
            }
        }
        throw new CommandErrors.UsageException("input line " + lineNo + " has neither \"text\" nor \"input_ids\"");
    }

    private static int[] ints(JsonNode a, int lineNo, String what) {
        if (a == null || !a.isArray()) throw new CommandErrors.UsageException("input line " + lineNo + ": " + what + " is not an array");
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).canConvertToInt()) throw new CommandErrors.UsageException("input line " + lineNo + ": " + what + " holds a non-integer");
            v[i] = a.get(i).intValue();
        }
        return v;
    }

    private void write(ObjectMapper json, PrintWriter out, Embedder embedder, List<Inputs> chunk, Embedder.Pooling pool) throws IOException {
        if (chunk.isEmpty()) return;
        if (pool == Embedder.Pooling.NONE) {
            for (Embedder.TokenEmbeddings t : embedder.tokenEmbeddings(chunk, layers)) {
                ObjectNode o = json.createObjectNode();
                ArrayNode tokens = o.putArray("tokens");
                for (String s : t.tokens()) tokens.add(s);
                ObjectNode ls = o.putObject("layers");
                for (int l = 0; l < layers.length; l++) {
                    ArrayNode rows = ls.putArray(Integer.toString(layers[l]));
                    for (float[] row : t.values()[l]) {
                        ArrayNode r = rows.addArray();
                        for (float x : row) r.add(x);
                    }
                }
                out.println(json.writeValueAsString(o));
            }
        } else {
            for (float[] v : embedder.pooled(chunk, layers, pool)) {
                ObjectNode o = json.createObjectNode();
                ArrayNode e = o.putArray("embedding");
                for (float x : v) e.add(x);
                out.println(json.writeValueAsString(o));
            }
        }
    }
}
