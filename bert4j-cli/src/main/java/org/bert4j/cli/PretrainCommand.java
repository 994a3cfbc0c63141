package org.bert4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.heads.MaskedLmHead;
import org.bert4j.heads.NextSentenceHead;
import org.bert4j.hub.ModelHub;
import org.bert4j.model.BertConfig;
import org.bert4j.model.BertModels;
import org.bert4j.model.Init;
import org.bert4j.optim.AdamW;
import org.bert4j.optim.BertAdam;
import org.bert4j.optim.Lamb;
import org.bert4j.optim.Optimizer;
import org.bert4j.optim.WeightDecayExclusion;
import org.bert4j.tasks.pretraining.DynamicMasking;
import org.bert4j.tasks.pretraining.MaskingRatios;
import org.bert4j.tasks.pretraining.PretrainingDataReader;
import org.bert4j.tasks.pretraining.PretrainingInstance;
import org.bert4j.tasks.pretraining.PretrainingObjective;
import org.bert4j.tasks.pretraining.PretrainingTask;
import org.bert4j.tensor.Parallel;
import org.bert4j.tokenizer.Vocab;
import org.bert4j.train.BatchSampler;
import org.bert4j.train.Checkpoints;
import org.bert4j.train.TrainConfig;
import org.bert4j.train.TrainResult;
import org.bert4j.train.Trainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bert4j pretrain}: google-research/bert {@code run_pretraining.py} on the {@link Trainer}.
 * Trains a new model ({@code --config}) or continues one ({@code --init}) on instances from
 * {@code create-pretraining-data} (shards or JSON lines with Google's feature names), writing
 * {@code OUT/metrics.jsonl}, {@code OUT/checkpoint-N/}, the curves and {@code OUT/final/}
 * (a Hugging Face {@code BertForPreTraining} folder plus the optimizer state).
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Pre-train BERT (masked LM + next sentence prediction, paper §3.1) on data from create-pretraining-data.",
                   "Writes OUT/metrics.jsonl (one line per step), OUT/checkpoint-N/, OUT/curves.png and OUT/final/ "
                   + "(config.json, vocab.txt, model.safetensors, optimizer.safetensors)."})
final class PretrainCommand implements Callable<Integer> {

    static final class Start {
        @Option(names = "--init", paramLabel = "MODEL", description = "Continue pre-training this model (name or folder).")
        String init;

        @Option(names = "--config", paramLabel = "FILE", description = "Train a new model with this config.json.")
        Path config;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Start start;

    @Option(names = "--vocab", paramLabel = "FILE", description = "vocab.txt (default with --init: the model's).")
    Path vocab;

