package org.bert4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bert4j.train.ProgressListener;
import org.bert4j.train.TrainResult;

/**
 * The trainer's progress as a terminal bar ({@code me.tongfei:progressbar}, on stderr):
 * {@code train  42% │████▍     │ 420/1000 (0:01:10) loss 0.4321 lr 2.00e-05 312 ex/s ETA 0:01:37}.
 * Evaluations and checkpoints are printed as lines above the bar. The core library stays free of
 * terminal code; this adapter implements {@link ProgressListener}.
 */
public final class ConsoleProgress implements ProgressListener {
    private final String taskName;
    private ProgressBar bar;

    public ConsoleProgress(String taskName) {
        this.taskName = taskName;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        bar = new ProgressBarBuilder().setTaskName(taskName).setInitialMax(totalSteps).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250).hideEta().build();
        bar.stepTo(startStep);
    }

    @Override
    public void onStep(Progress p) {
        if (bar == null) onStart(p.step() - 1, p.totalSteps());
        bar.stepTo(p.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.2e %.0f ex/s ETA %s", p.loss(), p.lr(), p.examplesPerSecond(),
                duration(p.etaSeconds())));
    }

    @Override
    public void onEvaluate(long step, Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder("step ").append(step).append(" eval:");
        metrics.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
        println(s.toString());
    }

    @Override
    public void onCheckpoint(long step, Path dir) {
        println("step " + step + ": checkpoint " + dir);
    }

    @Override
    public void onEnd(TrainResult result) {
        if (bar != null) bar.close();
        bar = null;
        System.err.println(result.diverged() ? "stopped: " + result.stopReason()
                : String.format(Locale.ROOT, "done: %d steps, final loss %.4f", result.steps(), result.lastLoss()));
    }

    private void println(String line) {
        // progressbar redraws on its own line; a plain newline-terminated message above it stays readable
        System.err.println("\r" + line);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
