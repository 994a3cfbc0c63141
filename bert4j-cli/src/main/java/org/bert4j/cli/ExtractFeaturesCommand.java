package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bert4j.inference.Embedder;
import org.bert4j.inference.Inputs;
import org.bert4j.tasks.features.LayerCombine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code extract-features}: the feature-based approach (paper §5.4), as Google's
 * {@code extract_features.py}: per-token hidden states of chosen layers, streamed in batches.
 *
 * <p>Input: one text per line, {@code text_a ||| text_b} for pairs. JSONL output, one line per input:
 * {@code {"linex_index": i, "features": [{"token": "[CLS]", "layers": [{"index": -1, "values": [...]}, ...]}, ...]}};
 * with {@code --combine concat|sum|weighted-sum} each token has one entry
 * {@code {"index": [-1, -2, ...], "combine": "concat", "values": [...]}}.
 *
 * <p>Safetensors output (packed layout): {@code features} F32 {@code [total_tokens, L, W]} (L = number of
 * layers and W = H with {@code --combine none}; L = 1 and W = the combined width otherwise), and
 * {@code offsets} I64 {@code [lines + 1]}: the tokens of input line i are rows
 * {@code offsets[i] .. offsets[i+1])}. Metadata: {@code layers}, {@code combine}, {@code hidden_size}.
 */
@Command(name = "extract-features", mixinStandardHelpOptions = true,
        description = {"Extract contextual token features (extract_features.py): JSONL or packed safetensors.",
                "Input: one text per line ('text_a ||| text_b' for pairs)."})
