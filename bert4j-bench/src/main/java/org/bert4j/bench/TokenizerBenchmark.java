package org.bert4j.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Encoding;

/**
 * Tokens per second of bert4j's tokenizer and Hugging Face tokenizers (Rust, through DJL's JNI
 * binding), on the same texts, in the same process, alternating rounds; prints each side's median
 * and the ratio with its spread.
 *
 * <p>Usage: {@code TokenizerBenchmark SHARED_DIR [ROUNDS]}. One thread: bert4j's {@code encode}
 * in a loop vs tokenizers' {@code encode} per text. All cores: bert4j's {@code encodeBatch} vs
 * tokenizers' {@code batchEncode} (rayon). Both produce ids, type ids, offsets and tokens.
 */
public final class TokenizerBenchmark {
    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> texts = corpus(shared);
        long chars = texts.stream().mapToLong(String::length).sum();
        Path vocab = shared.resolve("data/bert-vocab/bert-base-uncased-vocab.txt");
        BertTokenizer ours = BertTokenizer.fromVocab(vocab, true);
        Path json = Files.createTempFile("bert4j-bench", ".json");
        ours.saveTokenizerJson(json);
        System.out.printf("corpus: %d texts, %.1f M chars (SOTU paragraphs, WikiText-2 test, SST-2 train); %d cores%n",
            texts.size(), chars / 1e6, Runtime.getRuntime().availableProcessors());
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json)
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            String[] array = texts.toArray(new String[0]);
            // warm-up both, and check they agree
            long tokens = 0;
            for (int i = 0; i < 2; i++) {
                tokens = 0;
                for (Encoding e : ours.encodeBatch(texts, null, EncodeOptions.DEFAULT)) tokens += e.length();
                long hfTokens = 0;
                for (var e : hf.batchEncode(array)) hfTokens += e.getIds().length;
                if (hfTokens != tokens) throw new IllegalStateException("token counts differ: " + tokens + " vs " + hfTokens);
            }
            System.out.printf("tokens per pass: %d%n%n", tokens);
            double[] ours1 = new double[rounds], hf1 = new double[rounds], oursN = new double[rounds], hfN = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (String t : texts) ours.encode(t);
                ours1[r] = tokens / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                for (String t : texts) hf.encode(t);
                hf1[r] = tokens / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                ours.encodeBatch(texts, null, EncodeOptions.DEFAULT);
                oursN[r] = tokens / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                hf.batchEncode(array);
                hfN[r] = tokens / ((System.nanoTime() - t0) / 1e9);
            }
            report("1 thread ", ours1, hf1);
            report("all cores", oursN, hfN);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static void report(String label, double[] ours, double[] hf) {
        double[] ratio = new double[ours.length];
        for (int i = 0; i < ours.length; i++) ratio[i] = ours[i] / hf[i];
        System.out.printf("%s  bert4j %.2f M tokens/s   HF tokenizers %.2f M tokens/s   ratio %.2fx (min %.2f, max %.2f over %d rounds)%n",
            label, median(ours) / 1e6, median(hf) / 1e6, median(ratio), Arrays.stream(ratio).min().orElse(0),
            Arrays.stream(ratio).max().orElse(0), ours.length);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static List<String> corpus(Path shared) throws IOException {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(shared.resolve("data/sotu/sotu_1790-2011.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                for (String sentence : json.readTree(line).path("text").asText().split("(?<=[.!?]) +")) {
                    if (!sentence.isBlank()) out.add(sentence);
                }
            }
        }
        for (String line : Files.readAllLines(shared.resolve("data/wikitext-2-raw/wiki.test.raw"))) if (!line.isBlank()) out.add(line);
        List<String> sst = Files.readAllLines(shared.resolve("data/glue/SST-2/train.tsv"));
        for (int i = 1; i < sst.size(); i++) out.add(sst.get(i).split("\t")[0]);
        return out;
    }

}
