package org.bert4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bert4j.inference.Inputs;
import org.bert4j.testing.SharedData;
import org.bert4j.testing.TestModels;
import org.bert4j.tokenizer.BertTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 (6 layers, H 384, 12 heads of 32) loaded from its ONNX file, against ONNX Runtime
 * running the same file: last hidden states on real GLUE sentences and pairs, in padded batches of
 * mixed lengths and each alone.
 */
class MiniLmOnnxRuntimeTest {
    static final double TOL = 1e-4;
    static OrtEnvironment env;
    static OrtSession session;
    static BertModel model;
    static BertTokenizer tokenizer;
    static List<Inputs> inputs;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = TestModels.miniLm();
        model = BertModels.load(dir);
        assertEquals(12, model.config().numAttentionHeads());
        tokenizer = BertTokenizer.fromModelFolder(dir, true);
        env = OrtEnvironment.getEnvironment();
        session = env.createSession(dir.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
        inputs = new ArrayList<>();
        List<String[]> mrpc = tsv(SharedData.data("glue/MRPC/dev.tsv"));
        List<String[]> rte = tsv(SharedData.data("glue/RTE/dev.tsv"));
        for (int i = 0; i < 20; i++) inputs.add(Inputs.encode(tokenizer, mrpc.get(i)[3], mrpc.get(i)[4], 512, false)); // pairs
        for (int i = 20; i < 35; i++) inputs.add(Inputs.encode(tokenizer, mrpc.get(i)[3], null, 512, false));        // singles
        for (int i = 0; i < 10; i++) inputs.add(Inputs.encode(tokenizer, rte.get(i)[1], rte.get(i)[2], 512, false));  // long pairs
        for (int i = 10; i < 20; i++) inputs.add(Inputs.encode(tokenizer, rte.get(i)[2], null, 512, false));          // short singles
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (session != null) session.close();
    }

    static List<String[]> tsv(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) out.add(l.split("\t", -1));
        return out;
    }

    /** ONNX Runtime's last hidden state for a right-padded batch: [batch][seq * 384]. */
    static float[][][] ort(long[][] ids, long[][] types, long[][] mask) throws Exception {
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids); OnnxTensor t = OnnxTensor.createTensor(env, types);
             OnnxTensor m = OnnxTensor.createTensor(env, mask)) {
            Map<String, OnnxTensor> feed = new java.util.HashMap<>();
            for (String name : session.getInputNames()) {
                feed.put(name, name.contains("type") ? t : name.contains("mask") ? m : i);
            }
            try (OrtSession.Result r = session.run(feed)) {
                return (float[][][]) r.get(0).getValue();
            }
        }
    }

    /** Max |ours - ORT| over the real tokens of {@code batch}, padding right to the longest. */
    static double compare(List<Inputs> batch) throws Exception {
        int b = batch.size(), t = 0;
        for (Inputs in : batch) t = Math.max(t, in.length());
        long[][] ids = new long[b][t], types = new long[b][t], mask = new long[b][t];
        int[][] iIds = new int[b][t], iTypes = new int[b][t], iMask = new int[b][t];
        for (int s = 0; s < b; s++) {
            for (int p = 0; p < batch.get(s).length(); p++) {
                ids[s][p] = iIds[s][p] = batch.get(s).inputIds()[p];
                types[s][p] = iTypes[s][p] = batch.get(s).tokenTypeIds()[p];
                mask[s][p] = iMask[s][p] = 1;
            }
        }
        float[][][] ref = ort(ids, types, mask);
        float[] ours = model.forward(iIds, iTypes, iMask).padded(model.config().numHiddenLayers());
        int h = model.config().hiddenSize();
        double max = 0;
        for (int s = 0; s < b; s++) {
            for (int p = 0; p < batch.get(s).length(); p++) {
                for (int j = 0; j < h; j++) max = Math.max(max, Math.abs(ours[(s * t + p) * h + j] - ref[s][p][j]));
            }
        }
        return max;
    }

    @Test
    void outputIsTheLastHiddenState() {
        assertEquals(List.of("last_hidden_state"), new ArrayList<>(session.getOutputNames()));
    }

    @Test
    void paddedBatchesOfMixedLengthsMatchOnnxRuntime() throws Exception {
        assertTrue(inputs.size() >= 50);
        double worst = 0;
        int minLen = Integer.MAX_VALUE, maxLen = 0;
        for (int from = 0; from < inputs.size(); from += 8) {
            List<Inputs> batch = inputs.subList(from, Math.min(inputs.size(), from + 8));
            for (Inputs in : batch) { minLen = Math.min(minLen, in.length()); maxLen = Math.max(maxLen, in.length()); }
            worst = Math.max(worst, compare(batch));
        }
        System.out.printf("MiniLM vs ONNX Runtime, %d inputs (%d..%d tokens) in batches of 8: max abs diff %.3g%n",
                inputs.size(), minLen, maxLen, worst);
        assertTrue(worst < TOL, "max abs diff " + worst);
    }

    @Test
    void eachInputAloneMatchesOnnxRuntime() throws Exception {
        double worst = 0;
        for (Inputs in : inputs) worst = Math.max(worst, compare(List.of(in)));
        System.out.printf("MiniLM vs ONNX Runtime, %d inputs one at a time: max abs diff %.3g%n", inputs.size(), worst);
        assertTrue(worst < TOL, "max abs diff " + worst);
    }
}
