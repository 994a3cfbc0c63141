package org.bert4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForTokenClassification;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.ConllWriter;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.NerTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict ner}: tags sentences, writing CoNLL-format output. */
@Command(name = "ner", mixinStandardHelpOptions = true,
        description = {"Tag named entities. --format conll: a CoNLL-2003 file in, 'token gold guessed' lines out (conlleval input);",
                "--format text: one sentence per line (whitespace-separated words) in, 'token guessed' lines out.",
                "A blank line follows each sentence."})
public final class PredictNerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true) String model;
    @Option(names = "--input", required = true) Path input;
    @Option(names = "--output", required = true) Path output;
    @Option(names = "--format", defaultValue = "conll", description = "conll or text (default: ${DEFAULT-VALUE})") String format;
    @Option(names = "--max-seq-length", defaultValue = "128") int maxSeqLength;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            if (!format.equals("conll") && !format.equals("text")) throw new CommandErrors.UsageException("--format must be conll or text, not " + format);
            FinetuneSupport.requireFile("--input", input);
            Path modelPath = FinetuneSupport.resolveModel(model);
            BertForTokenClassification m = BertForTokenClassification.load(modelPath, null, 0);
            LabelAligner aligner = new LabelAligner(FinetuneSupport.tokenizer(modelPath), maxSeqLength, LabelAligner.Overflow.SPLIT);
            if (format.equals("conll")) {
                List<ConllSentence> sentences = FinetuneNerCommand.readIob2(err, input, 0);
                ConllWriter.write(output, sentences, NerTask.predict(m, aligner, sentences));
                return 0;
            }
            List<ConllSentence> sentences = new ArrayList<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) continue;
                List<String> words = Arrays.asList(line.strip().split("\\s+"));
                List<String> none = Collections.nCopies(words.size(), "O");
                sentences.add(new ConllSentence(words, none, none, none, lineNo));
            }
            List<List<String>> tags = NerTask.predict(m, aligner, sentences);
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (int s = 0; s < sentences.size(); s++) {
                    for (int i = 0; i < sentences.get(s).size(); i++) w.write(sentences.get(s).tokens().get(i) + " " + tags.get(s).get(i) + "\n");
                    w.write("\n");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
            }
            return 0;
        });
    }
}
