package org.bert4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens BERT weights from any supported checkpoint format, detecting which:
 * <ul>
 * <li>safetensors ({@code model.safetensors}),</li>
 * <li>PyTorch {@code torch.save} state dicts ({@code pytorch_model.bin}, zip or legacy format),</li>
 * <li>TensorFlow tensor bundles: checkpoints ({@code bert_model.ckpt.index} + {@code .data-*}, also given
 *     by their prefix {@code bert_model.ckpt}) and SavedModel / TF-Hub {@code variables/variables.index},</li>
 * <li>ONNX models ({@code model.onnx}).</li>
 * </ul>
 * Names are normalized by {@link ParamNames} to the canonical Hugging Face names.
 */
public final class Checkpoints {
    /** File names looked for in a folder, most preferred first (relative paths). */
    private static final List<String> FOLDER_CANDIDATES = List.of(
            "model.safetensors", "pytorch_model.bin", "variables/variables.index", "variables.index", "bert_model.ckpt.index",
            "model.ckpt.index", "model.onnx", "onnx/model.onnx");

    private Checkpoints() {}

    /** Opens a checkpoint file or a folder holding one; the names are canonical (see {@link ParamNames}). */
    public static TensorSource open(Path fileOrDir) {
        return new NormalizedTensorSource(openRaw(fileOrDir));
    }

    /** Opens a checkpoint file or folder with the names as stored. */
    public static TensorSource openRaw(Path fileOrDir) {
        Path p = fileOrDir;
        if (Files.isDirectory(p)) p = findInFolder(p);
        if (!Files.exists(p) && Files.isRegularFile(Path.of(p + ".index"))) p = Path.of(p + ".index"); // TF prefix
        if (!Files.isRegularFile(p)) throw new CheckpointException("checkpoint " + fileOrDir + " does not exist");
        String name = p.getFileName().toString();
        if (name.endsWith(".index")) return TfBundleReader.open(p);
        if (name.matches(".*\\.data-\\d{5}-of-\\d{5}")) {
            return TfBundleReader.open(p.resolveSibling(name.substring(0, name.lastIndexOf(".data-")) + ".index"));
        }
        if (name.endsWith(".onnx")) return OnnxWeightsReader.open(p);
        if (name.endsWith(".safetensors")) return SafetensorsReader.open(p);
        // Otherwise go by content: a zip or a pickle is torch.save; "<8-byte length>{" is safetensors.
        byte[] head = new byte[9];
        try (InputStream in = Files.newInputStream(p)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n >= 2 && (head[0] == 'P' && head[1] == 'K' || (head[0] & 0xff) == 0x80)) return PyTorchBinReader.open(p);
            if (n == 9 && head[8] == '{') return SafetensorsReader.open(p);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + p + ": " + e.getMessage(), e);
        }
        throw new CheckpointException("checkpoint " + p + " is in no format bert4j knows (safetensors, PyTorch, TensorFlow bundle, ONNX)");
    }

    private static Path findInFolder(Path dir) {
        for (String c : FOLDER_CANDIDATES) {
            Path p = dir.resolve(c);
            if (Files.isRegularFile(p)) return p;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".safetensors") || n.endsWith(".index") || n.endsWith(".onnx");
            }).sorted().toList();
            if (found.size() == 1) return found.get(0);
            if (found.size() > 1) throw new CheckpointException("folder " + dir + " holds several checkpoints " + found + ": name one");
        } catch (IOException e) {
            throw new CheckpointException("cannot list folder " + dir + ": " + e.getMessage(), e);
        }
        throw new CheckpointException("folder " + dir + " holds no checkpoint (looked for " + FOLDER_CANDIDATES + ", *.safetensors, *.index, *.onnx)");
    }
}
