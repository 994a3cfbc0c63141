package org.bert4j.tasks.classification;

import java.util.List;
import java.util.Locale;

/**
 * The GLUE benchmark tasks (Wang et al. 2018; BERT paper §4.1, Table 1): where their files are,
 * which columns hold what, their labels and their metrics.
 *
 * <p>Column layouts and label lists mirror google-research/bert {@code run_classifier.py}
 * ({@code ColaProcessor}, {@code MrpcProcessor}, {@code MnliProcessor}) and Hugging Face
 * {@code transformers/data/processors/glue.py} ({@code glue_processors}, including {@code "mnli-mm"});
 * the label order is theirs, so label indices match models fine-tuned with either. Metric names are
 * the keys of HF {@code glue_compute_metrics}. {@link #AX} is GLUE's diagnostic set: test only, predicted
 * with an MNLI model (MNLI's labels), scored by the GLUE server with Matthews correlation (R3).
 */
public enum GlueTask {
    COLA("CoLA", "cola", "CoLA", List.of("0", "1"), List.of("mcc"), "mcc", "CoLA.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         // run_classifier.py ColaProcessor: train/dev have no header, text_a = line[3], label = line[1];
         // test has a header "index sentence"
         new Columns(false, 4, Columns.NONE, 3, Columns.NONE, 1),
         Columns.headed(0, 1, Columns.NONE, Columns.NONE)),
    SST2("SST-2", "sst-2", "SST-2", List.of("0", "1"), List.of("acc"), "acc", "SST-2.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         Columns.headed(Columns.NONE, 0, Columns.NONE, 1),
         Columns.headed(0, 1, Columns.NONE, Columns.NONE)),
    MRPC("MRPC", "mrpc", "MRPC", List.of("0", "1"), List.of("acc", "f1", "acc_and_f1"), "f1", "MRPC.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         // "Quality #1 ID #2 ID #1 String #2 String"; test: "index #1 ID #2 ID #1 String #2 String"
         Columns.headed(Columns.NONE, 3, 4, 0),
         Columns.headed(0, 3, 4, Columns.NONE)),
    STSB("STS-B", "sts-b", "STS-B", List.of(), List.of("pearson", "spearmanr", "corr"), "spearmanr", "STS-B.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         // "index genre filename year old_index source1 source2 sentence1 sentence2 score"
         Columns.headed(0, 7, 8, 9),
         Columns.headed(0, 7, 8, Columns.NONE)),
    QQP("QQP", "qqp", "QQP", List.of("0", "1"), List.of("acc", "f1", "acc_and_f1"), "f1", "QQP.tsv",
        "train.tsv", "dev.tsv", "test.tsv",
        // "id qid1 qid2 question1 question2 is_duplicate"; test: "id question1 question2"
        Columns.headed(0, 3, 4, 5),
        Columns.headed(0, 1, 2, Columns.NONE)),
    MNLI("MNLI", "mnli", "MNLI", List.of("contradiction", "entailment", "neutral"), List.of("mnli/acc"), "mnli/acc",
         "MNLI-m.tsv", "train.tsv", "dev_matched.tsv", "test_matched.tsv",
         // "index promptID pairID genre sentence1_binary_parse sentence2_binary_parse sentence1_parse
         //  sentence2_parse sentence1 sentence2 [label1..label5] gold_label": text 8/9, label line[-1]
         Columns.headed(0, 8, 9, Columns.LAST),
         Columns.headed(0, 8, 9, Columns.NONE)),
    /** MNLI evaluated on the mismatched genres (HF {@code "mnli-mm"}); trains on MNLI's train file. */
    MNLI_MM("MNLI-mm", "mnli-mm", "MNLI", List.of("contradiction", "entailment", "neutral"), List.of("mnli-mm/acc"),
            "mnli-mm/acc", "MNLI-mm.tsv", "train.tsv", "dev_mismatched.tsv", "test_mismatched.tsv",
            Columns.headed(0, 8, 9, Columns.LAST),
            Columns.headed(0, 8, 9, Columns.NONE)),
    QNLI("QNLI", "qnli", "QNLI", List.of("entailment", "not_entailment"), List.of("acc"), "acc", "QNLI.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         Columns.headed(0, 1, 2, 3),
         Columns.headed(0, 1, 2, Columns.NONE)),
    RTE("RTE", "rte", "RTE", List.of("entailment", "not_entailment"), List.of("acc"), "acc", "RTE.tsv",
        "train.tsv", "dev.tsv", "test.tsv",
        Columns.headed(0, 1, 2, 3),
        Columns.headed(0, 1, 2, Columns.NONE)),
    WNLI("WNLI", "wnli", "WNLI", List.of("0", "1"), List.of("acc"), "acc", "WNLI.tsv",
         "train.tsv", "dev.tsv", "test.tsv",
         Columns.headed(0, 1, 2, 3),
         Columns.headed(0, 1, 2, Columns.NONE)),
    /** GLUE's diagnostic dataset ({@code diagnostic/diagnostic.tsv}: "index sentence1 sentence2"), test only. */
    AX("AX", "ax", "diagnostic", List.of("contradiction", "entailment", "neutral"), List.of("mcc"), "mcc", "AX.tsv",
       null, null, "diagnostic.tsv",
       null,
       Columns.headed(0, 1, 2, Columns.NONE));

