package org.bert4j.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param steps          optimizer steps completed (weights reflect exactly these)
 * @param diverged       true if the run stopped because the loss or gradient norm was NaN/Inf
 * @param stopReason     why it stopped ("completed", or which step and which quantity diverged)
 * @param lastCheckpoint the newest complete checkpoint, or null if none was written
 * @param lastLoss       loss of the last completed step (NaN if none)
 * @param lastEval       results of the last evaluation (empty if none)
 */
public record TrainResult(long steps, boolean diverged, String stopReason, Path lastCheckpoint, double lastLoss,
                          Map<String, Double> lastEval) {}
