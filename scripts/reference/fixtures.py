"""Writes PyTorch reference values as JSON fixtures for dynrnn's Java tests.

Run the generator scripts beside this file with Debian's PyTorch 1.13:
    /usr/bin/python3 scripts/reference/<name>_reference.py
Each writes core/src/test/resources/fixtures/<name>.json (or the path it names). Values are
float32 written with repr() of their exact double value, so Java reads back the same floats.
"""
import json
import math
import os

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "core", "src", "test", "resources", "fixtures")


def _number(value):
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def tensor(t):
    """A tensor as {"shape": [...], "data": [...]} (float32, row-major)."""
    t = torch.as_tensor(t).detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [_number(v) for v in t.reshape(-1).tolist()]}


def _convert(value):
    if isinstance(value, torch.Tensor):
        return tensor(value)
    if isinstance(value, dict):
        return {str(k): _convert(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_convert(v) for v in value]
    if isinstance(value, float):
        return _number(value)
    return value


def dump(name, values, directory=FIXTURES):
    """Writes {name}.json under the fixtures directory; tensors anywhere in `values` are converted."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name + ".json")
    with open(path, "w") as out:
        json.dump(_convert(values), out, separators=(",", ":"))
        out.write("\n")
    print("wrote", os.path.relpath(path, ROOT))