public final class ExtractFeaturesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true) String model;
    @Option(names = "--layers", split = ",", defaultValue = "-1,-2,-3,-4", description = "default: ${DEFAULT-VALUE}") int[] layers;
    @Option(names = "--input", required = true) Path input;
    @Option(names = "--output", required = true) Path output;
    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or safetensors") String format;
    @Option(names = "--combine", defaultValue = "none", description = "none, concat, sum, weighted-sum") String combine;
    @Option(names = "--layer-weights", split = ",", description = "weights of --combine weighted-sum, one per layer (default: equal, the mean)") float[] weights;
    @Option(names = "--max-length", defaultValue = "128", description = "truncate longer inputs (extract_features.py: max_seq_length 128)") int maxLength;
    @Option(names = "--batch-size", defaultValue = "8") int batchSize;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            if (!format.equals("jsonl") && !format.equals("safetensors")) throw new CommandErrors.UsageException("--format must be jsonl or safetensors");
            if (batchSize <= 0 || maxLength < 3) throw new CommandErrors.UsageException("--batch-size must be positive and --max-length at least 3");
            LayerCombine how = LayerCombine.parse(combine);
            if (how == LayerCombine.WEIGHTED_SUM) {
                if (weights == null) {
                    weights = new float[layers.length];
                    java.util.Arrays.fill(weights, 1f / layers.length);
                } else if (weights.length != layers.length) {
                    throw new CommandErrors.UsageException(weights.length + " --layer-weights for " + layers.length + " --layers");
                }
            }
            FinetuneSupport.requireFile("--input", input);
            Embedder embedder = Embedder.load(FinetuneSupport.resolveModel(model), null, maxLength, true);
            int h = embedder.model().config().hiddenSize();
            int perToken = how == LayerCombine.NONE ? layers.length : 1, width = how == LayerCombine.NONE ? h : how.width(layers.length, h);
            Sink sink = format.equals("jsonl") ? new JsonlSink(output, how) : new SafetensorsSink(output, perToken, width, layers, how, h);
            long lines = 0;
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8); sink) {
                List<Inputs> batch = new ArrayList<>();
                for (String line; (line = in.readLine()) != null; ) {
                    int bar = line.indexOf(" ||| ");
                    batch.add(bar < 0 ? embedder.encode(line, null) : embedder.encode(line.substring(0, bar), line.substring(bar + 5)));
                    if (batch.size() == batchSize) {
                        lines += flush(embedder, batch, sink, how, lines);
                    }
                }
                lines += flush(embedder, batch, sink, how, lines);
            }
            err.printf(Locale.ROOT, "wrote features of %d lines to %s%n", lines, output);
            err.flush();
            return 0;
        });
    }

    private int flush(Embedder embedder, List<Inputs> batch, Sink sink, LayerCombine how, long first) throws IOException {
        if (batch.isEmpty()) return 0;
        List<Embedder.TokenEmbeddings> emb = embedder.tokenEmbeddings(batch, layers);
        for (int i = 0; i < emb.size(); i++) sink.write(first + i, emb.get(i), how, weights);
        int n = batch.size();
        batch.clear();
        return n;
    }

    interface Sink extends AutoCloseable {
        void write(long index, Embedder.TokenEmbeddings e, LayerCombine how, float[] weights) throws IOException;

        @Override
        void close() throws IOException;
    }

    static float[][] tokenLayers(Embedder.TokenEmbeddings e, int t) {
        float[][] v = new float[e.layers().length][];
        for (int l = 0; l < v.length; l++) v[l] = e.values()[l][t];
        return v;
    }

    static final class JsonlSink implements Sink {
        private final Writer w;
        private final ObjectMapper json = new ObjectMapper();
        private final LayerCombine how;

        JsonlSink(Path out, LayerCombine how) throws IOException {
            this.w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
            this.how = how;
        }

        @Override
        public void write(long index, Embedder.TokenEmbeddings e, LayerCombine c, float[] weights) throws IOException {
            ObjectNode o = json.createObjectNode();
            o.put("linex_index", index);
            ArrayNode features = o.putArray("features");
            for (int t = 0; t < e.tokens().length; t++) {
                ObjectNode f = features.addObject();
                f.put("token", e.tokens()[t]);
                ArrayNode ls = f.putArray("layers");
                if (how == LayerCombine.NONE) {
                    for (int l = 0; l < e.layers().length; l++) {
                        ObjectNode layer = ls.addObject();
                        layer.put("index", e.layers()[l]);
                        ArrayNode vs = layer.putArray("values");
                        for (float x : e.values()[l][t]) vs.add(round(x));
                    }
                } else {
                    ObjectNode layer = ls.addObject();
                    ArrayNode idx = layer.putArray("index");
                    for (int l : e.layers()) idx.add(l);
                    layer.put("combine", how.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    ArrayNode vs = layer.putArray("values");
                    for (float x : how.apply(tokenLayers(e, t), weights)) vs.add(round(x));
                }
            }
            w.write(json.writeValueAsString(o));
            w.write('\n');
        }

        /** Six decimals, as extract_features.py rounds. */
        private static double round(float x) {
            return Math.round(x * 1e6) / 1e6;
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    /** Streams the features to a temporary file, then writes the safetensors file (header, offsets, features). */
    static final class SafetensorsSink implements Sink {
        private final Path out, tmp;
        private final DataOutputStream data;
        private final int perToken, width;
        private final int[] layers;
        private final LayerCombine how;
        private final int hidden;
        private final List<Long> offsets = new ArrayList<>(List.of(0L));

        SafetensorsSink(Path out, int perToken, int width, int[] layers, LayerCombine how, int hidden) throws IOException {
            this.out = out;
            this.perToken = perToken;
            this.width = width;
            this.layers = layers;
            this.how = how;
            this.hidden = hidden;
            this.tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".features", ".f32");
            this.data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        }

        @Override
        public void write(long index, Embedder.TokenEmbeddings e, LayerCombine c, float[] weights) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(perToken * width * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int t = 0; t < e.values()[0].length; t++) {
                b.clear();
                if (how == LayerCombine.NONE) {
                    for (int l = 0; l < layers.length; l++) for (float x : e.values()[l][t]) b.putFloat(x);
                } else {
                    for (float x : how.apply(tokenLayers(e, t), weights)) b.putFloat(x);
                }
                data.write(b.array());
            }
            offsets.add(offsets.get(offsets.size() - 1) + e.values()[0].length);
        }

        @Override
        public void close() throws IOException {
            data.close();
            try {
                long tokens = offsets.get(offsets.size() - 1);
                long offBytes = 8L * offsets.size(), featBytes = tokens * perToken * width * 4L;
                StringBuilder layerList = new StringBuilder();
                for (int l : layers) layerList.append(layerList.length() == 0 ? "" : ",").append(l);
                String header = String.format(Locale.ROOT,
                        "{\"__metadata__\":{\"layers\":\"%s\",\"combine\":\"%s\",\"hidden_size\":\"%d\",\"layout\":\"packed\"},"
                                + "\"offsets\":{\"dtype\":\"I64\",\"shape\":[%d],\"data_offsets\":[0,%d]},"
                                + "\"features\":{\"dtype\":\"F32\",\"shape\":[%d,%d,%d],\"data_offsets\":[%d,%d]}}",
                        layerList, how.name().toLowerCase(Locale.ROOT).replace('_', '-'), hidden, offsets.size(), offBytes, tokens, perToken, width,
                        offBytes, offBytes + featBytes);
                byte[] hb = header.getBytes(StandardCharsets.UTF_8);
                int padded = (hb.length + 7) / 8 * 8;
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                    o.write(len.array());
                    o.write(hb);
                    for (int i = hb.length; i < padded; i++) o.write(' ');
                    ByteBuffer ob = ByteBuffer.allocate((int) offBytes).order(ByteOrder.LITTLE_ENDIAN);
                    for (long v : offsets) ob.putLong(v);
                    o.write(ob.array());
                    Files.copy(tmp, o);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
