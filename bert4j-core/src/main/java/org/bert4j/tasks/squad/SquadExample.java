package org.bert4j.tasks.squad;

import java.util.List;

/**
 * One SQuAD question with its passage (Google run_squad.py {@code SquadExample}, without the
 * whitespace word split: tokens keep code-point offsets into {@code context} instead).
 *
 * @param id           the question id ({@code qas[].id})
 * @param title        the article title
 * @param articleIndex position of the article in the file
 * @param question     the question text
 * @param context      the paragraph text
 * @param answers      gold answers, in file order (empty for v2.0 unanswerable questions)
 * @param isImpossible v2.0 {@code is_impossible}; false for v1.1
 */
public record SquadExample(String id, String title, int articleIndex, String question, String context,
                           List<SquadAnswer> answers, boolean isImpossible) {
    public SquadExample {
        answers = List.copyOf(answers);
    }

    /** The answer texts, as the official scripts compare them. */
    public List<String> answerTexts() {
        return answers.stream().map(SquadAnswer::text).toList();
    }
}
