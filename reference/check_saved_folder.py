#!/usr/bin/python3
"""Checks a model folder written by bert4j (BertModels.save / `bert4j convert`) the way Hugging Face
would read it, without transformers: config.json has the BertForPreTraining fields, model.safetensors
holds exactly BertForPreTraining's state-dict keys (less the decoder tied to the word embeddings and
the position_ids buffer) with PyTorch shapes, and, for the tiny fixture model, running the reference
BERT of make_tiny_fixtures.py on the saved weights reproduces the fixture activations.

Usage: check_saved_folder.py DIR [activations.safetensors]
"""
import json, os, struct, sys
import numpy as np
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tiny_fixtures as ref


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n)); data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__": continue
        a, b = v["data_offsets"]
        dt = {"F32": np.float32, "I64": np.int64}[v["dtype"]]
        out[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dt).reshape(v["shape"]).copy())
    return out


def main():
    d = sys.argv[1]
    cfg = json.load(open(os.path.join(d, "config.json")))
    assert cfg["model_type"] == "bert" and cfg["architectures"] == ["BertForPreTraining"], cfg
    H, L, V, I = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"], cfg["intermediate_size"]
    w = read_safetensors(os.path.join(d, "model.safetensors"))
    expected = {"bert.embeddings.word_embeddings.weight": [V, H],
                "bert.embeddings.position_embeddings.weight": [cfg["max_position_embeddings"], H],
                "bert.embeddings.token_type_embeddings.weight": [cfg["type_vocab_size"], H],
                "bert.embeddings.LayerNorm.weight": [H], "bert.embeddings.LayerNorm.bias": [H],
                "bert.pooler.dense.weight": [H, H], "bert.pooler.dense.bias": [H],
                "cls.predictions.bias": [V], "cls.predictions.transform.dense.weight": [H, H],
                "cls.predictions.transform.dense.bias": [H], "cls.predictions.transform.LayerNorm.weight": [H],
                "cls.predictions.transform.LayerNorm.bias": [H], "cls.seq_relationship.weight": [2, H],
                "cls.seq_relationship.bias": [2]}
    for l in range(L):
        p = "bert.encoder.layer.%d." % l
        for n in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            expected[p + n + ".weight"] = [H, H]; expected[p + n + ".bias"] = [H]
        for n in ("attention.output.LayerNorm", "output.LayerNorm"):
            expected[p + n + ".weight"] = [H]; expected[p + n + ".bias"] = [H]
        expected[p + "intermediate.dense.weight"] = [I, H]; expected[p + "intermediate.dense.bias"] = [I]
        expected[p + "output.dense.weight"] = [H, I]; expected[p + "output.dense.bias"] = [H]
    assert set(w) == set(expected), (sorted(set(w) ^ set(expected)))
    for k, s in expected.items(): assert list(w[k].shape) == s, (k, w[k].shape, s)
    print("keys and shapes: BertForPreTraining state dict (%d tensors)" % len(w))
    if len(sys.argv) > 2:
        act = ref.act_fn({"gelu": "gelu", "gelu_new": "gelu_tanh"}[cfg["hidden_act"]])
        p = {(k[5:] if k.startswith("bert.") else k): v.double() for k, v in w.items()}
        a = read_safetensors(sys.argv[2])
        hidden, pooled, mlm, nsp = ref.forward(p, a["input_ids"], a["token_type_ids"], a["attention_mask"], act)
        m = a["attention_mask"].bool()
        diff = max((hidden[-1] - a["hidden_states.%d" % L].double())[m].abs().max().item(), (nsp - a["nsp_logits"].double()).abs().max().item())
        print("reference forward on the saved weights vs fixture: max abs diff %.3g" % diff)
        assert diff < 1e-5


if __name__ == "__main__":
    main()
