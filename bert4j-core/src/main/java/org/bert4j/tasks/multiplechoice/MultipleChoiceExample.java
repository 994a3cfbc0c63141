package org.bert4j.tasks.multiplechoice;

import java.util.List;

/**
 * One multiple-choice question. For SWAG (Hugging Face {@code run_swag.py}, the BERT paper §4.4):
 * {@code context} = {@code sent1}, {@code question} = {@code sent2} (the start of the next sentence),
 * {@code endings} = {@code ending0..3}.
 *
 * @param id       an id (SWAG: {@code video-id} + row, or file line)
 * @param context  first segment
 * @param question start of the second segment, put before each ending ("" if none)
 * @param endings  the choices
 * @param label    index of the right ending, -1 if unlabeled
 * @param line     1-based line (row) in the source file
 */
public record MultipleChoiceExample(String id, String context, String question, List<String> endings, int label, int line) {
    public MultipleChoiceExample {
        endings = List.copyOf(endings);
        if (label >= endings.size()) {
            throw new IllegalArgumentException("line " + line + ": label " + label + " but only " + endings.size() + " endings");
        }
    }

    /** The second segment of choice {@code i}: {@code question + " " + ending}, or the ending alone. */
    public String secondSegment(int i) {
        return question.isEmpty() ? endings.get(i) : question + " " + endings.get(i);
    }
}
