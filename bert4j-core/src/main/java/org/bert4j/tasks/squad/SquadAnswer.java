package org.bert4j.tasks.squad;

/**
 * One gold answer of a SQuAD question ({@code {"text": ..., "answer_start": ...}}).
 *
 * @param text            the answer text as written in the file
 * @param answerStart     start offset in the context, in code points (a Python string index)
 * @param matchesContext  whether the context holds exactly {@code text} at {@code answerStart}
 */
public record SquadAnswer(String text, int answerStart, boolean matchesContext) {

    /** End offset (exclusive) in code points. */
    public int answerEnd() { return answerStart + text.codePointCount(0, text.length()); }
}
