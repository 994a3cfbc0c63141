package org.bert4j.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bert4j.hub.ModelFolder;
import org.bert4j.tokenizer.BertTokenizer;

/** Small helpers for loading the tokenizer that belongs to a model. */
final class Models {
    private Models() {}

    /** The tokenizer of a model folder (or of the folder a weights file is in); lower-casing as the folder says, else true. */
    static BertTokenizer tokenizer(Path modelFolderOrFile) {
        Path dir = Files.isDirectory(modelFolderOrFile) ? modelFolderOrFile : modelFolderOrFile.toAbsolutePath().getParent();
        boolean lower = new ModelFolder(dir).lowercase().orElse(true);
        return BertTokenizer.fromModelFolder(dir, lower);
    }
}
