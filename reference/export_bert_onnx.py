#!/usr/bin/python3
"""Exports a bert4j-saved (Hugging Face layout) BERT folder to ONNX with the plain-PyTorch BERT of torch_bert.py,
for the ONNX Runtime side of bert4j-bench's InferenceBenchmark. Needs only Debian's python3-torch (torch.onnx
serializes without the onnx pip package).

Usage: /usr/bin/python3 reference/export_bert_onnx.py MODEL_FOLDER [OUT.onnx]
  MODEL_FOLDER holds config.json and model.safetensors (./bert4j convert --model bert-base-uncased --output DIR
  --hidden-act gelu); OUT defaults to MODEL_FOLDER/model.onnx. Inputs input_ids, attention_mask, token_type_ids
  (int64 [batch, sequence]); output last_hidden_state [batch, sequence, hidden].
"""
import json, os, sys
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bert import Bert, Config, read_safetensors


class LastHidden(torch.nn.Module):
    def __init__(self, bert):
        super().__init__(); self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids, attention_mask, token_type_ids)[0]


def main():
    folder = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(folder, "model.onnx")
    with open(os.path.join(folder, "config.json")) as f: c = Config(json.load(f))
    bert = Bert(c)
    bert.load_canonical(read_safetensors(os.path.join(folder, "model.safetensors")))
    model = LastHidden(bert).eval()
    ids = torch.randint(1000, 2000, (2, 16)); mask = torch.ones_like(ids); types = torch.zeros_like(ids)
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, types), out, input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], opset_version=14,
                          dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]})
    print("wrote", out, "(%s, hidden_act %s)" % (os.path.getsize(out), c.hidden_act))


if __name__ == "__main__":
    main()
