package org.bert4j.tasks.pretraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.EncodeOptions;
import org.bert4j.tokenizer.Vocab;

/**
 * Pre-training data as in the paper (§3.1, Appendix A.2): google-research/bert
 * {@code create_pretraining_data.py} {@code create_training_instances}, plus writing and statistics.
 *
 * <ol>
 *   <li>Read the documents ({@link DocumentReader}) one at a time and WordPiece-tokenize their
 *       sentences on all cores, in batches; the text is dropped once tokenized. Google's algorithm
 *       needs every document for its random NotNext picks, so the tokenized corpus is held in memory
 *       as {@code int[]} ids per sentence (4 bytes a token: fine for corpora of a few hundred million
 *       tokens, such as the ones in shared/data).</li>
 *   <li>Shuffle the documents ({@code rng.shuffle(all_documents)}).</li>
 *   <li>{@code dupe_factor} passes over all documents ({@link InstanceCreator}, {@link MaskedLmMasker}),
 *       each with other pairs and masks.</li>
 *   <li>Shuffle all instances ({@code rng.shuffle(instances)}).</li>
 * </ol>
 *
 * <p>Randomness: one {@code java.util.Random(seed)} shuffles the documents, draws one seed per pass
 * and shuffles the instances; each pass has its own {@code Random} from its seed, so passes run in
 * parallel and the output does not depend on the number of threads. Java's streams differ from
 * Python's Mersenne Twister and Google uses one generator for everything, so instances are not
 * byte-identical to Google's; the algorithm and its distributions are.
 */
public final class CreatePretrainingData {
    /** Progress of one phase ("tokenize", "instances", "write"); {@code total} is -1 when unknown. */
    @FunctionalInterface
    public interface Progress {
        void update(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> {};
    }

    /** The output of {@link #createInstances}: instances in their final (shuffled) order, and their statistics. */
    public record Result(List<PretrainingInstance> instances, PretrainingStatistics statistics) {}

    private final BertTokenizer tokenizer;
    private final PretrainingConfig config;
    private final int threads;
    private final EncodeOptions noSpecials = new EncodeOptions(false, 0, null);

    public CreatePretrainingData(BertTokenizer tokenizer, PretrainingConfig config, int threads) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.threads = Math.max(1, threads);
        for (String s : List.of("[CLS]", "[SEP]", "[MASK]")) {
            if (tokenizer.vocab().id(s) < 0) throw new IllegalArgumentException("the vocabulary has no " + s + " token");
        }
    }

    public CreatePretrainingData(BertTokenizer tokenizer, PretrainingConfig config) {
        this(tokenizer, config, Runtime.getRuntime().availableProcessors());
    }

    /** The token ids of a sentence (no special tokens). */
    public int[] tokenize(String sentence) {
        return tokenizer.encode(sentence, null, noSpecials).ids();
    }

