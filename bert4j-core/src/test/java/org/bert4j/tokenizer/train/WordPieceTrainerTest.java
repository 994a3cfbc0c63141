package org.bert4j.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.bert4j.testing.Corpora;
import org.bert4j.testing.SharedData;
import org.bert4j.tokenizer.BertTokenizer;
import org.bert4j.tokenizer.Vocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WordPiece vocabulary training: the merge order on a toy corpus, and a vocabulary learned from the State of the Union. */
class WordPieceTrainerTest {
    @TempDir Path tmp;

    @Test
    void mergesTheMostFrequentPairFirst() {
        // Hugging Face's course example: hug 10, pug 5, pun 12, bun 4, hugs 5
        Map<String, Long> counts = Map.of("hug", 10L, "pug", 5L, "pun", 12L, "bun", 4L, "hugs", 5L);
        List<String> v = new WordPieceTrainer(WordPieceTrainer.Options.bert(5 + 14 + 3)).train(counts, null);
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "b", "g", "h", "n", "p", "s", "u",
                             "##b", "##g", "##h", "##n", "##p", "##s", "##u"), v.subList(0, 19));
        // pair counts: (##u ##g) 10 + 5 + 5 = 20, (p ##u) 17, (##u ##n) 16, (h ##u) 15
        assertEquals("##ug", v.get(19));
        // then (##u ##n) 12 + 4 = 16 beats (h ##ug) 15 and (p ##u) 12, which lost pug to ##ug
        assertEquals("##un", v.get(20));
        assertEquals("hug", v.get(21));
        assertEquals(22, v.size());
    }

    @Test
    void mergeWordIsLeftToRightAndNonOverlapping() {
        assertArrayEquals(new int[] {9, 1}, WordPieceTrainer.mergeWord(new int[] {1, 1, 1}, 1, 1, 9));
        assertArrayEquals(new int[] {9, 9}, WordPieceTrainer.mergeWord(new int[] {1, 1, 1, 1}, 1, 1, 9));
        int[] same = {1, 2, 3};
        assertTrue(same == WordPieceTrainer.mergeWord(same, 3, 1, 9));
    }

    @Test
    void sotuVocabulary() throws Exception {
        List<JsonNode> docs = Corpora.jsonl(SharedData.data("sotu/sotu_1790-2011.jsonl.gz"));
        int heldBack = 20;
        List<String> train = new ArrayList<>(), held = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) (i < docs.size() - heldBack ? train : held).add(docs.get(i).path("text").asText());
        long t0 = System.nanoTime();
        Map<String, Long> counts;
        try (WordCounter counter = new WordCounter(true, Runtime.getRuntime().availableProcessors())) {
            for (int i = 0; i < train.size(); i += 16) counter.add(train.subList(i, Math.min(train.size(), i + 16)));
            counts = counter.counts();
        }
        long t1 = System.nanoTime();
        List<String> vocab = new WordPieceTrainer(WordPieceTrainer.Options.bert(8000)).train(counts, null);
        long t2 = System.nanoTime();
        Path file = tmp.resolve("vocab.txt");
        WordPieceTrainer.write(vocab, file);

        assertEquals(8000, vocab.size());
        assertEquals(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"), vocab.subList(0, 5));
        assertEquals(vocab.size(), new HashSet<>(vocab).size(), "no duplicates");
        for (String w : counts.keySet()) {
            w.codePoints().forEach(cp -> {
                assertTrue(vocab.contains(Character.toString(cp)) && vocab.contains("##" + Character.toString(cp)), "character " + cp);
            });
        }
        BertTokenizer ours = BertTokenizer.fromVocab(Vocab.load(file), BertTokenizer.Settings.huggingFace(true));
        BertTokenizer bert = BertTokenizer.fromVocab(SharedData.data("bert-vocab/bert-base-uncased-vocab.txt"), true);
        double[] sotuOurs = rates(ours, held), sotuBert = rates(bert, held);
        List<String> wiki = Files.readAllLines(SharedData.data("wikitext-2-raw/wiki.test.raw"));
        double[] wikiOurs = rates(ours, wiki), wikiBert = rates(bert, wiki);
        System.out.printf("SOTU vocab 8000 (uncased): %d words (%d distinct) counted in %.2f s, trained in %.2f s%n",
                          counts.values().stream().mapToLong(Long::longValue).sum(), counts.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        System.out.printf("held-back SOTU (last %d addresses): [UNK] %.3f%%, tokens/word %.3f; bert-base-uncased [UNK] %.3f%%, tokens/word %.3f%n",
                          heldBack, 100 * sotuOurs[0], sotuOurs[1], 100 * sotuBert[0], sotuBert[1]);
        System.out.printf("WikiText-2 test: [UNK] %.3f%%, tokens/word %.3f; bert-base-uncased [UNK] %.3f%%, tokens/word %.3f%n",
                          100 * wikiOurs[0], wikiOurs[1], 100 * wikiBert[0], wikiBert[1]);
        assertTrue(sotuOurs[0] < 0.01, "[UNK] rate on held-back SOTU " + sotuOurs[0]);
        assertTrue(sotuOurs[1] < 1.25, "tokens per word on held-back SOTU " + sotuOurs[1]);
        assertTrue(wikiOurs[1] > wikiBert[1], "a 8k vocabulary of one corpus splits WikiText more than BERT's 30k");
        assertTrue(wikiOurs[1] < 2 * wikiBert[1], "but not absurdly: " + wikiOurs[1] + " vs " + wikiBert[1]);
    }

    /** [UNK] share of tokens, and tokens per basic word. */
    static double[] rates(BertTokenizer tok, List<String> texts) {
        long unk = 0, tokens = 0, words = 0;
        for (String t : texts) {
            words += tok.basicTokens(t).size();
            for (String p : tok.tokenize(t)) { tokens++; if (p.equals("[UNK]")) unk++; }
        }
        return new double[] {(double) unk / tokens, (double) tokens / words};
    }
}
