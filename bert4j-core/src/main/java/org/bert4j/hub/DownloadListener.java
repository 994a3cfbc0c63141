package org.bert4j.hub;

/**
 * Receives progress of the long steps of {@link ModelHub#resolve(String)}: downloading an artifact
 * and unpacking it into the cache. The core library draws nothing itself; a command line wires this
 * to a progress bar.
 *
 * <p>For each step the hub calls {@link #started}, then {@link #progressed} any number of times,
 * then {@link #finished} exactly once, whether the step succeeded or failed. Calls may come from a
 * thread other than the one that called {@code resolve}, but never concurrently for one listener.
 * Nothing is called when the model is already in the cache.
 */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {};

    /**
     * A step begins.
     *
     * @param what human-readable description, e.g. {@code "Downloading bert-base-uncased"}
     * @param from where the bytes come from: a URL, or the path of a local file being unpacked
     * @param totalBytes bytes expected, or {@code -1} when unknown
     */
    default void started(String what, String from, long totalBytes) {}

    /**
     * Bytes transferred so far in the current step (cumulative, not a delta).
     *
     * @param bytesSoFar bytes done since {@link #started}
     */
    default void progressed(long bytesSoFar) {}

    /** The current step ended, successfully or not. */
    default void finished() {}
}