    /**
     * Reads and tokenizes the documents of all inputs, in input order; sentences without tokens and
     * documents without sentences are dropped, as Google does.
     */
    public List<int[][]> readDocuments(List<Path> inputs, DocumentReader reader, Progress progress) throws IOException {
        List<int[][]> documents = new ArrayList<>();
        List<List<String>> batch = new ArrayList<>();
        AtomicLong sentences = new AtomicLong();
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            for (Path input : inputs) {
                reader.read(input, doc -> {
                    batch.add(doc);
                    if (batch.size() >= 64) flush(batch, documents, pool, progress);
                });
            }
            flush(batch, documents, pool, progress);
        }
        return documents;
    }

    private void flush(List<List<String>> batch, List<int[][]> documents, ForkJoinPool pool, Progress progress) {
        int[][][] out = new int[batch.size()][][];
        run(pool, () -> IntStream.range(0, batch.size()).parallel().forEach(d -> {
            List<int[]> sents = new ArrayList<>();
            for (String s : batch.get(d)) {
                int[] ids = tokenize(s);
                if (ids.length > 0) sents.add(ids);
            }
            out[d] = sents.toArray(new int[0][]);
        }));
        for (int[][] doc : out) if (doc.length > 0) documents.add(doc);
        batch.clear();
        progress.update("tokenize", documents.size(), -1);
    }

    /** Google's {@code create_training_instances} after reading: shuffle documents, dupe passes, shuffle instances. */
    public Result createInstances(List<int[][]> tokenizedDocuments, Progress progress) {
        if (tokenizedDocuments.isEmpty()) throw new IllegalArgumentException("no documents with text");
        Vocab vocab = tokenizer.vocab();
        boolean[] continuation = new boolean[vocab.size()];
        for (int id = 0; id < continuation.length; id++) {
            String t = vocab.token(id);
            continuation[id] = t != null && t.startsWith("##");
        }
        int cls = vocab.id("[CLS]"), sep = vocab.id("[SEP]"), mask = vocab.id("[MASK]");
        InstanceCreator creator = new InstanceCreator(config, cls, sep, new MaskedLmMasker(config, cls, sep, mask, continuation));

        Random rng = new Random(config.seed());
        List<int[][]> documents = new ArrayList<>(tokenizedDocuments);
        PyRandom.shuffle(documents, rng);
        long[] passSeeds = new long[config.dupeFactor()];
        for (int p = 0; p < passSeeds.length; p++) passSeeds[p] = rng.nextLong();

        @SuppressWarnings("unchecked")
        List<PretrainingInstance>[] perPass = new List[passSeeds.length];
        PretrainingStatistics[] passStats = new PretrainingStatistics[passSeeds.length];
        long total = (long) passSeeds.length * documents.size();
        AtomicLong done = new AtomicLong();
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            run(pool, () -> IntStream.range(0, passSeeds.length).parallel().forEach(p -> {
                Random passRng = new Random(passSeeds[p]);
                PretrainingStatistics stats = new PretrainingStatistics(mask, config.maxSeqLength());
                List<PretrainingInstance> instances = new ArrayList<>();
                for (int d = 0; d < documents.size(); d++) {
                    instances.addAll(creator.fromDocument(documents, d, passRng, stats));
                    long n = done.incrementAndGet();
                    if (n % 256 == 0 || n == total) progress.update("instances", n, total);
                }
                perPass[p] = instances;
                passStats[p] = stats;
            }));
        }
        List<PretrainingInstance> all = new ArrayList<>();
        PretrainingStatistics stats = new PretrainingStatistics(mask, config.maxSeqLength());
        for (int p = 0; p < perPass.length; p++) {
            all.addAll(perPass[p]);
            stats.merge(passStats[p]);
        }
        PyRandom.shuffle(all, rng);
        return new Result(all, stats);
    }

    /**
     * The whole pipeline: read, create, write the shards and {@code stats.json} into {@code outputDir}.
     *
     * @param debugTokens add {@code "tokens"} to JSON lines
     */
    public Result run(List<Path> inputs, DocumentReader reader, Path outputDir, PretrainingDataWriter.Format format,
                      int shardSize, boolean debugTokens, Progress progress) throws IOException {
        List<int[][]> documents = readDocuments(inputs, reader, progress);
        Result result = createInstances(documents, progress);
        Vocab vocab = tokenizer.vocab();
        try (PretrainingDataWriter w = new PretrainingDataWriter(outputDir, format, shardSize, debugTokens ? vocab::token : null)) {
            long n = 0, total = result.instances().size();
            for (PretrainingInstance inst : result.instances()) {
                w.write(inst);
                if (++n % 4096 == 0 || n == total) progress.update("write", n, total);
            }
        }
        var json = result.statistics().toJson();
        json.put("documents", documents.size());
        json.put("seed", config.seed());
        json.put("dupe_factor", config.dupeFactor());
        json.put("whole_word_mask", config.wholeWordMask());
        json.put("masking_ratios", config.ratios().toString());
        Path tmp = outputDir.resolve("stats.json.tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
        Files.move(tmp, outputDir.resolve("stats.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return result;
    }

    private static void run(ForkJoinPool pool, Runnable r) {
        try {
            pool.submit(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
