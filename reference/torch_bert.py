"""A plain-PyTorch BERT (nn.Module), for the speed comparisons: ONNX export (export_bert_onnx.py) and the
training benchmark (bench_train_torch.py). Same operations as make_tiny_fixtures.py's functional model, i.e.
Hugging Face's modeling_bert.BertForPreTraining (v4.x): embeddings + LayerNorm, post-norm layers with the
extended additive attention mask, tanh pooler, MLM head tied to the word embeddings, NSP head. Parameter
names are the canonical (Hugging Face, without "bert.") state-dict keys, so bert4j's saved folders load as is.
"""
import json, math, struct
import torch
import torch.nn as nn
import torch.nn.functional as F


class Config:
    def __init__(self, d):
        self.vocab_size = d["vocab_size"]; self.hidden_size = d["hidden_size"]
        self.num_hidden_layers = d["num_hidden_layers"]; self.num_attention_heads = d["num_attention_heads"]
        self.intermediate_size = d["intermediate_size"]; self.hidden_act = d.get("hidden_act", "gelu")
        self.hidden_dropout_prob = d.get("hidden_dropout_prob", 0.1)
        self.attention_probs_dropout_prob = d.get("attention_probs_dropout_prob", 0.1)
        self.max_position_embeddings = d.get("max_position_embeddings", 512); self.type_vocab_size = d.get("type_vocab_size", 2)
        self.layer_norm_eps = d.get("layer_norm_eps", 1e-12); self.initializer_range = d.get("initializer_range", 0.02)

    @staticmethod
    def base(**kw):
        d = dict(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
        d.update(kw)
        return Config(d)


def act(name, x):
    if name in ("gelu_tanh", "gelu_new", "gelu_pytorch_tanh"):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))
    if name == "relu": return F.relu(x)
    return F.gelu(x)  # exact erf GELU


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        H, I = c.hidden_size, c.intermediate_size
        self.c = c
        self.query, self.key, self.value = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
        self.attn_out, self.attn_norm = nn.Linear(H, H), nn.LayerNorm(H, eps=c.layer_norm_eps)
        self.inter, self.out, self.out_norm = nn.Linear(H, I), nn.Linear(I, H), nn.LayerNorm(H, eps=c.layer_norm_eps)
        self.drop_h, self.drop_a = nn.Dropout(c.hidden_dropout_prob), nn.Dropout(c.attention_probs_dropout_prob)

    def forward(self, x, ext):
        B, T, H = x.shape
        A = self.c.num_attention_heads; D = H // A
        def heads(t): return t.view(B, T, A, D).permute(0, 2, 1, 3)
        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D) + ext
        probs = self.drop_a(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = self.attn_norm(self.drop_h(self.attn_out(ctx)) + x)
        return self.out_norm(self.drop_h(self.out(act(self.c.hidden_act, self.inter(a)))) + a)


class Bert(nn.Module):
    """The encoder and pooler; forward returns (last_hidden_state, pooled)."""
    def __init__(self, c):
        super().__init__()
        H = c.hidden_size
        self.c = c
        self.word = nn.Embedding(c.vocab_size, H); self.pos = nn.Embedding(c.max_position_embeddings, H)
        self.tok_type = nn.Embedding(c.type_vocab_size, H); self.emb_norm = nn.LayerNorm(H, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.hidden_dropout_prob)
        self.layers = nn.ModuleList(Layer(c) for _ in range(c.num_hidden_layers))
        self.pooler = nn.Linear(H, H)

    def forward(self, input_ids, attention_mask, token_type_ids):
        T = input_ids.shape[1]
        pos = torch.arange(T, device=input_ids.device).unsqueeze(0)
        x = self.drop(self.emb_norm(self.word(input_ids) + self.tok_type(token_type_ids) + self.pos(pos)))
        ext = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers: x = layer(x, ext)
        return x, torch.tanh(self.pooler(x[:, 0]))

    # canonical checkpoint name -> (module attribute path)
    def canonical_names(self):
        m = {"embeddings.word_embeddings.weight": "word.weight", "embeddings.position_embeddings.weight": "pos.weight",
             "embeddings.token_type_embeddings.weight": "tok_type.weight", "embeddings.LayerNorm.weight": "emb_norm.weight",
             "embeddings.LayerNorm.bias": "emb_norm.bias", "pooler.dense.weight": "pooler.weight", "pooler.dense.bias": "pooler.bias"}
        parts = [("attention.self.query", "query"), ("attention.self.key", "key"), ("attention.self.value", "value"),
                 ("attention.output.dense", "attn_out"), ("attention.output.LayerNorm", "attn_norm"),
                 ("intermediate.dense", "inter"), ("output.dense", "out"), ("output.LayerNorm", "out_norm")]
        for l in range(self.c.num_hidden_layers):
            for ck, mk in parts:
                for s in ("weight", "bias"): m["encoder.layer.%d.%s.%s" % (l, ck, s)] = "layers.%d.%s.%s" % (l, mk, s)
        return m

    def load_canonical(self, tensors):
        sd = self.state_dict()
        for ck, mk in self.canonical_names().items():
            t = tensors.get(ck, tensors.get("bert." + ck))
            if t is None: raise KeyError("missing " + ck)
            sd[mk].copy_(t.reshape(sd[mk].shape))


class BertForPreTraining(nn.Module):
    def __init__(self, c):
        super().__init__()
        H = c.hidden_size
        self.c = c
        self.bert = Bert(c)
        self.transform, self.transform_norm = nn.Linear(H, H), nn.LayerNorm(H, eps=c.layer_norm_eps)
        self.mlm_bias = nn.Parameter(torch.zeros(c.vocab_size))
        self.nsp = nn.Linear(H, 2)
        for mod in self.modules():  # BERT's initialization
            if isinstance(mod, (nn.Linear, nn.Embedding)): nn.init.normal_(mod.weight, std=c.initializer_range)
            if isinstance(mod, nn.Linear): nn.init.zeros_(mod.bias)

    def forward(self, input_ids, attention_mask, token_type_ids, mlm_positions, mlm_labels, nsp_labels):
        x, pooled = self.bert(input_ids, attention_mask, token_type_ids)
        h = x.reshape(-1, x.shape[-1])[mlm_positions]  # the head only at the labelled positions, as bert4j
        t = self.transform_norm(act(self.c.hidden_act, self.transform(h)))
        logits = t @ self.bert.word.weight.T + self.mlm_bias
        return F.cross_entropy(logits, mlm_labels) + F.cross_entropy(self.nsp(pooled), nsp_labels)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n)); data = f.read()
    out = {}
    for name, h in header.items():
        if name == "__metadata__": continue
        if h["dtype"] != "F32": continue
        b, e = h["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:e]), dtype=torch.float32).reshape(h["shape"])
    return out
