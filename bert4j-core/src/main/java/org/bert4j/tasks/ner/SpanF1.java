package org.bert4j.tasks.ner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entity-level precision, recall and F1 with the semantics of the CoNLL shared task's {@code conlleval}
 * (Perl, version 2004-01-26): chunks are found with its {@code startOfChunk}/{@code endOfChunk} rules,
 * so IOB1 and IOB2 (and IOE) tags are both understood: {@code I-X} after {@code O} starts a chunk,
 * a change of type starts a chunk, {@code B-X} always starts one. A guessed chunk is correct when it
 * starts and ends at the same tokens with the same type as a gold chunk. Overall scores are micro
 * averages; sentence boundaries act as conlleval's blank lines.
 *
 * <p>Accumulate sentence by sentence with {@link #add}, then read {@link #overall()}, {@link #byType()}
 * or the conlleval printout {@link #report()}.
 */
public final class SpanF1 {

    /** Counts and scores of one type (or all): percentages as conlleval prints them. */
    public record Score(int foundGold, int foundGuessed, int correct) {
        public double precision() { return foundGuessed == 0 ? 0 : 100.0 * correct / foundGuessed; }
        public double recall() { return foundGold == 0 ? 0 : 100.0 * correct / foundGold; }
        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private int tokens, correctTags, foundGold, foundGuessed, correctChunks;
    private final Map<String, int[]> perType = new TreeMap<>(); // type -> {foundGold, foundGuessed, correct}

    /** Adds one sentence of gold and guessed tags. */
    public SpanF1 add(List<String> gold, List<String> guessed) {
        if (gold.size() != guessed.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " tags but guessed has " + guessed.size());
        }
        // conlleval state at a sentence start: previous tags are O (boundary line "-X- O O")
        String lastCorrect = "O", lastGuessed = "O", lastCorrectType = "", lastGuessedType = "";
        boolean inCorrect = false;
        for (int i = 0; i <= gold.size(); i++) {
            boolean boundary = i == gold.size();
            String c = boundary ? "O" : gold.get(i), g = boundary ? "O" : guessed.get(i);
            String correct = Iob.prefix(c), correctType = Iob.type(c);
            String guess = Iob.prefix(g), guessType = Iob.type(g);
            boolean endC = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
            boolean endG = endOfChunk(lastGuessed, guess, lastGuessedType, guessType);
            boolean startC = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
            boolean startG = startOfChunk(lastGuessed, guess, lastGuessedType, guessType);
            if (inCorrect) {
                if (endC && endG && lastGuessedType.equals(lastCorrectType)) {
                    inCorrect = false;
                    correctChunks++;
                    counts(lastCorrectType)[2]++;
                } else if (endC != endG || !guessType.equals(correctType)) {
                    inCorrect = false;
                }
            }
            if (startC && startG && guessType.equals(correctType)) inCorrect = true;
            if (startC) {
                foundGold++;
                counts(correctType)[0]++;
            }
            if (startG) {
                foundGuessed++;
                counts(guessType)[1]++;
            }
            if (!boundary) {
                if (correct.equals(guess) && guessType.equals(correctType)) correctTags++;
                tokens++;
            }
            lastCorrect = correct; lastGuessed = guess; lastCorrectType = correctType; lastGuessedType = guessType;
        }
        return this;
    }

    private int[] counts(String type) { return perType.computeIfAbsent(type, k -> new int[3]); }

    /** conlleval {@code endOfChunk}: whether a chunk ended between the previous token and this one. */
    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean end = false;
        if (prevTag.equals("B") && tag.equals("B")) end = true;
        if (prevTag.equals("B") && tag.equals("O")) end = true;
        if (prevTag.equals("I") && tag.equals("B")) end = true;
        if (prevTag.equals("I") && tag.equals("O")) end = true;
        if (prevTag.equals("E") && tag.equals("E")) end = true;
        if (prevTag.equals("E") && tag.equals("I")) end = true;
        if (prevTag.equals("E") && tag.equals("O")) end = true;
        if (!prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type)) end = true;
        if (prevTag.equals("]") || prevTag.equals("[")) end = true;
        return end;
    }

    /** conlleval {@code startOfChunk}: whether a chunk starts at this token. */
    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean start = false;
        if (prevTag.equals("B") && tag.equals("B")) start = true;
        if (prevTag.equals("I") && tag.equals("B")) start = true;
        if (prevTag.equals("O") && tag.equals("B")) start = true;
        if (prevTag.equals("O") && tag.equals("I")) start = true;
        if (prevTag.equals("E") && tag.equals("E")) start = true;
        if (prevTag.equals("E") && tag.equals("I")) start = true;
        if (prevTag.equals("O") && tag.equals("E")) start = true;
        if (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type)) start = true;
        if (tag.equals("[") || tag.equals("]")) start = true;
        return start;
    }

    /** The chunks of one tag sequence as {@code [type, start, end]} (end exclusive), by conlleval's rules. */
    public static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        String last = "O", lastType = "";
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String t = i == tags.size() ? "O" : tags.get(i);
            String tag = Iob.prefix(t), type = Iob.type(t);
            if (start >= 0 && endOfChunk(last, tag, lastType, type)) {
                out.add(new Chunk(lastType, start, i));
                start = -1;
            }
            if (startOfChunk(last, tag, lastType, type)) start = i;
            last = tag;
            lastType = type;
        }
        return out;
    }

    /** An entity: type and token range [start, end). */
    public record Chunk(String type, int start, int end) {}

    public int tokens() { return tokens; }

    /** Token accuracy ×100 (conlleval's "accuracy", O tokens included). */
    public double accuracy() { return tokens == 0 ? 0 : 100.0 * correctTags / tokens; }

    public Score overall() { return new Score(foundGold, foundGuessed, correctChunks); }

    /** Scores per entity type, sorted by type name (conlleval's order). */
    public Map<String, Score> byType() {
        Map<String, Score> out = new TreeMap<>();
        for (String t : new TreeSet<>(perType.keySet())) {
            int[] c = perType.get(t);
            out.put(t, new Score(c[0], c[1], c[2]));
        }
        return out;
    }

    /** The text conlleval prints. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        Score o = overall();
        sb.append("processed ").append(tokens).append(" tokens with ").append(foundGold).append(" phrases; ");
        sb.append("found: ").append(foundGuessed).append(" phrases; correct: ").append(correctChunks).append(".\n");
        if (tokens > 0) {
            sb.append("accuracy: ").append(pct(accuracy())).append("%; precision: ").append(pct(o.precision()))
                .append("%; recall: ").append(pct(o.recall())).append("%; FB1: ").append(pct(o.f1())).append('\n');
        }
        byType().forEach((type, s) -> sb.append(String.format(Locale.ROOT, "%17s", type))
            .append(": precision: ").append(pct(s.precision())).append("%; recall: ").append(pct(s.recall()))
            .append("%; FB1: ").append(pct(s.f1())).append("  ").append(s.foundGuessed()).append('\n'));
        return sb.toString();
    }

    /**
     * Perl's (C's) {@code printf "%6.2f"}: the exact binary value rounded half-even. Java's {@code String.format}
     * rounds the shortest decimal form half-up instead, so an exact tie such as 100 * 1/32 = 3.125 printed
     * "3.13" where conlleval prints "3.12".
     */
    static String pct(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return s.length() >= 6 ? s : " ".repeat(6 - s.length()) + s;
    }
}
