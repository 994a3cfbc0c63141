package org.bert4j.checkpoint;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link TensorSource} seen through {@link ParamNames}: canonical names, [in, out] kernels transposed
 * to [out, in] (a heap copy made on each {@link #get}, nothing cached), optimizer state dropped. Tensors
 * with names ParamNames does not know stay available under their stored names and are listed by
 * {@link #unknownNames()}.
 */
public final class NormalizedTensorSource implements TensorSource {
    private static final System.Logger LOG = System.getLogger(NormalizedTensorSource.class.getName());

    private final TensorSource raw;
    /** Where a canonical name comes from. */
    private record Stored(String name, boolean transpose) {}

    private final Map<String, Stored> byCanonical = new TreeMap<>();
    private final Set<String> unknown = new TreeSet<>();
    private final Set<String> dropped = new TreeSet<>();

    public NormalizedTensorSource(TensorSource raw) {
        this.raw = raw;
        Map<String, String> storedFor = new TreeMap<>();
        for (String stored : raw.names()) {
            ParamNames.Mapping m = ParamNames.map(stored);
            if (m == null) {
                dropped.add(stored);
                continue;
            }
            String previous = storedFor.put(m.canonical(), stored);
            if (previous != null) {
                throw new CheckpointException(raw.description() + ": tensors '" + previous + "' and '" + stored
                        + "' both map to '" + m.canonical() + "'");
            }
            byCanonical.put(m.canonical(), new Stored(stored, m.transpose()));
            if (!m.known()) unknown.add(stored);
        }
        if (!unknown.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} tensor(s) with names that are not BERT parameters, kept as they are: {2}",
                    raw.description(), unknown.size(), unknown);
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(byCanonical.keySet());
    }

    @Override
    public TensorData get(String name) {
        Stored m = byCanonical.get(name);
        if (m == null) {
            throw new CheckpointException(raw.description() + " has no tensor '" + name + "'");
        }
        TensorData stored = raw.get(m.name());
        return m.transpose() ? stored.transpose2d(name) : stored.withName(name);
    }

    /** Stored names that are not BERT parameters (kept, under their stored names). */
    public Set<String> unknownNames() {
        return Collections.unmodifiableSet(unknown);
    }

    /** Stored names dropped as non-weights (optimizer slots, step counters, position_ids). */
    public Set<String> droppedNames() {
        return Collections.unmodifiableSet(dropped);
    }

    /** The source with the stored names. */
    public TensorSource raw() {
        return raw;
    }

    @Override
    public String description() {
        return raw.description();
    }

    @Override
    public void close() {
        raw.close();
    }
}
