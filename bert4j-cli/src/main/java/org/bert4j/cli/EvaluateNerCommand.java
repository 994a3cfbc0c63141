package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForTokenClassification;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.ConllWriter;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.NerTask;
import org.bert4j.tasks.ner.SpanF1;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate ner}: entity-level precision, recall and F1 (conlleval) of a fine-tuned model. */
@Command(name = "ner", mixinStandardHelpOptions = true,
        description = {"Evaluate an NER model on a CoNLL file: conlleval's report, or with --json",
                "{\"precision\": ..., \"recall\": ..., \"f1\": ..., \"per_type\": {\"LOC\": {...}, ...}} (x100)."})
public final class EvaluateNerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true) String model;
    @Option(names = "--eval-file", required = true) Path evalFile;
    @Option(names = "--max-seq-length", defaultValue = "128") int maxSeqLength;
    @Option(names = "--max-eval-sentences", defaultValue = "0") int maxEval;
    @Option(names = "--output", description = "also write token gold guessed lines (conlleval input) here") Path output;
    @Option(names = "--json") boolean json;

    static Map<String, Object> scores(SpanF1.Score s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("f1", s.f1());
        return m;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            FinetuneSupport.requireFile("--eval-file", evalFile);
            Path modelPath = FinetuneSupport.resolveModel(model);
            List<ConllSentence> sentences = FinetuneNerCommand.readIob2(err, evalFile, maxEval);
            BertForTokenClassification m = BertForTokenClassification.load(modelPath, null, 0);
            LabelAligner aligner = new LabelAligner(FinetuneSupport.tokenizer(modelPath), maxSeqLength, LabelAligner.Overflow.SPLIT);
            List<List<String>> predicted = NerTask.predict(m, aligner, sentences);
            if (output != null) ConllWriter.write(output, sentences, predicted);
            SpanF1 f1 = NerTask.score(sentences, predicted);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = scores(f1.overall());
                Map<String, Object> perType = new LinkedHashMap<>();
                f1.byType().forEach((t, s) -> perType.put(t, scores(s)));
                o.put("per_type", perType);
                out.println(new ObjectMapper().writeValueAsString(o));
            } else {
                out.print(f1.report());
            }
            out.flush();
            return 0;
        });
    }
}
