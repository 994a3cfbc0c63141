package org.bert4j.tasks.squad;

import java.nio.file.Path;
import java.util.List;

/**
 * A SQuAD JSON file as read by {@link SquadReader}.
 *
 * @param source        the file it came from
 * @param version       the file's {@code version} field ("1.1", "v2.0")
 * @param titles        article titles, in file order
 * @param paragraphs    number of paragraphs
 * @param examples      all questions, in file order
 * @param answerProblems one line per answer whose text is not found at its {@code answer_start}
 *                      (file, question id, what was expected and found); these answers are kept
 */
public record SquadDataset(Path source, String version, List<String> titles, int paragraphs,
                           List<SquadExample> examples, List<String> answerProblems) {
    public SquadDataset {
        titles = List.copyOf(titles);
        examples = List.copyOf(examples);
        answerProblems = List.copyOf(answerProblems);
    }

    public int articles() { return titles.size(); }

    /** Number of answers whose text does not match the context at {@code answer_start}. */
    public int answerMismatches() { return answerProblems.size(); }

    /** Whether any question is unanswerable (a v2.0 file). */
    public boolean hasImpossible() { return examples.stream().anyMatch(SquadExample::isImpossible); }
}
