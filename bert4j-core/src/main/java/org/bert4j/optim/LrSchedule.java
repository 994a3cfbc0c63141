package org.bert4j.optim;

import java.util.Locale;

/**
 * Learning rate as a pure function of the optimizer step.
 *
 * <p>{@code step} is the number of optimizer steps already taken (0 for the first update), the
 * value {@code LambdaLR} sees in Hugging Face's schedules and {@code global_step} in Google's
 * {@code optimization.py}; so with warm-up the very first update uses learning rate 0, as in both.
 * The implementations mirror {@code transformers.optimization}:
 * <ul>
 *   <li>{@code linear}: {@code get_linear_schedule_with_warmup}, the paper's schedule (§A.2:
 *       "learning rate warmup over the first 10,000 steps, and linear decay"):
 *       {@code s/W} for {@code s < W}, then {@code max(0, (T - s) / (T - W))}.</li>
 *   <li>{@code constant}: {@code get_constant_schedule}.</li>
 *   <li>{@code constant_with_warmup}: {@code s/W}, then 1.</li>
 *   <li>{@code cosine}: {@code get_cosine_schedule_with_warmup} (half a cosine period).</li>
 *   <li>{@code polynomial[:power]}: {@code get_polynomial_decay_schedule_with_warmup} with
 *       {@code lr_end = 0}; power 1 equals {@code linear}.</li>
 *   <li>{@code google}: google-research/bert {@code create_optimizer}: polynomial (power 1) decay
 *       from step 0 over {@code T} steps, replaced by {@code s/W} during warm-up.</li>
 * </ul>
 * Each returns {@code peak * factor(step)}.
 */
public interface LrSchedule {

    /** The learning rate for the update after {@code step} completed updates. */
    double lr(long step);

    /** Parses one of the names above; {@code warmup} and {@code total} are in optimizer steps. */
    static LrSchedule parse(String name, double peak, long warmup, long total) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        if (warmup < 0 || total < 0) throw new IllegalArgumentException("warmup and total steps must be >= 0");
        if (n.startsWith("polynomial")) {
            double power = n.equals("polynomial") ? 1.0 : Double.parseDouble(n.substring(n.indexOf(':') + 1));
            return polynomial(peak, warmup, total, power);
        }
        return switch (n) {
            case "linear" -> linear(peak, warmup, total);
            case "constant" -> constant(peak);
            case "constant_with_warmup" -> constantWithWarmup(peak, warmup);
            case "cosine" -> cosine(peak, warmup, total);
            case "google" -> google(peak, warmup, total);
            default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                    + "' (expected linear, constant, constant_with_warmup, cosine, polynomial[:power] or google)");
        };
    }

    private static double warm(long step, long warmup) {
        return (double) step / Math.max(1, warmup);
    }

    static LrSchedule linear(double peak, long warmup, long total) {
        return step -> step < warmup ? peak * warm(step, warmup)
                : peak * Math.max(0.0, (double) (total - step) / Math.max(1, total - warmup));
    }

    static LrSchedule constant(double peak) {
        return step -> peak;
    }

    static LrSchedule constantWithWarmup(double peak, long warmup) {
        return step -> step < warmup ? peak * warm(step, warmup) : peak;
    }

    static LrSchedule cosine(double peak, long warmup, long total) {
        return step -> {
            if (step < warmup) return peak * warm(step, warmup);
            double progress = (double) (step - warmup) / Math.max(1, total - warmup);
            return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
        };
    }

    static LrSchedule polynomial(double peak, long warmup, long total, double power) {
        return step -> {
            if (step < warmup) return peak * warm(step, warmup);
            if (step > total) return 0.0;
            double remaining = 1.0 - (double) (step - warmup) / Math.max(1, total - warmup);
            return peak * Math.pow(remaining, power);
        };
    }

    static LrSchedule google(double peak, long warmup, long total) {
        return step -> {
            if (step < warmup) return peak * warm(step, warmup);
            double s = Math.min(step, total);
            return peak * (1.0 - s / Math.max(1, total));
        };
    }
}
