package org.bert4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bert4j.train.MetricsLog;
import org.bert4j.train.plot.CurvePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bert4j plot RUN_DIR}: draws {@code RUN_DIR/metrics.jsonl} as {@code curves.html}
 * (self-contained, inline SVG) and {@code curves.png}, during a run or after it; {@code bert4j plot RUN_DIR RUN_DIR...
 * [--output OUT]} compares runs metric by metric in {@code OUT/compare.html} and {@code OUT/compare.png}.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw the training curves of a run (RUN_DIR/metrics.jsonl) into RUN_DIR/curves.html and RUN_DIR/curves.png.",
                "With several RUN_DIRs: one panel per metric, one line per run, into OUT/compare.html and OUT/compare.png."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Training output directories (each holds metrics.jsonl).")
    List<Path> runDirs;

    @Option(names = "--output", paramLabel = "OUT", description = "Where the comparison of several runs goes (default: the current directory).")
    Path output = Path.of(".");

    @Override
    public Integer call() {
        for (Path runDir : runDirs) {
            if (!Files.isRegularFile(runDir.resolve(MetricsLog.FILE))) {
                System.err.println("plot: no " + MetricsLog.FILE + " in " + runDir + " (is it a training output directory?)");
                return 1;
            }
        }
        if (runDirs.size() == 1) {
            Path runDir = runDirs.get(0);
            CurvePlot.write(runDir);
            System.out.println(runDir.resolve(CurvePlot.HTML));
            System.out.println(runDir.resolve(CurvePlot.PNG));
            return 0;
        }
        CurvePlot.compare(runDirs, output);
        System.out.println(output.resolve(CurvePlot.COMPARE_HTML));
        System.out.println(output.resolve(CurvePlot.COMPARE_PNG));
        return 0;
    }
}
