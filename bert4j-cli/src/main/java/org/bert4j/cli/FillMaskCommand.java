package org.bert4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.inference.FillMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bert4j fill-mask}: the most likely tokens for each [MASK] in each text (the MLM task). */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Predict the tokens hidden by [MASK] in each TEXT (BERT's masked language model).")
public final class FillMaskCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "model name or folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--top-k", defaultValue = "5", description = "predictions per mask (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--hidden-act", description = "override the activation: gelu (exact, as Hugging Face), gelu_tanh (as Google's TF code), relu")
    String hiddenAct;

    @Option(names = "--json", description = "print one JSON object per TEXT")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "texts with one or more [MASK] tokens")
    List<String> texts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            if (topK < 1) throw new CommandErrors.UsageException("--top-k must be at least 1, got " + topK);
            Path dir = ConsoleDownloads.hub().resolve(model);
            FillMask fill = FillMask.load(dir, hiddenAct);
            List<List<List<FillMask.Prediction>>> all = fill.predict(texts, topK);
            ObjectMapper mapper = new ObjectMapper();
            for (int i = 0; i < texts.size(); i++) {
                if (json) {
                    ObjectNode line = mapper.createObjectNode();
                    line.put("text", texts.get(i));
                    ArrayNode masks = line.putArray("predictions");
                    for (List<FillMask.Prediction> mask : all.get(i)) {
                        ArrayNode preds = masks.addArray();
                        for (FillMask.Prediction p : mask) {
                            preds.addObject().put("token_id", p.tokenId()).put("token", p.token()).put("score", (float) p.score());
                        }
                    }
                    out.println(mapper.writeValueAsString(line));
                } else {
                    out.println(texts.get(i));
                    for (int m = 0; m < all.get(i).size(); m++) {
                        out.printf("  [MASK] #%d%n", m + 1);
                        out.printf("    %4s  %-20s %8s  %s%n", "rank", "token", "id", "score");
                        List<FillMask.Prediction> preds = all.get(i).get(m);
                        for (int r = 0; r < preds.size(); r++) {
                            FillMask.Prediction p = preds.get(r);
                            out.printf("    %4d  %-20s %8d  %.4f%n", r + 1, p.token(), p.tokenId(), p.score());
                        }
                    }
                }
            }
            out.flush();
            return 0;
        });
    }
}
