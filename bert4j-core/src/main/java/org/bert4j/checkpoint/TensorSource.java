package org.bert4j.checkpoint;

import java.util.Set;

/** A set of named tensors, opened from a checkpoint. Closing it releases open files. */
public interface TensorSource extends AutoCloseable {
    /** The tensor names, sorted. */
    Set<String> names();

    /** The tensor called {@code name}; throws {@link CheckpointException} naming the file if there is none. */
    TensorData get(String name);

    /** What this was opened from, e.g. "safetensors file /x/model.safetensors". */
    String description();

    default boolean contains(String name) {
        return names().contains(name);
    }

    @Override
    void close();
}
