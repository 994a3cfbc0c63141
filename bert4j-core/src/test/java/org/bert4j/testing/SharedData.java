package org.bert4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared real data (GLUE, CoNLL-2003, SQuAD, corpora), a sibling folder of the
 * checkout. Surefire passes its location as {@code bert4j.shared.dir}. A test that needs it and
 * does not find it fails, naming the folder: it never skips.
 */
public final class SharedData {
    private SharedData() {}

    public static Path dir() {
        String p = System.getProperty("bert4j.shared.dir");
        if (p == null) throw new AssertionError("system property bert4j.shared.dir is not set (run the tests through Maven)");
        Path d = Path.of(p).toAbsolutePath().normalize();
        if (!Files.isDirectory(d.resolve("data"))) {
            throw new AssertionError("shared data folder not found at " + d + " (expected " + d.resolve("data")
                + "); pass -Dbert4j.shared.dir=/path/to/shared");
        }
        return d;
    }

    /** A file or folder under {@code shared/data}; fails if it does not exist. */
    public static Path data(String relative) {
        Path f = dir().resolve("data").resolve(relative);
        if (!Files.exists(f)) throw new AssertionError("missing shared data file " + f);
        return f;
    }
}
