/**
 * SQuAD v1.1 / v2.0 question answering (paper §4.2, §4.3): reading the official JSON
 * ({@link org.bert4j.tasks.squad.SquadReader}), packing question + passage windows as Google's
 * {@code run_squad.py} does ({@link org.bert4j.tasks.squad.SquadFeatures}), turning start/end logits
 * back into answer text ({@link org.bert4j.tasks.squad.SquadDecoder}), and the official EM/F1 scorers
 * {@code evaluate-v1.1.py} / {@code evaluate-v2.0.py} ({@link org.bert4j.tasks.squad.SquadEvaluator}).
 *
 * <p>All character offsets in this package are code-point offsets into the context, as in the JSON
 * files ({@code answer_start} is a Python string index) and in {@link org.bert4j.tokenizer.Encoding}.
 */
package org.bert4j.tasks.squad;
