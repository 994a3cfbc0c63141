package org.bert4j.tasks.multiplechoice;

import java.nio.file.Path;
import java.util.List;

/**
 * Examples read from one file.
 *
 * @param source   the file
 * @param examples the examples kept, all with the same number of choices
 * @param problems lines left out, as "file:line: reason" (e.g. a choice count differing from the file's first example)
 */
public record MultipleChoiceDataset(Path source, List<MultipleChoiceExample> examples, List<String> problems) {
    public MultipleChoiceDataset {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** Choices per example (0 if there are none). */
    public int choices() { return examples.isEmpty() ? 0 : examples.get(0).endings().size(); }
}
