package org.bert4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bert4j.checkpoint.Checkpoints;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.inference.Embedder;
import org.bert4j.inference.FillMask;
import org.bert4j.inference.Inputs;
import org.bert4j.model.PackedBatch;
import org.bert4j.nn.ForwardContext;
import org.bert4j.train.MetricsLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bert4j pretrain} end to end on a tiny model: it overfits a small batch, a run resumed
 * after an interruption repeats the uninterrupted one exactly, and OUT/final works in fill-mask and embed.
 */
class PretrainCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int WORDS = 40, VOCAB = 5 + WORDS;
    @TempDir Path tmp;
    Path config, vocab, data, evalData;

    @BeforeEach
    void setUp() throws IOException {
        List<String> v = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; i < WORDS; i++) v.add("w" + (char) ('a' + i / 26) + (char) ('a' + i % 26));
        vocab = Files.write(tmp.resolve("vocab.txt"), v);
        ObjectNode c = JSON.createObjectNode().put("vocab_size", VOCAB).put("hidden_size", 32).put("num_hidden_layers", 2)
                .put("num_attention_heads", 2).put("intermediate_size", 64).put("hidden_act", "gelu")
                .put("hidden_dropout_prob", 0.1).put("attention_probs_dropout_prob", 0.1).put("max_position_embeddings", 64)
                .put("type_vocab_size", 2).put("initializer_range", 0.02).put("layer_norm_eps", 1e-12).put("model_type", "bert");
        config = Files.writeString(tmp.resolve("config.json"), c.toString());
        data = writeInstances(tmp.resolve("train.jsonl"), 8, 1);
        evalData = writeInstances(tmp.resolve("eval.jsonl"), 6, 2);
    }

    /** Instances in Google's feature naming, unpadded: [CLS] A [SEP] B [SEP], two positions masked with [MASK]. */
    static Path writeInstances(Path file, int n, long seed) throws IOException {
        return writeInstances(file, n, seed, 4, 3);
    }

    /** As above with segment A of {@code minA..minA+4} and B of {@code minB..minB+4} tokens. */
    static Path writeInstances(Path file, int n, long seed, int minA, int minB) throws IOException {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = minA + r.nextInt(5), b = minB + r.nextInt(5);
            List<Integer> ids = new ArrayList<>(List.of(2)), seg = new ArrayList<>(List.of(0));
            for (int k = 0; k < a; k++) { ids.add(5 + r.nextInt(WORDS)); seg.add(0); }
            ids.add(3); seg.add(0);
            for (int k = 0; k < b; k++) { ids.add(5 + r.nextInt(WORDS)); seg.add(1); }
            ids.add(3); seg.add(1);
            int p1 = 1 + r.nextInt(a), p2 = a + 2 + r.nextInt(b);
            ObjectNode o = JSON.createObjectNode();
            List<Integer> labels = List.of(ids.get(p1), ids.get(p2));
            ids.set(p1, 4);
            ids.set(p2, 4);
            ids.forEach(o.putArray("input_ids")::add);
            seg.forEach(o.putArray("segment_ids")::add);
            o.putArray("masked_lm_positions").add(p1).add(p2);
            labels.forEach(o.putArray("masked_lm_ids")::add);
            o.put("next_sentence_labels", i % 2);
            lines.add(o.toString());
        }
        return Files.write(file, lines);
    }

    List<String> base(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("pretrain", "--config", config.toString(), "--vocab", vocab.toString(),
                "--data", data.toString(), "--output", out.toString(), "--quiet", "--threads", "1"));
        a.addAll(List.of(more));
        return a;
    }

    static int run(List<String> args) {
        return Main.run(args.toArray(String[]::new));
    }

    @Test
    void overfitsASmallBatchAndTheFinalModelFillsMasksAndEmbeds() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, run(base(out, "--steps", "150", "--batch-size", "8", "--lr", "3e-3", "--warmup-steps", "0",
                "--lr-schedule", "constant", "--dropout", "0", "--no-shuffle", "--weight-decay", "0")));
        List<JsonNode> m = MetricsLog.read(out.resolve(MetricsLog.FILE));
        assertEquals(150, m.size());
        for (String key : List.of("step", "loss", "mlm_loss", "nsp_loss", "mlm_accuracy", "nsp_accuracy", "lr", "grad_norm")) {
            assertTrue(m.get(0).has(key), "metrics.jsonl has " + key);
        }
        JsonNode first = m.get(0), last = m.get(m.size() - 1);
        System.out.printf("overfit: loss %.4f -> %.5f (mlm %.5f, nsp %.5f), accuracy mlm %.2f nsp %.2f%n", first.get("loss").asDouble(),
                last.get("loss").asDouble(), last.get("mlm_loss").asDouble(), last.get("nsp_loss").asDouble(),
                last.get("mlm_accuracy").asDouble(), last.get("nsp_accuracy").asDouble());
        assertTrue(first.get("loss").asDouble() > 3.0, "starts near log(vocab) + log(2)");
        assertTrue(last.get("loss").asDouble() < 0.05, "near zero: " + last.get("loss"));
        assertEquals(1.0, last.get("mlm_accuracy").asDouble());
        assertEquals(1.0, last.get("nsp_accuracy").asDouble());

        Path fin = out.resolve("final");
        for (String f : List.of("config.json", "vocab.txt", "model.safetensors", "optimizer.safetensors")) {
            assertTrue(Files.isRegularFile(fin.resolve(f)), "final/" + f);
        }
        assertTrue(Files.isRegularFile(out.resolve("curves.png")));
        FillMask fill = FillMask.load(fin, null);
        List<List<FillMask.Prediction>> preds = fill.predict("waa wab [MASK] wac", 3);
        assertEquals(1, preds.size());
        assertEquals(3, preds.get(0).size());
        assertTrue(preds.get(0).get(0).token().startsWith("w"), "a word, not a special token: " + preds.get(0).get(0));
        float[] e = Embedder.load(fin, null, 0, true).embed("waa wab wac");
        assertEquals(32, e.length);
        assertEquals(0, Main.run("fill-mask", "--model", fin.toString(), "waa [MASK] wac"));
        Path input = Files.writeString(tmp.resolve("embed.jsonl"), "{\"text\": \"waa wab\"}\n");
        assertEquals(0, Main.run("embed", "--model", fin.toString(), "--pooling", "mean", "--input", input.toString()));
    }

    @Test
    void resumeAfterAnInterruptionRepeatsTheUninterruptedRun() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        String[] opts = {"--steps", "12", "--batch-size", "3", "--lr", "1e-3", "--warmup-steps", "3", "--save-every", "4",
            "--keep-checkpoints", "5", "--dynamic-masking", "--eval-data", evalData.toString(), "--eval-every", "4", "--seed", "11"};
        assertEquals(0, run(base(a, opts)));
        // interrupted between steps 4 and 8: checkpoint-4 complete, metrics written up to step 6
        copy(a, b);
        deleteTree(b.resolve("checkpoint-8"));
        deleteTree(b.resolve("checkpoint-12"));
        deleteTree(b.resolve("final"));
        List<String> partial = Files.readAllLines(b.resolve(MetricsLog.FILE)).subList(0, 6);
        Files.write(b.resolve(MetricsLog.FILE), partial);
        List<String> resumed = base(b, opts);
        resumed.addAll(List.of("--resume", b.toString()));
        assertEquals(0, run(resumed));

        List<JsonNode> ma = MetricsLog.read(a.resolve(MetricsLog.FILE)), mb = MetricsLog.read(b.resolve(MetricsLog.FILE));
        assertEquals(12, mb.size());
        for (int s = 0; s < 12; s++) {
            for (String key : List.of("step", "loss", "mlm_loss", "nsp_loss", "mlm_accuracy", "nsp_accuracy", "lr", "grad_norm")) {
                assertEquals(ma.get(s).get(key).asDouble(), mb.get(s).get(key).asDouble(), 0.0, "step " + (s + 1) + " " + key);
            }
        }
        for (String key : List.of("eval_mlm_accuracy", "eval_perplexity", "eval_nsp_accuracy")) {
            assertEquals(ma.get(11).get(key).asDouble(), mb.get(11).get(key).asDouble(), 0.0, key);
        }
        assertArrayEquals(Files.readAllBytes(a.resolve("final/model.safetensors")), Files.readAllBytes(b.resolve("final/model.safetensors")));
        // dropout and dynamic masking were on: the losses are not all alike, so the comparison could fail
        assertTrue(ma.get(0).get("loss").asDouble() != ma.get(4).get("loss").asDouble());
    }

    @Test
    void mlmAndLtrObjectivesTrainWithoutTheNspHead() throws IOException {
        for (String objective : List.of("mlm", "ltr")) {
            Path out = tmp.resolve(objective);
            assertEquals(0, run(base(out, "--steps", "3", "--batch-size", "4", "--objective", objective, "--eval-data", evalData.toString())));
            List<JsonNode> m = MetricsLog.read(out.resolve(MetricsLog.FILE));
            assertEquals(3, m.size());
            assertTrue(m.get(2).has("mlm_accuracy") && m.get(2).has("eval_perplexity"), objective);
            assertFalse(m.get(2).has("nsp_loss"), objective + " has no NSP loss");
            try (TensorSource saved = Checkpoints.openRaw(out.resolve("final/model.safetensors"))) {
                assertFalse(saved.contains("cls.seq_relationship.weight"), objective + ": no NSP head saved");
                assertTrue(saved.contains("cls.predictions.bias"), objective);
            }
        }
    }

    /**
     * A left-to-right run saves a decoder ({@code "is_decoder": true}), as the paper keeps the left-only constraint
     * at fine-tuning: fill-mask then predicts a [MASK] from the position before it, blind to what follows, and the
     * bidirectional objectives refuse the model.
     */
    @Test
    void anLtrModelStaysLeftToRight() throws IOException {
        Path out = tmp.resolve("ltr");
        assertEquals(0, run(base(out, "--steps", "20", "--batch-size", "8", "--lr", "3e-3", "--objective", "ltr")));
        Path fin = out.resolve("final");
        assertTrue(JSON.readTree(fin.resolve("config.json").toFile()).path("is_decoder").asBoolean(), "config.json says is_decoder");

        FillMask fill = FillMask.load(fin, null);
        List<FillMask.Prediction> a = fill.predict("waa wab wac [MASK] wad", 5).get(0);
        List<FillMask.Prediction> b = fill.predict("waa wab wac [MASK] wbe wbf waz", 5).get(0);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).token(), b.get(i).token(), "what follows the [MASK] does not matter");
            assertEquals(a.get(i).score(), b.get(i).score(), 1e-6);
        }
        // the scores are the MLM head's softmax at the token before the [MASK] (position 3 of [CLS] waa wab wac [MASK] ...)
        BertForPreTraining m = BertForPreTraining.load(fin, null);
        PackedBatch batch = Inputs.pack(List.of(Inputs.encode(fill.tokenizer(), "waa wab wac [MASK] wad", null, 64, true)));
        float[] hidden = m.bert.forward(batch, ForwardContext.EVAL).lastHiddenState();
        float[] logits = m.mlm.forward(m.bert.kernels(), hidden, new int[] {3}, false).logits();
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float l : logits) max = Math.max(max, l);
        for (float l : logits) sum += Math.exp(l - max);
        assertEquals(Math.exp(logits[a.get(0).tokenId()] - max) / sum, a.get(0).score(), 1e-9);
        for (int i = 0; i < logits.length; i++) assertTrue(logits[i] <= logits[a.get(0).tokenId()], "the top token has the largest logit");
        assertEquals(0, Main.run("fill-mask", "--model", fin.toString(), "waa [MASK] wac"));
        Path input = Files.writeString(tmp.resolve("embed-ltr.jsonl"), "{\"text\": \"waa wab\"}\n");
        assertEquals(0, Main.run("embed", "--model", fin.toString(), "--pooling", "mean", "--input", input.toString()));
        assertTrue(Main.run("embed", "--model", fin.toString(), "--pooling", "cls", "--input", input.toString()) != 0,
                "[CLS] of a left-to-right model has seen nothing: refused");

        assertEquals(2, run(base(tmp.resolve("mlm"), "--steps", "1", "--objective", "mlm")
                .stream().map(s -> s.equals(config.toString()) ? fin.resolve("config.json").toString() : s).toList()),
                "a decoder's config cannot train a bidirectional objective");
        List<String> init = new ArrayList<>(List.of("pretrain", "--init", fin.toString(), "--data", data.toString(),
                "--output", tmp.resolve("mlm2").toString(), "--quiet", "--threads", "1", "--steps", "1", "--objective", "mlm+nsp"));
        assertEquals(2, run(init), "nor can a decoder checkpoint");
    }

    @Test
    void evalAtStartLogsTheUntrainedModelAsStepZero() throws IOException {
        Path out = tmp.resolve("before");
        assertEquals(0, run(base(out, "--steps", "2", "--batch-size", "4", "--eval-data", evalData.toString(), "--eval-at-start")));
        List<JsonNode> m = MetricsLog.read(out.resolve(MetricsLog.FILE));
        assertEquals(3, m.size());
        assertEquals(0, m.get(0).get("step").asLong());
        assertTrue(m.get(0).get("eval_perplexity").isNumber() && m.get(0).get("eval_mlm_accuracy").isNumber());
        assertFalse(m.get(0).has("loss"), "step 0 is an evaluation, not a training step");
        assertEquals(2, m.get(2).get("step").asLong());
        assertEquals(2, run(base(tmp.resolve("w"), "--steps", "2", "--eval-at-start")), "--eval-at-start needs --eval-data");
    }

    /**
     * The paper's two phases of sequence length: phase 1 on short instances from scratch, phase 2 continues
     * from phase 1's final model on instances up to 64 tokens. Phase 2 starts exactly where phase 1 ended
     * (its step-0 evaluation equals phase 1's last one) and trains the position embeddings phase 1 never used.
     */
    @Test
    void phaseTwoContinuesPhaseOneOnLongerInstances() throws IOException {
        Path p1 = tmp.resolve("phase1"), p2 = tmp.resolve("phase2");
        Path longData = writeInstances(tmp.resolve("long.jsonl"), 8, 3, 20, 20); // 43..51 tokens
        assertEquals(0, run(base(p1, "--steps", "6", "--batch-size", "4", "--lr", "1e-3", "--max-seq-length", "24",
                "--eval-data", evalData.toString(), "--eval-every", "6", "--seed", "5")));
        assertEquals(1, run(List.of("pretrain", "--config", config.toString(), "--vocab", vocab.toString(), "--data", longData.toString(),
                "--output", tmp.resolve("p1long").toString(), "--quiet", "--threads", "1", "--steps", "1", "--max-seq-length", "24")),
                "the phase-1 length limit rejects the long instances");
        assertEquals(0, run(List.of("pretrain", "--init", p1.resolve("final").toString(), "--data", longData.toString(),
                "--output", p2.toString(), "--quiet", "--threads", "1", "--steps", "4", "--batch-size", "4", "--lr", "1e-3",
                "--max-seq-length", "64", "--eval-data", evalData.toString(), "--eval-at-start", "--eval-every", "4", "--seed", "6")));
        List<JsonNode> m1 = MetricsLog.read(p1.resolve(MetricsLog.FILE)), m2 = MetricsLog.read(p2.resolve(MetricsLog.FILE));
        JsonNode end1 = m1.get(m1.size() - 1), start2 = m2.get(0);
        assertEquals(0, start2.get("step").asLong());
        for (String key : List.of("eval_mlm_loss", "eval_mlm_accuracy", "eval_nsp_loss", "eval_nsp_accuracy")) {
            assertEquals(end1.get(key).asDouble(), start2.get(key).asDouble(), 1e-9, "phase 2 starts from phase 1's model: " + key);
        }
        try (TensorSource a = Checkpoints.openRaw(p1.resolve("final/model.safetensors"));
             TensorSource b = Checkpoints.openRaw(p2.resolve("final/model.safetensors"))) {
            float[] pa = a.get("bert.embeddings.position_embeddings.weight").toFloatArray();
            float[] pb = b.get("bert.embeddings.position_embeddings.weight").toFloatArray();
            int h = 32, row = 45;
            double moved = 0;
            for (int j = 0; j < h; j++) moved = Math.max(moved, Math.abs(pa[row * h + j] - pb[row * h + j]));
            assertTrue(moved > 1e-4, "position 45 is trained in phase 2: moved " + moved);
        }
    }

    @Test
    void dynamicMaskingWithTableEightRatiosTrains() throws IOException {
        Path out = tmp.resolve("ratios");
        assertEquals(0, run(base(out, "--steps", "2", "--batch-size", "4", "--dynamic-masking", "--mask-ratios", "100,0,0")));
        assertEquals(2, MetricsLog.read(out.resolve(MetricsLog.FILE)).size());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run(base(tmp.resolve("x"), "--objective", "bidirectional")));
        assertEquals(2, run(base(tmp.resolve("x"), "--objective", "ltr", "--dynamic-masking")));
        assertEquals(2, Main.run("pretrain", "--config", config.toString(), "--init", "bert-base-uncased", "--data", data.toString(),
                "--output", tmp.resolve("y").toString()));
        assertEquals(1, run(base(tmp.resolve("z"), "--max-seq-length", "8")), "instances longer than --max-seq-length");
        assertEquals(2, run(base(tmp.resolve("m"), "--mask-ratios", "80,10,10")), "--mask-ratios needs --dynamic-masking");
        assertEquals(2, run(base(tmp.resolve("m"), "--dynamic-masking", "--mask-ratios", "80,20,10")), "percentages must add up to 100");
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