    private final String displayName;
    private final String id;
    private final String directory;
    private final List<String> labels;
    private final List<String> metrics;
    private final String primaryMetric;
    private final String submissionFileName;
    private final String trainFile, devFile, testFile;
    private final Columns labeled, test;

    GlueTask(String displayName, String id, String directory, List<String> labels, List<String> metrics,
             String primaryMetric, String submissionFileName, String trainFile, String devFile, String testFile,
             Columns labeled, Columns test) {
        this.displayName = displayName;
        this.id = id;
        this.directory = directory;
        this.labels = labels;
        this.metrics = metrics;
        this.primaryMetric = primaryMetric;
        this.submissionFileName = submissionFileName;
        this.trainFile = trainFile;
        this.devFile = devFile;
        this.testFile = testFile;
        this.labeled = labeled;
        this.test = test;
    }

    /** GLUE's spelling: {@code "CoLA"}, {@code "SST-2"}, {@code "MNLI-mm"}. */
    public String displayName() { return displayName; }

    /** Hugging Face's task name ({@code glue_processors} key): {@code "cola"}, {@code "sts-b"}, {@code "mnli-mm"}. */
    public String id() { return id; }

    /** The task's folder in the output of {@code download_glue_data.py} ({@code MNLI} for both MNLI tasks). */
    public String directory() { return directory; }

    /** The labels in index order (as run_classifier.py's {@code get_labels}); empty for the regression task STS-B. */
    public List<String> labels() { return labels; }

    public LabelSet labelSet() { return labels.isEmpty() ? LabelSet.regression() : LabelSet.of(labels); }

    public boolean isRegression() { return labels.isEmpty(); }

    /** Whether examples are sentence pairs. */
    public boolean isPair() { return test.textB() != Columns.NONE; }

    /** Whether the task has training and development files (false for {@link #AX}). */
    public boolean hasLabeledData() { return labeled != null; }

    /** The metric names {@link GlueMetrics#compute} returns, in order (HF {@code glue_compute_metrics} keys). */
    public List<String> metrics() { return metrics; }

    /** The metric the BERT paper's Table 1 reports for this task (F1 for MRPC/QQP, Spearman for STS-B). */
    public String primaryMetric() { return primaryMetric; }

    /** The file name the GLUE submission zip expects for this task's test predictions. */
    public String submissionFileName() { return submissionFileName; }

    /** The file of a split inside {@link #directory()}. */
    public String fileName(Split split) {
        String f = switch (split) {
            case TRAIN -> trainFile;
            case DEV -> devFile;
            case TEST -> testFile;
        };
        if (f == null) throw new IllegalArgumentException(displayName + " has no " + split.prefix() + " data (test only)");
        return f;
    }

    /** The column layout of a split's file. */
    public Columns columns(Split split) {
        if (split == Split.TEST) return test;
        if (labeled == null) throw new IllegalArgumentException(displayName + " has no " + split.prefix() + " data (test only)");
        return labeled;
    }

    /** Parses GLUE or HF spellings, case-insensitive: {@code CoLA}, {@code sst-2}, {@code sst2}, {@code STS-B}, {@code mnli-mm}, {@code mnli_mismatched}. */
    public static GlueTask parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "-");
        for (GlueTask t : values()) {
            if (t.id.equals(n) || t.id.replace("-", "").equals(n.replace("-", ""))) return t;
        }
        return switch (n) {
            case "mnli-m", "mnli-matched" -> MNLI;
            case "mnli-mismatched" -> MNLI_MM;
            case "diagnostic" -> AX;
            default -> throw new IllegalArgumentException("unknown GLUE task '" + name + "': use one of "
                + java.util.Arrays.stream(values()).map(GlueTask::id).toList());
        };
    }
}
