package org.bert4j.tasks.ner;

import java.util.List;

/**
 * One sentence of a CoNLL-2003 file: one entry per token line ({@code word POS chunk NER}).
 *
 * @param tokens the words
 * @param pos    part-of-speech tags
 * @param chunk  syntactic chunk tags (IOB1 in the original release)
 * @param ner    named-entity tags (IOB1 in the original release)
 * @param line   1-based line number of the sentence's first token
 */
public record ConllSentence(List<String> tokens, List<String> pos, List<String> chunk, List<String> ner, int line) {
    public ConllSentence {
        tokens = List.copyOf(tokens);
        pos = List.copyOf(pos);
        chunk = List.copyOf(chunk);
        ner = List.copyOf(ner);
        if (pos.size() != tokens.size() || chunk.size() != tokens.size() || ner.size() != tokens.size()) {
            throw new IllegalArgumentException("columns differ in length at line " + line);
        }
    }

    public int size() { return tokens.size(); }

    /** The same sentence with the NER tags converted to IOB2 ({@link Iob#toIob2}). */
    public ConllSentence withIob2() { return new ConllSentence(tokens, pos, chunk, Iob.toIob2(ner), line); }
}
