package org.bert4j.tasks.squad;

import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;

/** The real bert-base-uncased vocabulary from shared data. */
final class Vocab {
    private Vocab() {}

    static final BertTokenizer UNCASED = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true);
}
