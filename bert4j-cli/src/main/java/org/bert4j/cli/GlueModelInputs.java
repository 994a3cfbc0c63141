package org.bert4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bert4j.tasks.classification.ClassificationFeatures;
import org.bert4j.tasks.classification.ClassifierModel;
import org.bert4j.tasks.classification.DataFormatException;
import org.bert4j.tasks.classification.Example;
import org.bert4j.tasks.classification.Feature;
import org.bert4j.tasks.classification.GlueReader;
import org.bert4j.tasks.classification.GlueTask;
import org.bert4j.tasks.classification.Split;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.Tokenizers;

/** What evaluate glue and predict glue share: the fine-tuned model, its tokenizer, and reading examples. */
final class GlueModelInputs {
    final GlueTask glue; // null for own data
    final ClassifierModel model;
    final BertTokenizer tokenizer;

    private GlueModelInputs(GlueTask glue, ClassifierModel model, BertTokenizer tokenizer) {
        this.glue = glue;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads {@code --model} (a fine-tuned folder) for {@code --task}; a GLUE task's labels must be the model's. */
    static GlueModelInputs load(String task, String modelArgument, OwnDataOptions own) {
        GlueTask glue = FinetuneGlueCommand.glueTaskOrNull(task);
        if (glue == null && !own.given()) {
            throw new CommandErrors.UsageException("unknown GLUE task '" + task + "' (pass --format for your own data)");
        }
        Path path = ConsoleDownloads.hub().resolve(modelArgument);
        ClassifierModel model = ClassifierModel.loadFineTuned(path, glue == null ? null : glue.labelSet());
        if (glue != null && !own.given() && !glue.labelSet().equals(model.labels())) {
            throw new CommandErrors.UsageException("the model " + path + " was fine-tuned with labels " + model.labels().labels()
                    + (model.finetuningTask() == null ? "" : " (task " + model.finetuningTask() + ")") + ", but " + glue.displayName()
                    + " has labels " + glue.labelSet().labels());
        }
        if (own.given() && own.regression != model.labels().isRegression()) {
            throw new CommandErrors.UsageException("the model is a " + (model.labels().isRegression() ? "regression" : "classification")
                    + " model; " + (own.regression ? "drop" : "add") + " --regression");
        }
        GlueTask metricsTask = glue != null && glue.labelSet().equals(model.labels()) ? glue : null;
        return new GlueModelInputs(metricsTask, model, Tokenizers.load(path, null));
    }

    /** Labeled examples of an evaluation file; labels outside the model's label set fail naming them. */
    List<Example> readLabeled(Path file, OwnDataOptions own) {
        requireFile(file, "--eval-file");
        try {
            List<Example> examples;
            if (own.given()) {
                examples = own.reader().read(file, Split.DEV);
            } else if (glue != null) {
                examples = GlueReader.read(glue, file, Split.DEV);
            } else {
                throw new CommandErrors.UsageException("pass --format to read your own data");
            }
            model.labels().check(examples, file.toString());
            for (Example e : examples) {
                if (!e.hasLabel() && !e.hasScore()) throw new CommandErrors.UsageException(file + ": example " + e.guid() + " has no label");
            }
            return examples;
        } catch (DataFormatException e) {
            throw new CommandErrors.UsageException(e.getMessage());
        }
    }

    /**
     * The examples of a file to predict: a GLUE task's test file ({@code index} and texts), or a
     * labeled train/dev file of the task (its labels are ignored); own data with {@code --format}.
     */
    List<Example> readAny(Path file, OwnDataOptions own) {
        requireFile(file, "--input");
        try {
            if (own.given()) return own.reader().read(file, Split.TEST);
            if (glue == null) throw new CommandErrors.UsageException("pass --format to read your own data");
            try {
                return GlueReader.read(glue, file, Split.DEV);
            } catch (DataFormatException | IllegalArgumentException notLabeled) {
                return GlueReader.read(glue, file, Split.TEST);
            }
        } catch (DataFormatException e) {
            throw new CommandErrors.UsageException(e.getMessage());
        }
    }

    List<Feature> encode(List<Example> examples, int maxSeqLength) {
        int len = Math.min(maxSeqLength, model.config().maxPositionEmbeddings());
        return ClassificationFeatures.encode(tokenizer, examples, len, model.labels());
    }

    private static void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) throw new CommandErrors.UsageException(option + " " + file + " does not exist");
    }
}
