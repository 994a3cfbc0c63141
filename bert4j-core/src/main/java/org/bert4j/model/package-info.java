/**
 * BERT itself (Devlin et al. 2018, §3): {@link org.bert4j.model.BertConfig}, the input representation
 * ({@link org.bert4j.model.BertEmbeddings}), the Transformer encoder layer
 * ({@link org.bert4j.model.BertSelfAttention}, {@link org.bert4j.model.BertSelfOutput},
 * {@link org.bert4j.model.BertIntermediate}, {@link org.bert4j.model.BertOutput},
 * {@link org.bert4j.model.BertLayer}, {@link org.bert4j.model.BertEncoder}), the
 * {@link org.bert4j.model.BertPooler} and the whole {@link org.bert4j.model.BertModel}, each with its
 * forward and backward side by side. Batches are packed ({@link org.bert4j.model.PackedBatch}): padding
 * is never computed. {@link org.bert4j.model.BertModels} finds, loads and saves checkpoints.
 */
package org.bert4j.model;
