package org.bert4j.tokenizer;

import java.util.List;

/**
 * Where the special tokens go: BERT's {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]}
 * with segment ids 0 for the first part and 1 for the second (paper §3.2, Figure 2). Also reads
 * Hugging Face's {@code TemplateProcessing}, which can place special tokens anywhere.
 *
 * @param single items for one text
 * @param pair   items for a text pair
 */
record Template(List<Item> single, List<Item> pair) {

    /** One slot of a template: a special token, or sequence A (0) / B (1), with its segment id. */
    record Item(boolean isSequence, int sequence, String token, int id, int typeId) {
        static Item special(String token, int id, int typeId) { return new Item(false, -1, token, id, typeId); }
        static Item sequence(int which, int typeId) { return new Item(true, which, null, -1, typeId); }
    }

    static Template bert(String cls, int clsId, String sep, int sepId) {
        return new Template(
            List.of(Item.special(cls, clsId, 0), Item.sequence(0, 0), Item.special(sep, sepId, 0)),
            List.of(Item.special(cls, clsId, 0), Item.sequence(0, 0), Item.special(sep, sepId, 0),
                    Item.sequence(1, 1), Item.special(sep, sepId, 1)));
    }

    /** How many special tokens the template adds. */
    int added(boolean isPair) {
        int n = 0;
        for (Item it : isPair ? pair : single) if (!it.isSequence()) n++;
        return n;
    }
}
