/** Training curves from {@code metrics.jsonl} as a self-contained HTML page and a PNG ({@link org.bert4j.train.plot.CurvePlot}). */
package org.bert4j.train.plot;
