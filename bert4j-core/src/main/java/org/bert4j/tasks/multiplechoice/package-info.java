/**
 * Multiple choice (paper §4.4, SWAG): reading SWAG's CSV and JSONL files ({@link
 * org.bert4j.tasks.multiplechoice.SwagReader}) and a generic JSONL format ({@link
 * org.bert4j.tasks.multiplechoice.MultipleChoiceReader}), packing each choice as
 * {@code [CLS] context [SEP] question ending [SEP]} ({@link org.bert4j.tasks.multiplechoice.ChoiceFeatures}),
 * and accuracy ({@link org.bert4j.tasks.multiplechoice.ChoiceAccuracy}).
 */
package org.bert4j.tasks.multiplechoice;
