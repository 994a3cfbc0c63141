package org.bert4j.tasks.squad;

import java.util.List;

/**
 * A deterministic split of one SQuAD file by article, for when only the dev set is at hand (the
 * real {@code train-v1.1.json} is not): the first {@code trainArticles} articles for fine-tuning, the
 * rest held back for evaluation. Splitting by article keeps paragraphs of one topic on one side.
 *
 * @param train examples of the first articles
 * @param heldOut examples of the remaining articles
 */
public record SquadSplit(List<SquadExample> train, List<SquadExample> heldOut) {

    /** The default split of the 48-article dev-v1.1: 38 articles for training, the last 10 held back. */
    public static SquadSplit devDefault(SquadDataset dev) { return byArticle(dev, dev.articles() - 10); }

    public static SquadSplit byArticle(SquadDataset dataset, int trainArticles) {
        if (trainArticles < 0 || trainArticles > dataset.articles()) {
            throw new IllegalArgumentException("trainArticles must be in 0.." + dataset.articles() + ", got " + trainArticles);
        }
        List<SquadExample> train = dataset.examples().stream().filter(e -> e.articleIndex() < trainArticles).toList();
        List<SquadExample> held = dataset.examples().stream().filter(e -> e.articleIndex() >= trainArticles).toList();
        return new SquadSplit(train, held);
    }
}
