#!/usr/bin/python3
"""Reference activations and gradients for bert4j's model tests, from a BERT written in plain PyTorch.

The model below mirrors Hugging Face's modeling_bert.BertForPreTraining (v4.x) operation by
operation: embeddings (word + token type + position, LayerNorm, dropout), self-attention with the
extended attention mask (1 - mask) * finfo.min, BertSelfOutput / BertIntermediate / BertOutput,
the tanh pooler on [CLS], the MLM head (dense, activation, LayerNorm, decoder tied to the word
embeddings plus cls.predictions.bias) and the 2-way NSP head. Everything is computed in float64 and
stored as float32, so the fixture is the exact math, not one float32 rounding of it.

Writes to bert4j-core/src/test/resources/fixtures/tiny/:
  config.json                    the odd-shaped tiny config (hidden_act "gelu")
  weights.safetensors            seeded random weights, BertForPreTraining state-dict names
                                 ("bert." prefix on encoder keys, "cls.*" heads)
  activations-gelu.safetensors, activations-gelu_tanh.safetensors, one per activation:
    input_ids, token_type_ids, attention_mask [3, 7] (I64), mlm_labels [3, 7] (-100 = ignored),
    nsp_labels [3]; hidden_states.0 .. hidden_states.3 [3, 7, 36]; pooled [3, 36];
    mlm_logits [3, 7, 99]; nsp_logits [3, 2]; loss, mlm_loss, nsp_loss [] (dropout 0);
    grad.<canonical name> for every parameter.

Usage: /usr/bin/python3 reference/make_tiny_fixtures.py   (Debian python3-torch, no transformers)
"""
import json, math, os, struct
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bert4j-core", "src", "test", "resources", "fixtures", "tiny")
CONFIG = dict(vocab_size=99, hidden_size=36, num_hidden_layers=3, num_attention_heads=4, intermediate_size=37,
              hidden_act="gelu", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, max_position_embeddings=40,
              type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12, model_type="bert",
              architectures=["BertForPreTraining"])
H, L, A, I, V = 36, 3, 4, 37, 99
D = H // A


def make_weights(seed=1234):
    """Random weights large enough that every nonlinearity works away from zero."""
    g = torch.Generator().manual_seed(seed)
    def rnd(*shape, std): return torch.randn(*shape, generator=g, dtype=torch.float64) * std
    w = {}
    def dense(name, out_f, in_f):
        w[name + ".weight"] = rnd(out_f, in_f, std=1.0 / math.sqrt(in_f) * 1.5)
        w[name + ".bias"] = rnd(out_f, std=0.2)
    def norm(name, n):
        w[name + ".weight"] = 1.0 + rnd(n, std=0.3)
        w[name + ".bias"] = rnd(n, std=0.2)
    w["embeddings.word_embeddings.weight"] = rnd(V, H, std=0.4)
    w["embeddings.position_embeddings.weight"] = rnd(CONFIG["max_position_embeddings"], H, std=0.5)
    w["embeddings.token_type_embeddings.weight"] = rnd(CONFIG["type_vocab_size"], H, std=0.5)
    norm("embeddings.LayerNorm", H)
    for l in range(L):
        p = "encoder.layer.%d." % l
        for n in ("query", "key", "value"): dense(p + "attention.self." + n, H, H)
        dense(p + "attention.output.dense", H, H); norm(p + "attention.output.LayerNorm", H)
        dense(p + "intermediate.dense", I, H)
        dense(p + "output.dense", H, I); norm(p + "output.LayerNorm", H)
    dense("pooler.dense", H, H)
    dense("cls.predictions.transform.dense", H, H); norm("cls.predictions.transform.LayerNorm", H)
    w["cls.predictions.bias"] = rnd(V, std=0.2)
    dense("cls.seq_relationship", 2, H)
    return w


def act_fn(name):
    if name == "gelu": return lambda x: 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    if name == "gelu_tanh": return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    raise ValueError(name)


