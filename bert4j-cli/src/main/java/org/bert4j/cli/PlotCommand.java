package org.bert4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bert4j.train.MetricsLog;
import org.bert4j.train.plot.CurvePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bert4j plot RUN_DIR}: draws {@code RUN_DIR/metrics.jsonl} as {@code curves.html}
 * (self-contained, inline SVG) and {@code curves.png}, during a run or after it.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw the training curves of a run (RUN_DIR/metrics.jsonl) into RUN_DIR/curves.html and RUN_DIR/curves.png.")
public final class PlotCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The training output directory (holds metrics.jsonl).")
    Path runDir;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runDir.resolve(MetricsLog.FILE))) {
            System.err.println("plot: no " + MetricsLog.FILE + " in " + runDir + " (is it a training output directory?)");
            return 1;
        }
        CurvePlot.write(runDir);
        System.out.println(runDir.resolve(CurvePlot.HTML));
        System.out.println(runDir.resolve(CurvePlot.PNG));
        return 0;
    }
}
