package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bert4j.inference.Embedder;
import org.bert4j.tasks.features.BiLstmTagger;
import org.bert4j.tasks.features.ConllFeatureTagging;
import org.bert4j.tasks.features.LayerCombine;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.NerTask;
import org.bert4j.tensor.Parallel;
import org.bert4j.train.ProgressListener;
import org.bert4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code finetune ner-features}: the feature-based approach of the paper (§5.4, Table 7). BERT stays
 * frozen: it runs once over the training and dev sentences, keeping for each word the hidden states of
 * every requested layer at its first sub-token; then, for each {@code --features} set, a two-layer
 * BiLSTM tagger ({@link BiLstmTagger}) is trained on those features with the shared trainer (AdamW,
 * linear schedule with warm-up, shuffled batches, seeded) and scored with conlleval span F1 on the dev
 * file after every epoch. Writes {@code OUT/results.json}, {@code OUT/results.md} (also printed) and, per
 * set, the training run in {@code OUT/NAME/} (metrics.jsonl, curves, the final checkpoint with the
 * tagger's weights).
 */
@Command(name = "ner-features", mixinStandardHelpOptions = true,
        description = {"Feature-based NER (paper §5.4): train BiLSTM taggers on frozen BERT features of CoNLL-2003 words "
                + "(the first sub-token of each word), one per --features set, and compare their dev F1.",
                "BERT is not fine-tuned: it runs once over all sentences for the union of the requested layers. "
                + "Layers are numbered as in extract-features: 0 = the embedding output, 1..L = the encoder layers, "
                + "-1 = the last layer, -2 = the second to last, ... The tagger is a 2-layer BiLSTM (--hidden units per "
                + "direction) and a linear layer per word.",
                "Writes OUT/results.json and OUT/results.md (printed at the end), and per set OUT/NAME/ (metrics.jsonl, "
                + "curves, the last checkpoint with the tagger's weights). Memory: words x layers x H floats for the "
                + "extracted states (CoNLL-2003 train and dev, 5 layers of BERT-base: about 4 GB), plus the combined features of the "
                + "set being trained (a concat of four: 3 GB more).",
                "Example (the paper's Table 7):",
                "  finetune ner-features --model bert-base-cased \\",
                "    --train-file eng.train --dev-file eng.testa --output OUT \\",
                "    --features embeddings=0 --features second-to-last=-2 \\",
                "    --features last=-1 \\",
                "    --features concat-last-four=-1,-2,-3,-4:concat \\",
                "    --features sum-last-four=-1,-2,-3,-4:sum"})
public final class FinetuneNerFeaturesCommand implements Callable<Integer> {
    static final String EXAMPLE = "--features concat-last-four=-1,-2,-3,-4:concat";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "pre-trained model: a name (bert-base-cased, ...), folder or file") String model;
    @Option(names = "--train-file", required = true, description = "training file (CoNLL: word POS chunk NER)") Path trainFile;
    @Option(names = "--dev-file", required = true, description = "dev file, scored after every epoch") Path devFile;
    @Option(names = "--output", required = true, description = "output folder OUT") Path output;
    @Option(names = "--features", required = true, paramLabel = "NAME=LAYERS[:COMBINE]",
            description = {"a feature set to train a tagger on (repeatable): a name, comma-separated layers and how they are "
                    + "combined: concat (default), sum, or weighted-sum (equal weights: the mean); e.g. " + EXAMPLE}) List<String> features;
    @Option(names = "--hidden", defaultValue = "768", description = "LSTM units per direction (paper: 768; default: ${DEFAULT-VALUE})") int hidden;
    @Option(names = "--max-seq-length", defaultValue = "128", description = "longer sentences are split at word boundaries (default: ${DEFAULT-VALUE})") int maxSeqLength;
    @Option(names = "--epochs", defaultValue = "3", description = "passes over the training data per feature set (default: ${DEFAULT-VALUE})") double epochs;
    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})") double lr;
    @Option(names = "--batch-size", defaultValue = "32", description = "sentences per batch (default: ${DEFAULT-VALUE})") int batchSize;
    @Mixin TaskTrainingOptions training;
    @Option(names = "--max-train-sentences", defaultValue = "0", description = "train on the first N sentences only (0: all)") int maxTrain;
    @Option(names = "--max-eval-sentences", defaultValue = "0", description = "evaluate on the first N sentences only (0: all)") int maxEval;

    /** One {@code --features} set. */
    record FeatureSet(String name, int[] layers, LayerCombine combine) {
        String layerList() {
            return Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(","));
        }

        String combineName() {
            return combine.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        float[] weights() {
            if (combine != LayerCombine.WEIGHTED_SUM) return null;
            float[] w = new float[layers.length];
            Arrays.fill(w, 1f / layers.length);
            return w;
        }
    }

    /** Parses {@code NAME=LAYERS[:COMBINE]}; a usage error says what is wrong and shows a correct spec. */
    static FeatureSet parse(String spec) {
        String s = spec.trim();
        int eq = s.indexOf('=');
        if (eq < 0) throw bad(spec, "expected NAME=LAYERS[:COMBINE]");
        String name = s.substring(0, eq).trim(), rest = s.substring(eq + 1).trim();
        if (name.isEmpty()) throw bad(spec, "the name before '=' is missing");
        if (!NAME.matcher(name).matches()) throw bad(spec, "the name '" + name + "' may only have letters, digits, '.', '_' and '-' (it names a folder)");
        int colon = rest.indexOf(':');
        String layerText = colon < 0 ? rest : rest.substring(0, colon).trim();
        LayerCombine combine = LayerCombine.CONCAT;
        if (colon >= 0) {
            String c = rest.substring(colon + 1).trim();
            try {
                combine = LayerCombine.parse(c);
            } catch (IllegalArgumentException e) {
                throw bad(spec, "unknown combination '" + c + "' (concat, sum, weighted-sum)");
            }
            if (combine == LayerCombine.NONE) combine = LayerCombine.CONCAT; // a tagger reads one vector per word
        }
        if (layerText.isEmpty()) throw bad(spec, "no layers after '='");
        String[] parts = layerText.split(",", -1);
        int[] layers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                layers[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw bad(spec, "'" + parts[i].trim() + "' is not a layer number (0 = embeddings, -1 = last layer)");
            }
        }
        return new FeatureSet(name, layers, combine);
    }

    private static CommandErrors.UsageException bad(String spec, String what) {
        return new CommandErrors.UsageException("--features '" + spec + "': " + what + "; e.g. " + EXAMPLE);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            List<FeatureSet> sets = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (String f : features) {
                FeatureSet fs = parse(f);
                if (!names.add(fs.name())) throw new CommandErrors.UsageException("--features: the name '" + fs.name() + "' is used twice");
                sets.add(fs);
            }
            if (hidden <= 0 || batchSize <= 0) throw new CommandErrors.UsageException("--hidden and --batch-size must be positive");
            if (!(epochs > 0) && training.maxSteps <= 0) throw new CommandErrors.UsageException("--epochs must be positive");
            if (training.threads < 0) throw new CommandErrors.UsageException("--threads must be 1 or more (0: all cores), got " + training.threads);
            FinetuneSupport.requireFile("--train-file", trainFile);
            FinetuneSupport.requireFile("--dev-file", devFile);
            return training.threads > 0 ? Parallel.withThreads(training.threads, () -> run(err, sets)) : run(err, sets);
        });
    }

    private int run(PrintWriter err, List<FeatureSet> sets) {
        List<ConllSentence> train = FinetuneNerCommand.readIob2(err, trainFile, maxTrain);
        List<ConllSentence> dev = FinetuneNerCommand.readIob2(err, devFile, maxEval);
        List<String> labels = NerTask.labelsOf(train);
        err.println("labels (IOB2, from " + trainFile.getFileName() + "): " + labels);
        for (ConllSentence s : dev) {
            for (String t : s.ner()) {
                if (!labels.contains(t)) err.println("warning: " + devFile + ":" + s.line() + ": tag " + t + " never occurs in the training file");
            }
        }
        Path modelPath = FinetuneSupport.resolveModel(model);
        if (FinetuneSupport.lowercase(modelPath)) err.println("note: " + model + " lower-cases its input; the paper uses a cased model for NER");
        Embedder embedder = Embedder.load(modelPath, null, 0, true);
        int states = embedder.model().config().numHiddenLayers() + 1, h = embedder.model().config().hiddenSize();
        Set<Integer> union = new java.util.TreeSet<>();
        for (FeatureSet fs : sets) {
            for (int l : fs.layers()) {
                int abs = l < 0 ? states + l : l;
                if (abs < 0 || abs >= states) {
                    throw new CommandErrors.UsageException("--features '" + fs.name() + "': layer " + l + " does not exist: " + model
                            + " has hidden states 0.." + (states - 1) + " (0 = the embedding output) or -1..-" + states);
                }
                union.add(abs);
            }
        }
        int[] layers = union.stream().mapToInt(Integer::intValue).toArray();
        LabelAligner aligner = new LabelAligner(embedder.tokenizer(), maxSeqLength, LabelAligner.Overflow.SPLIT);
        err.printf(Locale.ROOT, "extracting hidden states %s (0 = embeddings) of %d train and %d dev sentences with the frozen model%n",
                Arrays.toString(layers), train.size(), dev.size());
        err.flush();
        long t0 = System.nanoTime();
        ConllFeatureTagging.WordLayers trainLayers, devLayers;
        try (PhaseProgress progress = new PhaseProgress(training.quiet)) {
            trainLayers = ConllFeatureTagging.extractLayers(embedder, aligner, train, labels, layers, (d, t) -> progress.update("extract train", d, t));
            devLayers = ConllFeatureTagging.extractLayers(embedder, aligner, dev, labels, layers, (d, t) -> progress.update("extract dev", d, t));
        }
        double extractSeconds = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "extracted in %s (%d + %d words)%n", ConsoleProgress.duration(extractSeconds), trainLayers.words(), devLayers.words());
        embedder = null; // the model is no longer needed

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("model", model);
        results.put("train_file", trainFile.toString());
        results.put("dev_file", devFile.toString());
        results.put("train_sentences", trainLayers.sentences());
        results.put("train_words", trainLayers.words());
        results.put("dev_sentences", devLayers.sentences());
        results.put("dev_words", devLayers.words());
        results.put("labels", labels);
        results.put("hidden_size", h);
        results.put("extracted_layers", layers);
        results.put("extraction_seconds", extractSeconds);
        Map<String, Object> lstm = new LinkedHashMap<>();
        lstm.put("layers", BiLstmTagger.LAYERS);
        lstm.put("hidden", hidden);
        lstm.put("bidirectional", true);
        results.put("lstm", lstm);
        results.put("epochs", epochs);
        results.put("batch_size", batchSize);
        results.put("lr", lr);
        results.put("seed", training.seed);
        List<Map<String, Object>> done = new ArrayList<>();
        results.put("feature_sets", done);
        boolean anyStopped = false;
        var settings = training.settings(epochs, lr, batchSize);
        for (FeatureSet fs : sets) {
            List<ConllFeatureTagging.Sentence> trainX = trainLayers.features(fs.layers(), fs.combine(), fs.weights());
            List<ConllFeatureTagging.Sentence> devX = devLayers.features(fs.layers(), fs.combine(), fs.weights());
            int width = fs.combine().width(fs.layers().length, h);
            BiLstmTagger tagger = new BiLstmTagger(width, hidden, labels.size());
            tagger.initialize(new SplittableRandom(training.seed));
            ConllFeatureTagging task = new ConllFeatureTagging(tagger, labels, trainX, devX, dev);
            int batchesPerEpoch = (trainX.size() + batchSize - 1) / batchSize;
            List<Map<String, Object>> evals = new ArrayList<>();
            ProgressListener record = new ProgressListener() {
                @Override
                public void onEvaluate(long step, Map<String, Double> metrics) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("epoch", Math.round(1000.0 * step / batchesPerEpoch) / 1000.0);
                    e.put("step", step);
                    e.putAll(metrics);
                    evals.add(e);
                }
            };
            err.printf(Locale.ROOT, "%n%s: layers %s, %s, %d features per word, BiLSTM %d x 2 x %d%n", fs.name(), fs.layerList(),
                    fs.combineName(), width, BiLstmTagger.LAYERS, hidden);
            err.flush();
            long s0 = System.nanoTime();
            TrainResult r = FinetuneSupport.train(task, task.lengths(), settings, output.resolve(fs.name()), "ner-features " + fs.name(), "f1", record);
            double trainSeconds = (System.nanoTime() - s0) / 1e9;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", fs.name());
            o.put("layers", fs.layers());
            o.put("combine", fs.combineName());
            o.put("input_width", width);
            o.put("hidden", hidden);
            o.put("epochs", epochs);
            o.put("steps", r.steps());
            o.put("dev", evals);
            o.put("final", evals.isEmpty() ? null : metricsOf(evals.get(evals.size() - 1)));
            o.put("final_loss", r.lastLoss());
            o.put("train_seconds", trainSeconds);
            o.put("run_dir", output.resolve(fs.name()).toString());
            if (r.diverged()) {
                anyStopped = true;
                o.put("stopped", r.stopReason());
                err.println("warning: " + fs.name() + ": training stopped: " + r.stopReason());
            }
            done.add(o);
            writeResults(results); // after every set, so a long run keeps what it has
        }
        String table = table(results);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        err.printf(Locale.ROOT, "wrote %s and %s%n", output.resolve("results.json"), output.resolve("results.md"));
        return anyStopped ? CommandErrors.FAILURE : 0;
    }

    private static Map<String, Object> metricsOf(Map<String, Object> eval) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("precision", "recall", "f1")) m.put(k, eval.get(k));
        return m;
    }

    private void writeResults(Map<String, Object> results) {
        try {
            FinetuneSupport.writeAtomically(output.resolve("results.json"), JSON.writeValueAsString(results) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FinetuneSupport.writeAtomically(output.resolve("results.md"), table(results));
    }

    /** The Markdown summary: one row per trained feature set, dev scores of the last evaluation in percent. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Feature-based NER (frozen %s, BiLSTM %d x 2 x %s), %s sentences (%s words) for training, dev %s sentences; "
                        + "features extracted in %s%n%n", results.get("model"), BiLstmTagger.LAYERS, ((Map<String, Object>) results.get("lstm")).get("hidden"),
                results.get("train_sentences"), results.get("train_words"), results.get("dev_sentences"),
                ConsoleProgress.duration((Double) results.get("extraction_seconds"))));
        s.append("| feature set | layers | dev F1 | P | R | train time |\n");
        s.append("|---|---|---:|---:|---:|---:|\n");
        for (Map<String, Object> o : (List<Map<String, Object>>) results.get("feature_sets")) {
            String layers = Arrays.stream((int[]) o.get("layers")).mapToObj(Integer::toString).collect(Collectors.joining(","));
            if (((int[]) o.get("layers")).length > 1) layers += " " + o.get("combine");
            Map<String, Object> f = (Map<String, Object>) o.get("final");
            s.append("| ").append(o.get("name")).append(" | ").append(layers).append(" | ")
                    .append(percent(f, "f1")).append(" | ").append(percent(f, "precision")).append(" | ").append(percent(f, "recall")).append(" | ")
                    .append(ConsoleProgress.duration((Double) o.get("train_seconds")))
                    .append(o.containsKey("stopped") ? " (stopped)" : "").append(" |\n");
        }
        return s.toString();
    }

    private static String percent(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Double d && Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f", d) : "-"; // SpanF1 gives percent
    }
}
