package org.bert4j.tasks.pretraining;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.Vocab;

/**
 * A corpus whose token ids say where they come from: token {@code id = BASE + doc * STRIDE + k} is the
 * k-th token of document {@code doc} (counted over all its sentences). Every third token starts a
 * word; the two after it are {@code ##} pieces. Sentence lengths are 3..14 tokens, seeded.
 */
final class NumberedCorpus {
    static final int BASE = 5, STRIDE = 1000, CLS = 2, SEP = 3, MASK = 4;

    final List<int[][]> documents = new ArrayList<>();
    final BertTokenizer tokenizer;

    NumberedCorpus(int docs, int sentencesPerDoc, long seed) {
        Random r = new Random(seed);
        for (int d = 0; d < docs; d++) {
            List<int[]> sents = new ArrayList<>();
            int k = 0;
            for (int s = 0; s < sentencesPerDoc; s++) {
                int[] sent = new int[3 + r.nextInt(12)];
                for (int i = 0; i < sent.length; i++) sent[i] = BASE + d * STRIDE + k++;
                sents.add(sent);
            }
            if (k >= STRIDE) throw new IllegalArgumentException("document too long for the numbering");
            documents.add(sents.toArray(new int[0][]));
        }
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int id = BASE; id < BASE + docs * STRIDE; id++) tokens.add(isContinuation(id) ? "##t" + id : "t" + id);
        tokenizer = BertTokenizer.fromVocab(new Vocab(tokens), BertTokenizer.Settings.huggingFace(true));
    }

    static int doc(int id) { return (id - BASE) / STRIDE; }
    static int index(int id) { return (id - BASE) % STRIDE; }
    static boolean isContinuation(int id) { return index(id) % 3 != 0; }
}
