package org.bert4j.tasks.pretraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What {@code create_pretraining_data} produced, measured on the instances: the NSP label balance,
 * the masked share and the 80/10/10 split, the lengths, and how often pairs were truncated.
 *
 * <p>IsNext is below 50% overall because a chunk of one segment (a document's last sentence, or one
 * sentence longer than the target) is always NotNext; among instances whose chunk had two or more
 * segments it is 50% by construction. "Full length" means the target was {@code max_num_tokens} (no
 * short_seq draw) and the chunk reached it (not cut short by the end of the document).
 *
 * <p>80/10/10 is read back from the output: a masked position holding {@code [MASK]} was masked, one
 * holding its original id was kept (a random draw that hits the original, p = 1/|vocab|, also counts
 * here), anything else was replaced by a random token. Not thread-safe: one per pass, then {@link #merge}.
 */
public final class PretrainingStatistics {
    public static final int BUCKET = 16;

    private final int maskId;
    private final int maxSeqLength;
    long instances, isNext;
    long fullLength, fullLengthIsNext;
    long multiSegment, multiSegmentIsNext;
    long shortTarget, truncated;
    long tokens, specialTokens, masked, maskedAsMask, maskedKept, maskedRandom;
    long maxLength;
    final long[] lengthHistogram;

    public PretrainingStatistics(int maskId, int maxSeqLength) {
        this.maskId = maskId;
        this.maxSeqLength = maxSeqLength;
        this.lengthHistogram = new long[maxSeqLength / BUCKET + 1];
    }

    void add(PretrainingInstance inst, boolean shortSeq, boolean wasTruncated, boolean chunkReachedTarget, int chunkSegments) {
        instances++;
        boolean next = !inst.isRandomNext();
        if (next) isNext++;
        if (!shortSeq && chunkReachedTarget) { fullLength++; if (next) fullLengthIsNext++; }
        if (chunkSegments >= 2) { multiSegment++; if (next) multiSegmentIsNext++; }
        if (shortSeq) shortTarget++;
        if (wasTruncated) truncated++;
        int n = inst.length();
        tokens += n;
        specialTokens += 3;
        maxLength = Math.max(maxLength, n);
        lengthHistogram[Math.min(n / BUCKET, lengthHistogram.length - 1)]++;
        int[] pos = inst.maskedLmPositions(), ids = inst.maskedLmIds(), in = inst.inputIds();
        masked += pos.length;
        for (int k = 0; k < pos.length; k++) {
            int now = in[pos[k]];
            if (now == maskId) maskedAsMask++;
            else if (now == ids[k]) maskedKept++;
            else maskedRandom++;
        }
    }

    /** Adds the counts of {@code other} to this. */
    public void merge(PretrainingStatistics other) {
        instances += other.instances; isNext += other.isNext;
        fullLength += other.fullLength; fullLengthIsNext += other.fullLengthIsNext;
        multiSegment += other.multiSegment; multiSegmentIsNext += other.multiSegmentIsNext;
        shortTarget += other.shortTarget; truncated += other.truncated;
        tokens += other.tokens; specialTokens += other.specialTokens; masked += other.masked;
        maskedAsMask += other.maskedAsMask; maskedKept += other.maskedKept; maskedRandom += other.maskedRandom;
        maxLength = Math.max(maxLength, other.maxLength);
        for (int i = 0; i < lengthHistogram.length; i++) lengthHistogram[i] += other.lengthHistogram[i];
    }

    public long instances() { return instances; }
    public long truncatedPairs() { return truncated; }
    public long maxLength() { return maxLength; }
    public double isNextShare() { return share(isNext, instances); }
    public double isNextShareFullLength() { return share(fullLengthIsNext, fullLength); }
    public double isNextShareMultiSegment() { return share(multiSegmentIsNext, multiSegment); }
    /** Masked positions per token, {@code [CLS]}/{@code [SEP]} included (the base of {@code num_to_predict}). */
    public double maskedShare() { return share(masked, tokens); }
    public double maskShare() { return share(maskedAsMask, masked); }
    public double keptShare() { return share(maskedKept, masked); }
    public double randomShare() { return share(maskedRandom, masked); }
    public long[] lengthHistogram() { return lengthHistogram.clone(); }

    private static double share(long a, long b) { return b == 0 ? Double.NaN : (double) a / b; }

    /** The statistics as the {@code stats.json} object. */
    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("instances", instances);
        o.put("is_next", isNext);
        o.put("is_next_share", isNextShare());
        o.put("full_length_instances", fullLength);
        o.put("is_next_share_full_length", isNextShareFullLength());
        o.put("multi_segment_instances", multiSegment);
        o.put("is_next_share_multi_segment", isNextShareMultiSegment());
        o.put("short_target_instances", shortTarget);
        o.put("truncated_pairs", truncated);
        o.put("tokens", tokens);
        o.put("masked_positions", masked);
        o.put("masked_share_of_tokens", maskedShare());
        o.put("masked_share_of_non_special_tokens", share(masked, tokens - specialTokens));
        o.put("masked_as_mask_share", maskShare());
        o.put("masked_kept_share", keptShare());
        o.put("masked_random_share", randomShare());
        o.put("mean_length", share(tokens, instances));
        o.put("max_length", maxLength);
        o.put("max_seq_length", maxSeqLength);
        ObjectNode h = o.putObject("length_histogram");
        for (int b = 0; b < lengthHistogram.length; b++) h.put(bucketLabel(b), lengthHistogram[b]);
        return o;
    }

    private static String bucketLabel(int b) { return (b * BUCKET) + "-" + (b * BUCKET + BUCKET - 1); }

    /** A human-readable table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        row(sb, "instances", String.valueOf(instances));
        row(sb, "IsNext share (all)", pct(isNextShare()));
        row(sb, "IsNext share (full length: " + fullLength + ")", pct(isNextShareFullLength()));
        row(sb, "IsNext share (chunk >= 2 segments: " + multiSegment + ")", pct(isNextShareMultiSegment()));
        row(sb, "short-target instances", shortTarget + " (" + pct(share(shortTarget, instances)) + ")");
        row(sb, "truncated pairs", truncated + " (" + pct(share(truncated, instances)) + ")");
        row(sb, "masked share of tokens", pct(maskedShare()));
        row(sb, "masked -> [MASK] / kept / random", pct(maskShare()) + " / " + pct(keptShare()) + " / " + pct(randomShare()));
        row(sb, "mean / max length", String.format(Locale.ROOT, "%.1f / %d (max_seq_length %d)", share(tokens, instances), maxLength, maxSeqLength));
        sb.append("length histogram:\n");
        long peak = 1;
        for (long c : lengthHistogram) peak = Math.max(peak, c);
        for (int b = 0; b < lengthHistogram.length; b++) {
            if (lengthHistogram[b] == 0) continue;
            sb.append(String.format(Locale.ROOT, "  %9s %9d %s%n", bucketLabel(b), lengthHistogram[b],
                                    "#".repeat((int) (40 * lengthHistogram[b] / peak))));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) { sb.append(String.format(Locale.ROOT, "%-44s %s%n", k, v)); }

    private static String pct(double x) { return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * x); }
}
