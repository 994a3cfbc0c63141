#!/usr/bin/python3
"""Training-step speed of the plain-PyTorch BERT (torch_bert.py): BertForPreTraining with MLM (15% of the
positions, head only there) + NSP loss, dropout 0.1, backward, AdamW (weight decay 0.01), on seeded random
ids, the same work as `./bert4j bench --mode train`. Prints one JSON line like bert4j's --json.

Usage: /usr/bin/python3 reference/bench_train_torch.py [--layers 12] [--hidden 768] [--batch-size 8]
       [--seq-length 128] [--threads 1] [--iterations 5] [--warmup-seconds 2] [--mode train|infer]
"""
import argparse, json, os, sys, time
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bert import BertForPreTraining, Config


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=12); ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--batch-size", type=int, default=8); ap.add_argument("--seq-length", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--warmup-seconds", type=float, default=2.0); ap.add_argument("--mode", default="train")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    H, L, B, T = a.hidden, a.layers, a.batch_size, a.seq_length
    c = Config.base(hidden_size=H, num_hidden_layers=L, num_attention_heads=max(1, H // 64), intermediate_size=4 * H)
    model = BertForPreTraining(c)
    ids = torch.randint(1000, c.vocab_size, (B, T)); ids[:, 0] = 101; ids[:, -1] = 102; ids[:, T // 2 - 1] = 102
    types = torch.zeros_like(ids); types[:, T // 2:] = 1
    mask = torch.ones_like(ids)
    n = max(1, round(T * 0.15))
    pos = torch.cat([b * T + 1 + torch.randperm(T - 1)[:n] for b in range(B)])
    labels = ids.reshape(-1)[pos]
    nsp = torch.randint(0, 2, (B,))
    if a.mode == "train":
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.01)
        def step():
            opt.zero_grad(set_to_none=False)
            loss = model(ids, mask, types, pos, labels, nsp)
            loss.backward()
            opt.step()
    else:
        model.eval()
        def step():
            with torch.no_grad(): model.bert(ids, mask, types)
    end = time.perf_counter() + a.warmup_seconds
    step()
    while time.perf_counter() < end: step()
    ms = []
    cpu0 = time.process_time()  # all threads of the process, like bert4j's cpu_ms
    for _ in range(a.iterations):
        s = time.perf_counter(); step(); ms.append((time.perf_counter() - s) * 1e3)
    cpu_ms = (time.process_time() - cpu0) * 1e3 / a.iterations
    ms.sort()
    def pct(p):
        x = p / 100 * (len(ms) - 1); lo = int(x); hi = min(lo + 1, len(ms) - 1)
        return ms[lo] + (ms[hi] - ms[lo]) * (x - lo)
    med = pct(50)
    flops = 2 * T * (4 * H * H + 2 * H * 4 * H) + 4 * T * T * H
    flops *= L * B * (3 if a.mode == "train" else 1)
    print(json.dumps(dict(model="torch L%d-H%d" % (L, H), mode=a.mode, batch_size=B, seq_length=T, threads=a.threads,
                          kernels="torch " + torch.__version__, iterations=a.iterations, median_ms=med, p10_ms=pct(10),
                          p90_ms=pct(90), min_ms=ms[0], max_ms=ms[-1], sequences_per_second=B / (med / 1e3),
                          tokens_per_second=B * T / (med / 1e3), gflops=flops / (med / 1e3) / 1e9,
                          cpu_ms=cpu_ms, gflops_per_cpu_second=flops / (cpu_ms / 1e3) / 1e9,
                          load_average=os.getloadavg()[0])))


if __name__ == "__main__":
    main()
