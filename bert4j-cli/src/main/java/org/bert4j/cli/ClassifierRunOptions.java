package org.bert4j.cli;

import java.util.List;
import org.bert4j.tasks.classification.ClassifierEvaluation;
import org.bert4j.tasks.classification.Feature;
import org.bert4j.tensor.Parallel;
import picocli.CommandLine.Option;

/** The options `evaluate glue` and `predict glue` share, and the batched run they both make. */
final class ClassifierRunOptions {
    @Option(names = "--max-seq-length", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
    int maxSeqLength;

    @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads (default: all cores)")
    int threads;

    void validate() {
        if (batchSize <= 0 || maxSeqLength < 3 || threads < 0) {
            throw new CommandErrors.UsageException("--batch-size, --max-seq-length and --threads must be positive");
        }
    }

    /** Encodes the examples and runs the model over them in batches on the chosen threads. */
    ClassifierEvaluation.Result run(GlueModelInputs in, List<org.bert4j.tasks.classification.Example> examples) {
        List<Feature> features = in.encode(examples, maxSeqLength);
        return Parallel.withThreads(threads > 0 ? threads : Parallel.maxThreads(),
            () -> ClassifierEvaluation.evaluate(in.model, features, in.glue, batchSize, in.tokenizer.padId()));
    }
}