    @Option(names = "--data", required = true, paramLabel = "FILE_OR_DIR", description = "Training instances: part-*.b4pt / part-*.jsonl shards or one file.")
    Path data;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "Run folder.")
    Path output;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "N", description = "Optimizer steps. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B", description = "Sequences per micro-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "LR", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--warmup-steps", paramLabel = "W", description = "Warm-up steps. Default: 10%% of --steps.")
    Long warmupSteps;

    @Option(names = "--lr-schedule", defaultValue = "linear", paramLabel = "S",
        description = "linear (warm-up then linear decay), constant, constant_with_warmup, cosine, polynomial[:p], google. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--optimizer", defaultValue = "adamw", paramLabel = "O",
        description = "adamw (torch.optim.AdamW), bert-adam (Google's, no bias correction) or lamb. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--adam-epsilon", defaultValue = "1e-6", paramLabel = "E", description = "Default: ${DEFAULT-VALUE}.")
    double adamEpsilon;

    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "WD",
        description = "Decoupled weight decay, not on LayerNorm or bias. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--max-grad-norm", defaultValue = "1.0", paramLabel = "C", description = "Global-norm clipping; 0 disables. Default: ${DEFAULT-VALUE}.")
    double maxGradNorm;

    @Option(names = "--dropout", paramLabel = "P", description = "Hidden and attention dropout (default: the config's).")
    Float dropout;

    @Option(names = "--no-shuffle", description = "Batches in file order.")
    boolean noShuffle;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of initialization, shuffling, dropout and masking. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--save-every", defaultValue = "0", paramLabel = "K", description = "Checkpoint every K steps (0: at the end only).")
    long saveEvery;

    @Option(names = "--keep-checkpoints", defaultValue = "2", paramLabel = "N", description = "Checkpoints kept. Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue from a checkpoint-N folder or a run folder (its newest checkpoint).")
    Path resume;

    @Option(names = "--objective", defaultValue = "mlm+nsp", paramLabel = "O",
        description = "mlm+nsp (BERT), mlm (no NSP) or ltr (left-to-right LM, no NSP; the model is saved with "
                    + "\"is_decoder\": true and stays causal in fine-tuning and inference). Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--dynamic-masking", description = "Fresh masks every time an instance is used (seeded), instead of the stored ones.")
    boolean dynamicMasking;

    @Option(names = "--mask-ratios", paramLabel = "MASK,SAME,RND",
            description = "With --dynamic-masking: what a token chosen for prediction becomes, in percent: [MASK], itself, "
                    + "a random token (the paper's Table 8; default 80,10,10). Without it the data's own masks are used "
                    + "(set them with create-pretraining-data --mask-ratios).")
    String maskRatios;

    @Option(names = "--eval-data", paramLabel = "FILE_OR_DIR", description = "Held-back instances: MLM accuracy, perplexity, NSP accuracy.")
    Path evalData;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N", description = "Evaluate every N steps (0: at the end only).")
    long evalEvery;

    @Option(names = "--max-seq-length", paramLabel = "N",
        description = "Longest instance allowed (128 for phase 1, 512 for phase 2). Default: the model's max_position_embeddings.")
    Integer maxSeqLength;

    @Option(names = "--gradient-accumulation", defaultValue = "1", paramLabel = "K", description = "Micro-batches per optimizer step. Default: ${DEFAULT-VALUE}.")
    int gradientAccumulation;

    @Option(names = "--eval-at-start", description = "Also evaluate the held-back data before the first step (logged as step 0): the \"before\" of continued pre-training.")
    boolean evalAtStart;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all cores).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PretrainingObjective obj;
        try {
            obj = PretrainingObjective.parse(objective);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Main.EXIT_USAGE);
        }
        if (steps <= 0) throw new UserException("--steps must be positive, got " + steps, Main.EXIT_USAGE);
        if (batchSize <= 0) throw new UserException("--batch-size must be positive, got " + batchSize, Main.EXIT_USAGE);
        if (gradientAccumulation <= 0) throw new UserException("--gradient-accumulation must be positive", Main.EXIT_USAGE);
        if (dynamicMasking && obj == PretrainingObjective.LTR) throw new UserException("--dynamic-masking does not apply to --objective ltr", Main.EXIT_USAGE);
        MaskingRatios ratios = MaskingRatios.BERT;
        if (maskRatios != null) {
            if (!dynamicMasking) {
                throw new UserException("--mask-ratios needs --dynamic-masking (the stored masks were drawn when the data was made: "
                        + "use create-pretraining-data --mask-ratios for those)", Main.EXIT_USAGE);
            }
            try {
                ratios = MaskingRatios.parse(maskRatios);
            } catch (IllegalArgumentException e) {
                throw new UserException("--mask-ratios: " + e.getMessage(), Main.EXIT_USAGE);
            }
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1)) throw new UserException("--dropout must be in [0, 1), got " + dropout, Main.EXIT_USAGE);

        Path initDir = start.init == null ? null : ModelHub.defaults().resolve(start.init);
        Path vocabFile = vocab != null ? vocab : initDir != null && Files.isDirectory(initDir) ? initDir.resolve("vocab.txt") : null;
        if (vocabFile == null) throw new UserException("--vocab is required with --config", Main.EXIT_USAGE);
        if (!Files.isRegularFile(vocabFile)) throw new UserException("vocabulary not found: " + vocabFile);
        Vocab v = Vocab.load(vocabFile);

        BertForPreTraining model = initDir != null ? loadModel(initDir, obj) : newModel(obj);
        BertConfig config = model.config();
        if (v.size() > config.vocabSize()) {
            throw new UserException("the vocabulary has " + v.size() + " tokens, the model's vocab_size is " + config.vocabSize());
        }
        int maxLen = maxSeqLength != null ? maxSeqLength : config.maxPositionEmbeddings();
        if (maxLen > config.maxPositionEmbeddings()) {
            throw new UserException("--max-seq-length " + maxLen + " exceeds the model's max_position_embeddings " + config.maxPositionEmbeddings());
        }
        List<PretrainingInstance> train = read(data, config, maxLen, "--data");
        List<PretrainingInstance> eval = evalData == null ? List.of() : read(evalData, config, maxLen, "--eval-data");
        int padId = Math.max(0, v.id("[PAD]"));
        DynamicMasking dyn = null;
        if (dynamicMasking) {
            int maxPred = 1;
            for (PretrainingInstance in : train) maxPred = Math.max(maxPred, in.maskedLmPositions().length);
            dyn = new DynamicMasking(v, 0.15, maxPred, false, ratios);
        }
        PretrainingTask task = new PretrainingTask(model, train, eval, obj, dyn, padId, Math.max(batchSize, 32));
        BatchSampler sampler = new BatchSampler(task.lengths(), batchSize, seed, !noShuffle, noShuffle ? 1 : 50, false);
        long warmup = warmupSteps != null ? warmupSteps : steps / 10;
        TrainConfig tc = new TrainConfig(steps, gradientAccumulation, maxGradNorm, schedule, lr, warmup, evalEvery, saveEvery,
                keepCheckpoints, seed, eval.isEmpty() ? null : "mlm_accuracy", true, true);
        Trainer<List<PretrainingInstance>> trainer = new Trainer<>(task, sampler, optimizer(), tc, output);
        if (!quiet) trainer.addListener(new ConsoleProgress("pretrain"));
        if (evalAtStart) {
            if (eval.isEmpty()) throw new UserException("--eval-at-start needs --eval-data", Main.EXIT_USAGE);
            trainer.evaluateAtStart(true);
        }
        if (resume != null) {
            if (!Files.exists(resume)) throw new UserException("--resume: " + resume + " does not exist");
            trainer.resume(resume);
            System.err.println("resumed from " + resume + " at step " + trainer.step());
        }
        long startStep = trainer.step();
        long t0 = System.nanoTime();
        TrainResult result = threads != null ? Parallel.withThreads(threads, trainer::run) : trainer.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (result.diverged()) throw new UserException("training stopped: " + result.stopReason());

        Path fin = output.resolve("final");
        model.save(fin, vocabFile);
        if (result.lastCheckpoint() != null) {
            for (String f : List.of(Checkpoints.OPTIMIZER, Checkpoints.STATE)) {
                Files.copy(result.lastCheckpoint().resolve(f), fin.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        double meanLen = 0;
        for (PretrainingInstance in : train) meanLen += in.length();
        meanLen /= train.size();
        long sequences = (result.steps() - startStep) * (long) batchSize * gradientAccumulation;
        System.err.printf(Locale.ROOT, "%d steps in %.1f s: %.2f steps/s, %.1f sequences/s, about %.0f tokens/s%n",
                result.steps() - startStep, seconds, (result.steps() - startStep) / seconds, sequences / seconds, sequences * meanLen / seconds);
        if (!result.lastEval().isEmpty()) {
            StringBuilder s = new StringBuilder("held-back:");
            result.lastEval().forEach((k, x) -> s.append(String.format(Locale.ROOT, " %s=%.4f", k, x)));
            System.err.println(s);
        }
        System.err.println("wrote " + fin);
        return 0;
    }

    private BertConfig withDropout(BertConfig c) {
        return dropout == null ? c : c.withDropout(dropout, dropout);
    }

    /**
     * The left-to-right objective makes the model a decoder ({@code is_decoder} in the saved config.json, so
     * fine-tuning and inference keep its causal attention, as the paper's §5.1 does); a decoder cannot
     * be trained with the bidirectional objectives.
     */
    private static BertConfig forObjective(BertConfig c, PretrainingObjective obj, Object source) {
        if (obj == PretrainingObjective.LTR) return c.withDecoder(true);
        if (c.isDecoder()) {
            throw new UserException(source + " is a left-to-right model (\"is_decoder\": true in its config.json); --objective "
                    + obj.cliName() + " needs a bidirectional one: use --objective ltr, "
                    + "or a config.json without is_decoder", Main.EXIT_USAGE);
        }
        return c;
    }

    /** A new model from {@code --config}, initialized as BERT's (truncated normal, seeded); no NSP head unless the objective trains it. */
    private BertForPreTraining newModel(PretrainingObjective obj) {
        if (!Files.isRegularFile(start.config)) throw new UserException("config not found: " + start.config);
        BertConfig c = forObjective(withDropout(BertConfig.fromJson(start.config)), obj, start.config);
        BertForPreTraining full = BertForPreTraining.create(c);
        BertForPreTraining m = obj.nsp() ? full : new BertForPreTraining(full.bert, full.mlm, null);
        Init.normal(m.params(), c.initializerRange(), new SplittableRandom(seed));
        return m;
    }

    /** A checkpoint to continue from; a missing MLM head (or NSP head, if trained) is added, freshly initialized. */
    private BertForPreTraining loadModel(Path dir, PretrainingObjective obj) {
        try (TensorSource weights = BertModels.openWeights(dir)) {
            BertConfig c = forObjective(withDropout(BertModels.config(dir, weights)), obj, dir);
            BertForPreTraining m = BertForPreTraining.load(weights, c);
            MaskedLmHead mlm = m.mlm;
            NextSentenceHead nsp = m.nsp;
            SplittableRandom rng = new SplittableRandom(seed);
            if (mlm == null) {
                mlm = new MaskedLmHead(c, m.bert.embeddings.wordEmbeddings);
                List<org.bert4j.nn.Param> own = mlm.params().stream().filter(p -> p != m.bert.embeddings.wordEmbeddings).toList();
                Init.normal(own, c.initializerRange(), rng);
                System.err.println(dir + " has no masked-LM head: starting a new one");
            }
            if (nsp == null && obj.nsp()) {
                if (m.bert.pooler == null) throw new UserException(dir + " has no pooler, which next sentence prediction needs; use --objective mlm");
                nsp = new NextSentenceHead(c);
                Init.normal(nsp.params(), c.initializerRange(), rng);
                System.err.println(dir + " has no next-sentence head: starting a new one");
            }
            return new BertForPreTraining(m.bert, mlm, nsp);
        }
    }

    private Optimizer optimizer() {
        WeightDecayExclusion ex = WeightDecayExclusion.google();
        return switch (optimizer) {
            case "adamw" -> new AdamW(0.9, 0.999, adamEpsilon, weightDecay, ex);
            case "bert-adam" -> new BertAdam(0.9, 0.999, adamEpsilon, weightDecay, ex);
            case "lamb" -> new Lamb(0.9, 0.999, adamEpsilon, weightDecay, ex, false);
            default -> throw new UserException("--optimizer must be adamw, bert-adam or lamb, got " + optimizer, Main.EXIT_USAGE);
        };
    }

    /** Reads instances, checking lengths and ids against the model. */
    private static List<PretrainingInstance> read(Path path, BertConfig config, int maxLen, String flag) throws IOException {
        List<PretrainingInstance> all;
        try {
            all = new PretrainingDataReader(path).readAll();
        } catch (java.io.UncheckedIOException e) {
            throw new UserException(flag + " " + e.getMessage());
        }
        if (all.isEmpty()) throw new UserException(flag + " " + path + " holds no instances");
        for (int i = 0; i < all.size(); i++) {
            PretrainingInstance in = all.get(i);
            if (in.length() > maxLen) {
                throw new UserException(flag + " " + path + ": instance " + i + " has " + in.length() + " tokens, more than --max-seq-length " + maxLen);
            }
            for (int[] ids : List.of(in.inputIds(), in.maskedLmIds())) {
                for (int id : ids) {
                    if (id < 0 || id >= config.vocabSize()) {
                        throw new UserException(flag + " " + path + ": instance " + i + " has token id " + id + ", outside the model's vocab_size " + config.vocabSize());
                    }
                }
            }
            for (int s : in.segmentIds()) {
                if (s < 0 || s >= config.typeVocabSize()) throw new UserException(flag + " " + path + ": instance " + i + " has segment id " + s);
            }
        }
        return all;
    }
}
