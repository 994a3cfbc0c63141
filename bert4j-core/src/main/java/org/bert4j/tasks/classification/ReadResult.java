package org.bert4j.tasks.classification;

import java.nio.file.Path;
import java.util.List;

/**
 * The examples read from one file, with the rows that were skipped.
 *
 * @param file     the file read
 * @param examples the good rows, in file order
 * @param problems one {@code file:line: reason} per skipped row (empty under {@link BadRowPolicy#FAIL},
 *                 which throws instead)
 */
public record ReadResult(Path file, List<Example> examples, List<String> problems) {
    public ReadResult {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    public int skipped() { return problems.size(); }

    /** Throws under {@link BadRowPolicy#FAIL} if rows were bad; the message shows the count and the first 10. */
    static ReadResult finish(Path file, List<Example> examples, List<String> problems, BadRowPolicy policy) {
        if (!problems.isEmpty() && policy == BadRowPolicy.FAIL) {
            StringBuilder sb = new StringBuilder();
            sb.append(problems.size()).append(problems.size() == 1 ? " bad row" : " bad rows").append(" in ").append(file)
              .append(" (pass BadRowPolicy.SKIP to drop them and continue):");
            for (int i = 0; i < Math.min(10, problems.size()); i++) sb.append("\n  ").append(problems.get(i));
            if (problems.size() > 10) sb.append("\n  ... and ").append(problems.size() - 10).append(" more");
            throw new DataFormatException(sb.toString());
        }
        return new ReadResult(file, examples, problems);
    }
}
