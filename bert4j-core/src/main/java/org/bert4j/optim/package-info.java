/**
 * Optimizers, learning-rate schedules and gradient clipping for fine-tuning and pre-training.
 *
 * <p>Three optimizers share one moment store and one state format ({@code <param>.exp_avg},
 * {@code <param>.exp_avg_sq}, as {@code torch.optim.AdamW.state_dict()} names them):
 * {@link org.bert4j.optim.AdamW} (PyTorch's {@code torch.optim.AdamW}),
 * {@link org.bert4j.optim.BertAdam} (google-research/bert {@code optimization.py}
 * {@code AdamWeightDecayOptimizer}, the optimizer of the paper's runs) and
 * {@link org.bert4j.optim.Lamb} (NVIDIA's large-batch pre-training optimizer). Weight decay is
 * skipped by parameter name ({@link org.bert4j.optim.WeightDecayExclusion}), like Google's
 * {@code exclude_from_weight_decay}. {@link org.bert4j.optim.LrSchedule} gives the paper's
 * warm-up plus linear decay and Hugging Face's other schedules; {@link org.bert4j.optim.GradClip}
 * is {@code torch.nn.utils.clip_grad_norm_}. Golden values: {@code reference/make_optimizer_fixtures.py}.
 */
package org.bert4j.optim;
