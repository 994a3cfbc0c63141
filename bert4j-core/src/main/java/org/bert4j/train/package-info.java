/**
 * The training engine every task runs through: {@link org.bert4j.train.Trainer} (gradient
 * accumulation, clipping, scheduled optimizer steps, evaluation, NaN/Inf stop),
 * {@link org.bert4j.train.BatchSampler} (seeded, length-bucketed, resumable),
 * {@link org.bert4j.train.Checkpoints} (atomic, verified {@code checkpoint-N/} directories),
 * {@link org.bert4j.train.MetricsLog} ({@code metrics.jsonl}) and
 * {@link org.bert4j.train.ProgressListener}. A task plugs in through
 * {@link org.bert4j.train.TrainableTask}; all randomness flows from a checkpointed
 * {@link org.bert4j.train.Rng}, so resumed runs repeat uninterrupted ones bit for bit.
 */
package org.bert4j.train;
