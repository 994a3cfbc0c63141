/**
 * Sentence and sentence-pair classification (paper §4.1, GLUE): the data and metrics layer.
 *
 * <p>Reading order: {@link org.bert4j.tasks.classification.GlueTask} (the nine GLUE tasks plus
 * MNLI mismatched and the AX diagnostic: files, columns, labels, metrics) →
 * {@link org.bert4j.tasks.classification.GlueReader} / {@link org.bert4j.tasks.classification.GenericReader}
 * (rows → {@link org.bert4j.tasks.classification.Example}) →
 * {@link org.bert4j.tasks.classification.LabelSet} →
 * {@link org.bert4j.tasks.classification.ClassificationFeatures} (examples → unpadded token ids) →
 * {@link org.bert4j.tasks.classification.GlueMetrics} and
 * {@link org.bert4j.tasks.classification.ClassificationReport} →
 * {@link org.bert4j.tasks.classification.GluePredictionWriter} (the GLUE site's submission TSVs).
 *
 * <p>Fine-tuning (paper §4.1): {@link org.bert4j.tasks.classification.ClassifierModel} (encoder +
 * {@link org.bert4j.heads.SequenceClassificationHead} + loss, HF {@code BertForSequenceClassification}) →
 * {@link org.bert4j.tasks.classification.GlueTrainingTask} (the {@link org.bert4j.train.Trainer}'s task) →
 * {@link org.bert4j.tasks.classification.GlueFineTuning} with the
 * {@link org.bert4j.tasks.classification.FineTuneConfig} recipe (dev evaluation per epoch, best epoch kept) →
 * {@link org.bert4j.tasks.classification.ClassifierEvaluation} (metrics and report of a saved model).
 *
 * <p>Mirrors google-research/bert {@code run_classifier.py} (the {@code DataProcessor}s,
 * {@code convert_single_example}, {@code _truncate_seq_pair}) and Hugging Face
 * {@code transformers/data/processors/glue.py} + {@code data/metrics/__init__.py}
 * ({@code glue_compute_metrics}).
 */
package org.bert4j.tasks.classification;
