package org.bert4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bert4j.tasks.pretraining.CreatePretrainingData;

/** One progress bar on standard error per phase of a long job; callable from any thread. */
final class PhaseProgress implements CreatePretrainingData.Progress, AutoCloseable {
    private final boolean quiet;
    private String phase;
    private ProgressBar bar;

    PhaseProgress(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        if (quiet) return;
        if (!newPhase.equals(phase)) {
            if (bar != null) bar.close();
            phase = newPhase;
            bar = new ProgressBarBuilder().setTaskName(newPhase).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        if (total >= 0) bar.maxHint(total);
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
        bar = null;
        phase = null;
    }
}
