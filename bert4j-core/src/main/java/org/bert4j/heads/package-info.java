/**
 * The pre-training heads of paper §3.1 on top of {@link org.bert4j.model.BertModel}: the masked LM
 * ({@link org.bert4j.heads.MaskedLmHead}, decoder tied to the word embeddings), next sentence
 * prediction ({@link org.bert4j.heads.NextSentenceHead}) and their joint loss
 * ({@link org.bert4j.heads.BertForPreTraining}).
 */
package org.bert4j.heads;
