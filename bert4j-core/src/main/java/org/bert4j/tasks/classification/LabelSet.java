package org.bert4j.tasks.classification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label names of a classification task, in index order, or the marker for a regression task.
 *
 * <p>For a task's own data the set comes from the training file ({@link #fromTraining}, sorted as HF
 * run_glue.py does for custom files: {@code label_list = train.unique("label"); label_list.sort()}).
 * A label in evaluation data that training never saw fails clearly ({@link #check}, {@link #indexOf}):
 * the model has no output for it.
 */
public final class LabelSet {
    private static final LabelSet REGRESSION = new LabelSet(List.of());

    private final List<String> labels;
    private final Map<String, Integer> index = new HashMap<>();

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        for (int i = 0; i < this.labels.size(); i++) {
            if (index.put(this.labels.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate label '" + this.labels.get(i) + "' in " + labels);
            }
        }
    }

    /** The given labels, in this order. */
    public static LabelSet of(List<String> labels) {
        if (labels.isEmpty()) throw new IllegalArgumentException("a label set needs at least one label (use regression())");
        return new LabelSet(labels);
    }

    /** A regression task: no labels, one output. */
    public static LabelSet regression() { return REGRESSION; }

    /** The sorted distinct labels of training examples (HF run_glue.py's order for custom data). */
    public static LabelSet fromTraining(List<Example> training) {
        TreeSet<String> s = new TreeSet<>();
        for (Example e : training) {
            if (e.label() == null) throw new IllegalArgumentException("training example " + e.guid() + " has no label");
            s.add(e.label());
        }
        if (s.isEmpty()) throw new IllegalArgumentException("no training examples to take the labels from");
        return new LabelSet(new ArrayList<>(s));
    }

    public boolean isRegression() { return labels.isEmpty(); }

    /** The labels in index order. */
    public List<String> labels() { return labels; }

    /** The number of model outputs: the label count, 1 for regression. */
    public int numOutputs() { return isRegression() ? 1 : labels.size(); }

    public String label(int index) { return labels.get(index); }

    public boolean contains(String label) { return index.containsKey(label); }

    /** The index of a label; throws naming the label and the known set if it is not one of them. */
    public int indexOf(String label) {
        Integer i = index.get(label);
        if (i == null) throw new IllegalArgumentException("label '" + label + "' is not in the label set " + labels);
        return i;
    }

    /**
     * Checks that every labeled example's label is in this set (the training set's labels); throws
     * naming the source, the count and the unknown labels with an example id of each.
     */
    public void check(List<Example> examples, String source) {
        if (isRegression()) return;
        Map<String, String> unknown = new java.util.LinkedHashMap<>();
        int count = 0;
        for (Example e : examples) {
            if (e.label() != null && !index.containsKey(e.label())) {
                count++;
                unknown.putIfAbsent(e.label(), e.guid());
            }
        }
        if (count > 0) {
            StringBuilder sb = new StringBuilder();
            sb.append(count).append(count == 1 ? " example" : " examples").append(" in ").append(source)
              .append(" have labels that are not in the training label set ").append(labels).append(':');
            unknown.forEach((l, g) -> sb.append("\n  '").append(l).append("' (first at ").append(g).append(')'));
            throw new IllegalArgumentException(sb.toString());
        }
    }

    @Override
    public String toString() { return isRegression() ? "LabelSet[regression]" : "LabelSet" + labels; }

    @Override
    public boolean equals(Object o) { return o instanceof LabelSet l && l.labels.equals(labels); }

    @Override
    public int hashCode() { return labels.hashCode(); }
}
