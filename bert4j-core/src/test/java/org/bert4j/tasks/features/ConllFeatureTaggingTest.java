package org.bert4j.tasks.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bert4j.inference.Embedder;
import org.bert4j.optim.AdamW;
import org.bert4j.tasks.ner.ConllReader;
import org.bert4j.tasks.ner.ConllSentence;
import org.bert4j.tasks.ner.LabelAligner;
import org.bert4j.tasks.ner.NerTask;
import org.bert4j.train.BatchSampler;
import org.bert4j.train.TrainConfig;
import org.bert4j.train.TrainResult;
import org.bert4j.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BiLSTM on frozen features of the tiny random BERT, trained by the Trainer on 60 eng.train sentences. */
class ConllFeatureTaggingTest {
    @TempDir Path tmp;

    @Test
    void trainerFitsTheBiLstmOnConllFeatures() throws Exception {
        Path shared = Path.of(System.getProperty("bert4j.shared.dir"));
        List<ConllSentence> all = ConllReader.read(shared.resolve("data/conll2003/eng.train")).sentences().subList(0, 60).stream()
                .map(ConllSentence::withIob2).toList();
        List<String> labels = NerTask.labelsOf(all);
        Embedder embedder = Embedder.load(shared.resolve("data/tiny-random-bert"), null, 0, true);
        LabelAligner aligner = new LabelAligner(embedder.tokenizer(), 128, LabelAligner.Overflow.SPLIT);
        int[] layers = {-1, -2, -3, -4};
        List<ConllFeatureTagging.Sentence> feats = ConllFeatureTagging.extract(embedder, aligner, all, labels, layers, LayerCombine.CONCAT, null);
        assertEquals(4 * 32 * all.get(0).size(), feats.get(0).features().length, "concat of four 32-wide layers per word");
        List<ConllFeatureTagging.Sentence> sum = ConllFeatureTagging.extract(embedder, aligner, all.subList(0, 1), labels, layers, LayerCombine.SUM, null);
        float[] c = feats.get(0).features(), s = sum.get(0).features();
        for (int j = 0; j < 32; j++) assertEquals(c[j] + c[32 + j] + c[64 + j] + c[96 + j], s[j], 1e-4, "sum = sum of the concat's parts");

        // the union of layers extracted once gives every feature set the features of its own extraction
        ConllFeatureTagging.WordLayers union = ConllFeatureTagging.extractLayers(embedder, aligner, all.subList(0, 10), labels,
                new int[] {0, -1, -2, -3, -4, 4}, null);
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, union.layers(), "5 encoder layers: -4..-1 are 2..5, 4 = -2");
        assertEquals(10, union.sentences());
        for (int[] set : new int[][] {{0}, {-2}, {-1, -2, -3, -4}}) {
            for (LayerCombine how : new LayerCombine[] {LayerCombine.CONCAT, LayerCombine.SUM}) {
                List<ConllFeatureTagging.Sentence> own = ConllFeatureTagging.extract(embedder, aligner, all.subList(0, 10), labels, set, how, null);
                List<ConllFeatureTagging.Sentence> sliced = union.features(set, how, null);
                for (int i = 0; i < 10; i++) {
                    assertArrayEquals(own.get(i).features(), sliced.get(i).features(), 1e-6f, java.util.Arrays.toString(set) + " " + how);
                    assertArrayEquals(feats.get(i).labels(), sliced.get(i).labels());
                }
            }
        }
        // (up to rounding: the model saw other batches)
        assertArrayEquals(feats.get(3).features(), union.features(new int[] {-1, -2, -3, -4}, LayerCombine.CONCAT, null).get(3).features(), 1e-5f);

        BiLstmTagger tagger = new BiLstmTagger(128, 16, labels.size());
        tagger.initialize(new SplittableRandom(1));
        ConllFeatureTagging task = new ConllFeatureTagging(tagger, labels, feats, feats.subList(0, 20), all.subList(0, 20));
        BatchSampler sampler = new BatchSampler(task.lengths(), 8, 1, true, 1, false);
        TrainConfig config = TrainConfig.of(60, 1e-2).withEvalEvery(30).withPlotAtEnd(false).withBestMetric("f1", true);
        TrainResult r = new Trainer<>(task, sampler, new AdamW(0.0), config, tmp).run();
        assertEquals(60, r.steps());
        List<Double> losses = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(tmp.resolve("metrics.jsonl"))) losses.add(json.readTree(line).get("loss").asDouble());
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(55, 60).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        assertTrue(r.lastEval().containsKey("f1"));
    }
}