def forward(p, ids, types, mask, act):
    """BertForPreTraining forward; p maps canonical names to leaf tensors."""
    eps = CONFIG["layer_norm_eps"]
    def lin(x, n): return x @ p[n + ".weight"].T + p[n + ".bias"]
    def ln(x, n): return torch.nn.functional.layer_norm(x, (H,), p[n + ".weight"], p[n + ".bias"], eps)
    B, T = ids.shape
    pos = torch.arange(T).unsqueeze(0).expand(B, T)
    x = p["embeddings.word_embeddings.weight"][ids] + p["embeddings.token_type_embeddings.weight"][types]
    x = x + p["embeddings.position_embeddings.weight"][pos]
    x = ln(x, "embeddings.LayerNorm")
    hidden = [x]
    ext = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min   # [B, 1, 1, T]
    for l in range(L):
        pre = "encoder.layer.%d." % l
        def heads(t): return t.view(B, T, A, D).permute(0, 2, 1, 3)                 # [B, A, T, D]
        q, k, v = (heads(lin(x, pre + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(D) + ext
        probs = torch.softmax(scores, dim=-1)
        ctx = (probs @ v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = ln(lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
        inter = act(lin(a, pre + "intermediate.dense"))
        x = ln(lin(inter, pre + "output.dense") + a, pre + "output.LayerNorm")
        hidden.append(x)
    pooled = torch.tanh(lin(x[:, 0], "pooler.dense"))
    t = ln(act(lin(x, "cls.predictions.transform.dense")), "cls.predictions.transform.LayerNorm")
    mlm_logits = t @ p["embeddings.word_embeddings.weight"].T + p["cls.predictions.bias"]
    nsp_logits = lin(pooled, "cls.seq_relationship")
    return hidden, pooled, mlm_logits, nsp_logits


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        if t.dtype in (torch.float64, torch.float32): t, dt = t.detach().to(torch.float32).contiguous(), "F32"
        else: t, dt = t.to(torch.int64).contiguous(), "I64"
        b = t.numpy().tobytes()
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b); off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h)
        for b in blobs: f.write(b)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    w = make_weights()
    with open(os.path.join(OUT, "config.json"), "w") as f: json.dump(CONFIG, f, indent=2, sort_keys=True)
    write_safetensors(os.path.join(OUT, "weights.safetensors"),
                      {(k if k.startswith("cls.") else "bert." + k): v for k, v in w.items()})
    # A padded batch of 3 with lengths 7, 5 and 3 (right padding, pad id 0), sentence pairs in the first two.
    ids = torch.tensor([[2, 17, 45, 3, 88, 61, 3], [2, 9, 3, 70, 3, 0, 0], [2, 98, 3, 0, 0, 0, 0]])
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0]])
    mask = torch.tensor([[1] * 7, [1] * 5 + [0] * 2, [1] * 3 + [0] * 4])
    mlm_labels = torch.full((3, 7), -100)
    mlm_labels[0, 1], mlm_labels[0, 5], mlm_labels[1, 3], mlm_labels[2, 1] = 31, 62, 5, 98
    nsp_labels = torch.tensor([0, 1, 1])
    for act_name in ("gelu", "gelu_tanh"):
        p = {k: v.clone().requires_grad_(True) for k, v in w.items()}
        hidden, pooled, mlm_logits, nsp_logits = forward(p, ids, types, mask, act_fn(act_name))
        mlm_loss = torch.nn.functional.cross_entropy(mlm_logits.reshape(-1, V), mlm_labels.reshape(-1), ignore_index=-100)
        nsp_loss = torch.nn.functional.cross_entropy(nsp_logits, nsp_labels)
        loss = mlm_loss + nsp_loss
        loss.backward()
        out = dict(input_ids=ids, token_type_ids=types, attention_mask=mask, mlm_labels=mlm_labels, nsp_labels=nsp_labels,
                   pooled=pooled, mlm_logits=mlm_logits, nsp_logits=nsp_logits, loss=loss, mlm_loss=mlm_loss, nsp_loss=nsp_loss)
        for i, h in enumerate(hidden): out["hidden_states.%d" % i] = h
        for k, v in p.items(): out["grad." + k] = v.grad
        write_safetensors(os.path.join(OUT, "activations-%s.safetensors" % act_name), out)
        print(act_name, "loss", loss.item(), "mlm", mlm_loss.item(), "nsp", nsp_loss.item())


if __name__ == "__main__":
    main()
