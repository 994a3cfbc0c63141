package org.bert4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bert4j.hub.DownloadListener;
import org.bert4j.hub.ModelHub;

/** Model downloads and unpacking shown as a progress bar on stderr. */
final class ConsoleDownloads implements DownloadListener {
    private ProgressBar bar;

    static ModelHub hub() {
        return ModelHub.defaults().withListener(new ConsoleDownloads());
    }

    @Override
    public void started(String what, String from, long totalBytes) {
        System.err.println(what + (from == null || from.isEmpty() ? "" : " from " + from));
        bar = new ProgressBarBuilder().setTaskName(what.startsWith("Unpacking") ? "Unpacking" : "Downloading")
            .setInitialMax(Math.max(totalBytes, 0)).setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void progressed(long bytesSoFar) {
        if (bar != null) bar.stepTo(bytesSoFar);
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
