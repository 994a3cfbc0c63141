#!/usr/bin/env python3
"""Golden values for org.bert4j.optim: three optimizer steps of AdamW, Google's BERT Adam and LAMB,
plus gradient clipping, on small tensors named like real BERT parameters.

  * AdamW: torch.optim.AdamW itself (foreach=False), weight decay on the decayed group only.
  * BertAdam: google-research/bert optimization.py AdamWeightDecayOptimizer, written in torch ops
    (no bias correction; update = m / (sqrt(v) + eps) + wd * p; p -= lr * update).
  * LAMB: NVIDIA's (apex FusedLAMB / multi_tensor_lamb.cu, adam_w_mode, bias correction, grad
    averaging, without its built-in global clipping) in torch ops: update = m_hat / (sqrt(v_hat) + eps)
    + wd * p; ratio = ||p|| / ||update|| (1 when either is 0), applied when wd != 0 or use_nvlamb.
  * clipping: torch.nn.utils.clip_grad_norm_.

Decay exclusion mirrors Google's exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"].
All arithmetic is float32, as in the Java code. Writes
bert4j-core/src/test/resources/fixtures/optim/optimizer_steps.json.

Usage: python3 reference/make_optimizer_fixtures.py      (torch 1.13+, numpy)
"""
import json, math, os
import torch

torch.manual_seed(20181011)
SHAPES = {
    "bert.encoder.layer.0.attention.output.dense.weight": [3, 4],
    "bert.encoder.layer.0.attention.output.dense.bias": [3],
    "bert.encoder.layer.0.attention.output.LayerNorm.weight": [3],
    "bert.encoder.layer.0.attention.output.LayerNorm.bias": [3],
    "cls.predictions.transform.dense.weight": [2, 5],
    "classifier.weight": [2, 3],          # starts at zero: LAMB's ||p|| = 0 case
}
EXCLUDE = ["LayerNorm", "layer_norm", "bias"]
STEPS = 3
LRS = [1e-2, 2e-2, 5e-3]
WD = 0.1

def decayed(name):
    return not any(e in name for e in EXCLUDE)

init = {}
for n, s in SHAPES.items():
    init[n] = torch.zeros(s) if n == "classifier.weight" else torch.randn(s) * 0.5
    if "LayerNorm.weight" in n:
        init[n] = 1.0 + 0.1 * torch.randn(s)
grads = [{n: torch.randn(s) * (0.1 if k == 1 else 1.0) for n, s in SHAPES.items()} for k in range(STEPS)]

def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]

def run_adamw():
    params = {n: torch.nn.Parameter(init[n].clone()) for n in SHAPES}
    groups = [{"params": [params[n] for n in SHAPES if decayed(n)], "weight_decay": WD},
              {"params": [params[n] for n in SHAPES if not decayed(n)], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=LRS[0], betas=(0.9, 0.999), eps=1e-8, foreach=False)
    out = []
    for k in range(STEPS):
        for g in opt.param_groups:
            g["lr"] = LRS[k]
        for n in SHAPES:
            params[n].grad = grads[k][n].clone()
        opt.step()
        out.append({n: flat(params[n]) for n in SHAPES})
    state = {}
    for n in SHAPES:
        st = opt.state[params[n]]
        state[n + ".exp_avg"] = flat(st["exp_avg"])
        state[n + ".exp_avg_sq"] = flat(st["exp_avg_sq"])
    return out, state

def run_bert_adam(beta1=0.9, beta2=0.999, eps=1e-6):
    p = {n: init[n].clone() for n in SHAPES}
    m = {n: torch.zeros(SHAPES[n]) for n in SHAPES}
    v = {n: torch.zeros(SHAPES[n]) for n in SHAPES}
    out = []
    for k in range(STEPS):
        for n in SHAPES:
            g = grads[k][n]
            m[n] = beta1 * m[n] + (1.0 - beta1) * g
            v[n] = beta2 * v[n] + (1.0 - beta2) * g * g
            update = m[n] / (torch.sqrt(v[n]) + eps)
            if decayed(n):
                update = update + WD * p[n]
            p[n] = p[n] - LRS[k] * update
        out.append({n: flat(p[n]) for n in SHAPES})
    return out

def run_lamb(use_nvlamb, beta1=0.9, beta2=0.999, eps=1e-6):
    p = {n: init[n].clone() for n in SHAPES}
    m = {n: torch.zeros(SHAPES[n]) for n in SHAPES}
    v = {n: torch.zeros(SHAPES[n]) for n in SHAPES}
    out = []
    for k in range(STEPS):
        t = k + 1
        bc1, bc2 = 1.0 - beta1 ** t, 1.0 - beta2 ** t
        for n in SHAPES:
            g = grads[k][n]
            wd = WD if decayed(n) else 0.0
            m[n] = beta1 * m[n] + (1.0 - beta1) * g
            v[n] = beta2 * v[n] + (1.0 - beta2) * g * g
            update = (m[n] / bc1) / (torch.sqrt(v[n] / bc2) + eps) + wd * p[n]
            ratio = 1.0
            if use_nvlamb or wd != 0.0:
                pn, un = float(torch.linalg.norm(p[n])), float(torch.linalg.norm(update))
                ratio = pn / un if pn != 0.0 and un != 0.0 else 1.0
            p[n] = p[n] - LRS[k] * ratio * update
        out.append({n: flat(p[n]) for n in SHAPES})
    return out

def clip_case(max_norm):
    ps = [torch.nn.Parameter(init[n].clone()) for n in SHAPES]
    for q, n in zip(ps, SHAPES):
        q.grad = grads[0][n].clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    return {"max_norm": max_norm, "total_norm": float(total),
            "clipped": {n: flat(q.grad) for q, n in zip(ps, SHAPES)}}

adamw, adamw_state = run_adamw()
fixture = {
    "torch_version": torch.__version__,
    "shapes": SHAPES,
    "exclude_from_weight_decay": EXCLUDE,
    "weight_decay": WD,
    "lrs": LRS,
    "init": {n: flat(init[n]) for n in SHAPES},
    "grads": [{n: flat(g[n]) for n in SHAPES} for g in grads],
    "expected": {
        "adamw": adamw,
        "bert_adam": run_bert_adam(),
        "lamb": run_lamb(False),
        "nvlamb": run_lamb(True),
    },
    "adamw_state": adamw_state,
    "clip": [clip_case(1.0), clip_case(100.0)],
}
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "bert4j-core", "src", "test", "resources", "fixtures", "optim", "optimizer_steps.json")
with open(path, "w") as f:
    json.dump(fixture, f, indent=1)
print("wrote", os.path.normpath(path))
