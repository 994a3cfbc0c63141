/**
 * Using a trained BERT: {@link org.bert4j.inference.FillMask} (masked-token prediction) and
 * {@link org.bert4j.inference.Embedder} (contextual token and sentence embeddings, paper §5.3),
 * batched, tokenizing with the model's own tokenizer and truncating to {@code max_position_embeddings}.
 */
package org.bert4j.inference;
