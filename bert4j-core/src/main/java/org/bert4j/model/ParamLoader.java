package org.bert4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.bert4j.checkpoint.CheckpointException;
import org.bert4j.checkpoint.ParamNames;
import org.bert4j.checkpoint.TensorData;
import org.bert4j.checkpoint.TensorSource;
import org.bert4j.nn.Param;

/**
 * Copies checkpoint tensors into {@link Param}s by name, checking everything first and failing with one
 * message that lists all missing keys, unexpected keys and shape mismatches (as nanoGPT's
 * {@code from_pretrained} asserts, but all at once).
 */
public final class ParamLoader {
    private ParamLoader() {}

    /**
     * Loads {@code params} from {@code source}. A tensor of the source is unexpected if {@code owned}
     * says it belongs to the part being loaded but no parameter has its name, or if its name is no
     * BERT parameter name at all.
     */
    public static void load(TensorSource source, Collection<Param> params, Predicate<String> owned, String what) {
        List<String> missing = new ArrayList<>(), mismatched = new ArrayList<>();
        Set<String> expected = new TreeSet<>();
        for (Param p : params) {
            expected.add(p.name());
            if (!source.contains(p.name())) {
                missing.add(p.name());
                continue;
            }
            long[] shape = source.get(p.name()).shape();
            if (!Arrays.equals(shape, Arrays.stream(p.shape()).asLongStream().toArray())) {
                mismatched.add(p.name() + ": checkpoint " + Arrays.toString(shape) + ", model " + Arrays.toString(p.shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : source.names()) {
            if (!expected.contains(n) && (owned.test(n) || !ParamNames.isCanonical(n))) unexpected.add(n);
        }
        if (!missing.isEmpty() || !mismatched.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder m = new StringBuilder("cannot load " + what + " from " + source.description() + ":");
            if (!missing.isEmpty()) m.append("\n  missing keys (").append(missing.size()).append("): ").append(missing);
            if (!unexpected.isEmpty()) m.append("\n  unexpected keys (").append(unexpected.size()).append("): ").append(unexpected);
            if (!mismatched.isEmpty()) m.append("\n  shape mismatches (").append(mismatched.size()).append("): ").append(mismatched);
            m.append("\n  (does the configuration match the checkpoint?)");
            throw new CheckpointException(m.toString());
        }
        for (Param p : params) {
            TensorData t = source.get(p.name());
            float[] v = t.toFloatArray();
            System.arraycopy(v, 0, p.value(), 0, v.length);
        }
    }
}
