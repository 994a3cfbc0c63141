package org.bert4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bert4j.heads.BertForPreTraining;
import org.bert4j.hub.ModelFolder;
import org.bert4j.tokenizer.BertTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bert4j convert}: any checkpoint bert4j reads (TF bundle / SavedModel, PyTorch, safetensors,
 * ONNX) to a Hugging Face folder: {@code config.json}, {@code vocab.txt}, {@code model.safetensors}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a model to a Hugging Face folder (config.json, vocab.txt, model.safetensors).")
public final class ConvertCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "model name or folder")
    String model;

    @Option(names = "--output", required = true, description = "folder to write")
    Path output;

    @Option(names = "--hidden-act", description = "override the activation written to config.json (gelu, gelu_tanh, relu)")
    String hiddenAct;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return CommandErrors.run(spec.commandLine().getErr(), () -> {
            Path dir = ConsoleDownloads.hub().resolve(model);
            BertForPreTraining m = BertForPreTraining.load(dir, hiddenAct);
            Path folder = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
            Optional<Path> vocab = new ModelFolder(folder).vocab();
            m.save(output, vocab.orElse(null));
            if (vocab.isEmpty()) {
                // e.g. an ONNX export with only tokenizer.json: write its vocabulary, one token per line in id order
                BertTokenizer tok = BertTokenizer.fromModelFolder(folder, true);
                Files.write(output.resolve("vocab.txt"), tok.vocab().tokens());
            }
            Optional<Path> tj = new ModelFolder(folder).tokenizerJson();
            if (tj.isPresent()) Files.copy(tj.get(), output.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            Optional<Boolean> lower = new ModelFolder(folder).lowercase();
            if (lower.isPresent() && tj.isEmpty()) {
                Files.writeString(output.resolve("tokenizer_config.json"),
                        "{\"do_lower_case\": " + lower.get() + ", \"tokenizer_class\": \"BertTokenizer\"}\n");
            }
            out.printf("wrote %s (%d tensors, hidden_act %s)%n", output.toAbsolutePath(), m.params().size(), m.config().hiddenAct());
            out.flush();
            return 0;
        });
    }
}
