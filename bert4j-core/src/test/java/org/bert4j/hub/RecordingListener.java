package org.bert4j.hub;

import java.util.ArrayList;
import java.util.List;

/** Records {@link DownloadListener} calls for assertions. */
final class RecordingListener implements DownloadListener {

    record Step(String what, String from, long total) {}

    final List<Step> started = new ArrayList<>();
    long lastProgress = -1;
    int progressed;
    int finished;

    @Override
    public synchronized void started(String what, String from, long totalBytes) {
        started.add(new Step(what, from, totalBytes));
    }

    @Override
    public synchronized void progressed(long bytesSoFar) {
        progressed++;
        lastProgress = bytesSoFar;
    }

    @Override
    public synchronized void finished() {
        finished++;
    }

    synchronized int calls() {
        return started.size() + progressed + finished;
    }

    synchronized List<Step> downloads() {
        return started.stream().filter(s -> s.what().startsWith("Downloading")).toList();
    }
}
