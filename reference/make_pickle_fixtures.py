#!/usr/bin/python3
"""Makes the small torch.save fixtures of PyTorchBinReaderTest (run with Debian's python3-torch 1.13).

Values are simple formulas so that the Java test can check them without golden files:
  f32    = arange(12).reshape(3, 4) / 8          float32, contiguous
  f32_t  = (arange(6).reshape(2, 3) / 4).t()     float32, a transposed (non-contiguous) view [3, 2]
  f16    = arange(5) / 2                          float16
  bf16   = arange(5) / 2                          bfloat16
  i64    = arange(4) - 2                          int64
  slice  = arange(10)[3:7] as float32             a view at a storage offset (shares a storage with arange(10))
Writes legacy_state_dict.bin (torch < 1.6 format) and zip_state_dict.bin (zip format) into the test resources.
"""
import collections, sys, torch

def state():
    base = torch.arange(10, dtype=torch.float32)
    return collections.OrderedDict([
        ("f32", torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8),
        ("f32_t", (torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4).t()),
        ("f16", (torch.arange(5, dtype=torch.float32) / 2).half()),
        ("bf16", (torch.arange(5, dtype=torch.float32) / 2).bfloat16()),
        ("i64", torch.arange(4, dtype=torch.int64) - 2),
        ("slice", base[3:7]),
    ])

out = sys.argv[1] if len(sys.argv) > 1 else "bert4j-core/src/test/resources/org/bert4j/checkpoint"
torch.save(state(), out + "/legacy_state_dict.bin", _use_new_zipfile_serialization=False)
torch.save(state(), out + "/zip_state_dict.bin")
