package org.bert4j.tasks.ner;

import java.util.ArrayList;
import java.util.List;

/**
 * IOB tag schemes. IOB1 (original CoNLL-2003): an entity starts with {@code I-X}; {@code B-X} only marks
 * an entity that directly follows another of the same type. IOB2: every entity starts with {@code B-X}.
 */
public final class Iob {
    private Iob() {}

    /** The prefix of a tag: "B", "I", "O", ... (conlleval: the part before the first '-'). */
    public static String prefix(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    /** The entity type of a tag ("" for {@code O}): conlleval's part after the first '-'. */
    public static String type(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? "" : tag.substring(dash + 1);
    }

    /**
     * IOB1 (or mixed) → IOB2: {@code I-X} becomes {@code B-X} when the previous tag is {@code O}, of a
     * different type, or the sentence start. IOB2 input is returned unchanged.
     */
    public static List<String> toIob2(List<String> tags) {
        List<String> out = new ArrayList<>(tags.size());
        String prev = "O";
        for (String t : tags) {
            if (prefix(t).equals("I") && (prev.equals("O") || !type(prev).equals(type(t)))) {
                out.add("B-" + type(t));
            } else {
                out.add(t);
            }
            prev = t;
        }
        return out;
    }
}
