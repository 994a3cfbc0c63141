package org.bert4j.tasks.ner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;
import org.junit.jupiter.api.Test;

/** First-sub-token labels with the real uncased vocabulary. */
class LabelAlignerTest {

    static final BertTokenizer TOK = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true);
    static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC");
    static final Map<String, Integer> IDS = new HashMap<>();
    static {
        for (int i = 0; i < LABELS.size(); i++) IDS.put(LABELS.get(i), i);
    }

    @Test
    void firstSubTokenCarriesTheLabel() {
        List<String> words = List.of("Unaffable", "U.S.", "envoy", "Blackburn");
        List<String> tags = List.of("O", "B-LOC", "O", "B-PER");
        List<LabelAligner.Feature> fs = new LabelAligner(TOK, 128, LabelAligner.Overflow.SPLIT).align(words, tags, IDS);
        assertEquals(1, fs.size());
        LabelAligner.Feature f = fs.get(0);
        List<String> tokens = new ArrayList<>();
        for (int id : f.inputIds()) tokens.add(TOK.vocab().token(id));
        // [CLS] un ##af ##fa ##ble u . s . envoy blackburn [SEP]
        assertEquals(List.of("[CLS]", "una", "##ffa", "##ble", "u", ".", "s", ".", "envoy", "blackburn", "[SEP]"), tokens);
        int I = LabelAligner.IGNORE;
        assertArrayEquals(new int[] {I, 0, I, I, 3, I, I, I, 0, 1, I}, f.labelIds());
        assertArrayEquals(new int[] {-1, 0, 0, 0, 1, 1, 1, 1, 2, 3, -1}, f.wordIds());
        assertEquals(List.of(), f.droppedWords());
        // predictions back to words: the first sub-token decides
        int[] pred = new int[f.length()];
        pred[4] = 3; pred[5] = 1; pred[9] = 1;
        assertEquals(List.of("O", "B-LOC", "O", "B-PER"), LabelAligner.wordPredictions(fs, List.of(pred), LABELS, 4, "O"));
    }

    @Test
    void longSentencesAreSplitAtWordBoundariesOrTruncated() {
        List<String> words = List.of("Unaffable", "a", "b", "Unaffable", "c", "d");  // token counts 3 1 1 3 1 1
        List<String> tags = List.of("B-PER", "O", "O", "B-LOC", "O", "B-ORG");
        List<LabelAligner.Feature> fs = new LabelAligner(TOK, 7, LabelAligner.Overflow.SPLIT).align(words, tags, IDS);
        // budget 5 tokens: [Unaffable a b] (5), [Unaffable c d] (5)
        assertEquals(2, fs.size());
        assertEquals(0, fs.get(0).firstWord());
        assertEquals(3, fs.get(0).wordCount());
        assertEquals(3, fs.get(1).firstWord());
        assertEquals(7, fs.get(1).length());
        assertArrayEquals(new int[] {-100, 3, -100, -100, 0, 5, -100}, fs.get(1).labelIds());
        List<LabelAligner.Feature> smaller = new LabelAligner(TOK, 6, LabelAligner.Overflow.SPLIT).align(words, tags, IDS);
        // budget 4: [Unaffable a] [b] ... no: [Unaffable a] (4), [b Unaffable] (4), [c d] (2)
        assertEquals(List.of(0, 2, 4), smaller.stream().map(LabelAligner.Feature::firstWord).toList());
        List<LabelAligner.Feature> truncated = new LabelAligner(TOK, 6, LabelAligner.Overflow.TRUNCATE).align(words, tags, IDS);
        assertEquals(1, truncated.size());
        assertEquals(List.of("B-PER", "O", "O", "O", "O", "O"),
            LabelAligner.wordPredictions(truncated, List.of(new int[] {0, 1, 0, 0, 0, 0}), LABELS, 6, "O"),
            "words past the cut get the fallback");
        // a single word longer than the budget is truncated, not dropped
        List<LabelAligner.Feature> tiny = new LabelAligner(TOK, 4, LabelAligner.Overflow.SPLIT).align(words, tags, IDS);
        assertEquals(4, tiny.get(0).length());
        assertEquals(1, tiny.get(0).labelIds()[1]);
        assertEquals(1, tiny.get(1).firstWord());
    }

    @Test
    void everyTestaWordIsLabelledOnce() {
        LabelAligner a = new LabelAligner(TOK, 128, LabelAligner.Overflow.SPLIT);
        int words = 0, labelled = 0, pieces = 0, dropped = 0;
        for (ConllSentence s : ConllReaderTest.TESTA.sentences()) {
            ConllSentence s2 = s.withIob2();
            List<LabelAligner.Feature> fs = a.align(s2.tokens(), s2.ner(), IDS);
            pieces += fs.size();
            words += s2.size();
            for (LabelAligner.Feature f : fs) {
                assertTrue(f.length() <= 128);
                dropped += f.droppedWords().size();
                for (int k = 0; k < f.length(); k++) {
                    if (f.labelIds()[k] != LabelAligner.IGNORE) {
                        labelled++;
                        assertEquals(IDS.get(s2.ner().get(f.wordIds()[k])), f.labelIds()[k]);
                    }
                }
            }
        }
        assertEquals(51362, words);
        assertEquals(words, labelled + dropped);
        assertTrue(pieces >= 3250, "pieces " + pieces);
    }
}
