package org.bert4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForQuestionAnswering;
import org.bert4j.tasks.squad.SquadDecoder;
import org.bert4j.tasks.squad.SquadExample;
import org.bert4j.tasks.squad.SquadFeatures;
import org.bert4j.tasks.squad.SquadPrediction;
import org.bert4j.tasks.squad.SquadTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict squad}: answers for question/passage pairs. */
@Command(name = "squad", mixinStandardHelpOptions = true,
        description = {"Answer questions about passages. Input JSONL: {\"question\": ..., \"context\": ..., \"id\": ... (optional)}.",
                "Output JSONL, one line per input: {\"id\", \"question\", \"answer\", \"probability\", \"nbest\": [{\"text\", \"probability\"}, ...]}."})
public final class PredictSquadCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true) String model;
    @Option(names = "--input", defaultValue = "-", description = "JSONL file, - for standard input (default)") String input;
    @Option(names = "--output", description = "JSONL file (default: standard output)") Path output;
    @Option(names = "--max-seq-length", defaultValue = "384") int maxSeqLength;
    @Option(names = "--doc-stride", defaultValue = "128") int docStride;
    @Option(names = "--max-query-length", defaultValue = "64") int maxQueryLength;
    @Option(names = "--n-best-size", defaultValue = "5") int nBestSize;
    @Option(names = "--max-answer-length", defaultValue = "30") int maxAnswerLength;
    @Option(names = "--version-2-with-negative", description = "allow the empty answer") boolean v2;
    @Option(names = "--null-score-diff-threshold", defaultValue = "0.0") double nullThreshold;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return CommandErrors.run(err, () -> {
            if (!input.equals("-")) FinetuneSupport.requireFile("--input", Path.of(input));
            ObjectMapper json = new ObjectMapper();
            List<SquadExample> examples = new ArrayList<>();
            try (BufferedReader in = input.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
                int lineNo = 0;
                for (String line; (line = in.readLine()) != null; ) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    JsonNode n;
                    try {
                        n = json.readTree(line);
                    } catch (java.io.IOException e) {
                        throw new CommandErrors.UsageException(input + ":" + lineNo + ": not JSON: " + e.getMessage());
                    }
                    if (!n.path("question").isTextual() || !n.path("context").isTextual()) {
                        throw new CommandErrors.UsageException(input + ":" + lineNo + ": needs \"question\" and \"context\" strings");
                    }
                    String id = n.has("id") ? n.get("id").asText() : Integer.toString(lineNo);
                    examples.add(new SquadExample(id, "", 0, n.get("question").asText(), n.get("context").asText(), List.of(), false));
                }
            }
            Path modelPath = FinetuneSupport.resolveModel(model);
            BertForQuestionAnswering qa = BertForQuestionAnswering.load(modelPath, 0);
            var features = new SquadFeatures(FinetuneSupport.tokenizer(modelPath), new SquadFeatures.Config(maxSeqLength, docStride, maxQueryLength))
                    .build(examples, false).features();
            Map<String, SquadPrediction> predictions = SquadTask.predict(qa, examples, features,
                    new SquadDecoder.Config(nBestSize, maxAnswerLength, v2, nullThreshold), SquadTask.PREDICT_BATCH);
            try (Writer w = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                PrintWriter out = w == null ? spec.commandLine().getOut() : new PrintWriter(w);
                for (SquadExample e : examples) {
                    SquadPrediction p = predictions.get(e.id());
                    ObjectNode o = json.createObjectNode();
                    o.put("id", e.id());
                    o.put("question", e.question());
                    o.put("answer", p == null ? "" : p.text());
                    var nbest = o.putArray("nbest");
                    double prob = 0;
                    if (p != null) {
                        for (SquadPrediction.Entry en : p.nbest()) {
                            if (en.text().equals(p.text()) && prob == 0) prob = en.probability();
                            nbest.addObject().put("text", en.text()).put("probability", en.probability());
                        }
                    }
                    o.put("probability", prob);
                    out.println(json.writeValueAsString(o));
                }
                out.flush();
            }
            return 0;
        });
    }
}
