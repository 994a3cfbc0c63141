#!/usr/bin/python3
"""Reference for bert4j's pre-training step: three optimizer steps of the tiny BERT, in plain PyTorch.

Same model, weights and batch as make_tiny_fixtures.py (hidden_act "gelu", dropout 0): the batch of
three sequences (lengths 7, 5, 3; MLM labels at 4 positions; NSP labels 0, 1, 1). Each step:
loss = mean MLM cross-entropy over the labelled positions + mean NSP cross-entropy; backward;
torch.nn.utils.clip_grad_norm_(1.0); optimizer step with the learning rate of a linear schedule
without warm-up (peak 1e-3 over 3 steps: 1e-3, 6.67e-4, 3.33e-4), as transformers'
get_linear_schedule_with_warmup. Weight decay 0.01 except on names containing LayerNorm, layer_norm
or bias (google-research/bert's exclusion list), epsilon 1e-6.

  adamw:     torch.optim.AdamW (bias correction, decoupled decay)
  bert-adam: google-research/bert optimization.py AdamWeightDecayOptimizer in torch ops
             (no bias correction; update = m / (sqrt(v) + eps) + wd * p; p -= lr * update)

All arithmetic in float64 (the exact math); stored as float32. Writes
bert4j-core/src/test/resources/fixtures/pretrain/steps-<optimizer>.safetensors holding
loss, mlm_loss, nsp_loss, grad_norm, lr [3] and the final weights as "weight.<canonical name>".

Usage: /usr/bin/python3 reference/make_pretrain_steps.py   (Debian python3-torch, no transformers)
"""
import os, sys
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tiny_fixtures import make_weights, forward, act_fn, write_safetensors, V  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bert4j-core", "src", "test", "resources", "fixtures", "pretrain")
STEPS, PEAK, WD, EPS, CLIP = 3, 1e-3, 0.01, 1e-6, 1.0
EXCLUDE = ["LayerNorm", "layer_norm", "bias"]


def decays(name):
    return not any(e in name for e in EXCLUDE)


def lr_at(step):
    return PEAK * (STEPS - step) / STEPS


class BertAdam(torch.optim.Optimizer):
    """google-research/bert AdamWeightDecayOptimizer.apply_gradients, step for step."""

    def __init__(self, params, lr, weight_decay, eps, betas=(0.9, 0.999)):
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, eps=eps, betas=betas))

    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                if p.grad is None: continue
                st = self.state[p]
                if not st:
                    st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                m = b1 * st["m"] + (1 - b1) * p.grad
                v = b2 * st["v"] + (1 - b2) * p.grad * p.grad
                update = m / (v.sqrt() + g["eps"]) + g["weight_decay"] * p
                p.sub_(g["lr"] * update)
                st["m"], st["v"] = m, v


def run(kind):
    w = make_weights()
    p = {k: v.clone().requires_grad_(True) for k, v in w.items()}
    groups = [dict(params=[p[n] for n in p if decays(n)], weight_decay=WD),
              dict(params=[p[n] for n in p if not decays(n)], weight_decay=0.0)]
    opt = torch.optim.AdamW(groups, lr=PEAK, eps=EPS, foreach=False) if kind == "adamw" else BertAdam(groups, lr=PEAK, weight_decay=WD, eps=EPS)
    ids = torch.tensor([[2, 17, 45, 3, 88, 61, 3], [2, 9, 3, 70, 3, 0, 0], [2, 98, 3, 0, 0, 0, 0]])
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0]])
    mask = torch.tensor([[1] * 7, [1] * 5 + [0] * 2, [1] * 3 + [0] * 4])
    mlm_labels = torch.full((3, 7), -100)
    mlm_labels[0, 1], mlm_labels[0, 5], mlm_labels[1, 3], mlm_labels[2, 1] = 31, 62, 5, 98
    nsp_labels = torch.tensor([0, 1, 1])
    rec = {k: [] for k in ("loss", "mlm_loss", "nsp_loss", "grad_norm", "lr")}
    for step in range(STEPS):
        opt.zero_grad()
        _, _, mlm_logits, nsp_logits = forward(p, ids, types, mask, act_fn("gelu"))
        mlm_loss = torch.nn.functional.cross_entropy(mlm_logits.reshape(-1, V), mlm_labels.reshape(-1), ignore_index=-100)
        nsp_loss = torch.nn.functional.cross_entropy(nsp_logits, nsp_labels)
        loss = mlm_loss + nsp_loss
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(list(p.values()), CLIP)
        for g in opt.param_groups: g["lr"] = lr_at(step)
        opt.step()
        for k, v in (("loss", loss), ("mlm_loss", mlm_loss), ("nsp_loss", nsp_loss), ("grad_norm", norm), ("lr", torch.tensor(lr_at(step)))):
            rec[k].append(float(v))
        print(kind, "step", step + 1, "loss %.6f mlm %.6f nsp %.6f grad_norm %.4f" % (loss, mlm_loss, nsp_loss, norm))
    out = {k: torch.tensor(v, dtype=torch.float64) for k, v in rec.items()}
    for k, v in p.items(): out["weight." + k] = v.detach()
    write_safetensors(os.path.join(OUT, "steps-%s.safetensors" % kind), out)


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT, exist_ok=True)
    for kind in ("adamw", "bert-adam"):
        run(kind)
