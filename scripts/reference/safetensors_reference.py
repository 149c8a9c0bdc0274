#!/usr/bin/python3
"""Safetensors files written by PyTorch, and the check that PyTorch loads dynrnn's.

The `safetensors` package is not installed here (and PyPI is out of reach), so this script
carries a plain-Python writer and reader of the format (struct + json) that mirror
huggingface/safetensors 0.x (`safetensors/src/tensor.rs`, which `safetensors.torch.save_file`
calls):

  * 8 bytes: N, the header length, unsigned 64-bit little-endian;
  * N bytes: compact UTF-8 JSON (serde_json: no spaces, non-ASCII not escaped), first
    "__metadata__" when metadata is given, then one {"dtype", "shape", "data_offsets"} object per
    tensor, padded with spaces to a multiple of 8 bytes;
  * the data buffer: tensors sorted by descending dtype (the order of Rust's `Dtype` enum), then
    by name, little-endian, row-major, back to back.

The one thing the reference leaves open is the order of the metadata keys (a Rust HashMap, so
arbitrary); both this writer and dynrnn's sort them. The self-test below checks the writer
against the byte-exact vectors of the reference's own unit tests (test_serialization,
test_empty).

Run from the repository root with the interpreter that has PyTorch 1.13:

    /usr/bin/python3 scripts/reference/safetensors_reference.py

It writes, under core/src/test/resources/fixtures/:
  * pytorch_model.safetensors: the state dict of an nn.RNN(3, 4, num_layers=2) + nn.Linear(4, 2)
    model, with metadata; the Java tests read it and write the same bytes;
  * dtypes.safetensors: one tensor per float dtype (F64, F32, F16, BF16) with edge values;
  * safetensors_reference.json: the values of both files as float32 (what `.float()` gives),
    plus a model input and output for later tests of the loaded model.

Then, if core/src/test/resources/fixtures/java_model.safetensors exists (written by dynrnn:
`java -cp core/target/classes:core/target/test-classes dev.dynrnn.io.JavaModelFixture`), it loads
it into the same PyTorch model with load_state_dict(strict=True), checks every value against
the formula the Java side used, writes the state dict back with the writer here and checks the
bytes are identical to the Java file. That is the proof that the two directions interchange.
"""
import json
import os
import struct
import sys

import torch
from torch import nn

from fixtures import FIXTURES, dump

# Rust's `Dtype` enum order; the writer sorts by it, descending.
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
               "F32", "F64", "I64", "U64"]
TORCH_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
    "BOOL": torch.bool,
}
DTYPE_NAMES = {v: k for k, v in TORCH_DTYPES.items()}
MAX_HEADER_LENGTH = 100_000_000


def _utf8(name):
    return name.encode("utf-8")


def serialize(tensors, metadata=None):
    """The bytes safetensors.torch.save(tensors, metadata) produces."""
    assert sys.byteorder == "little"
    items = sorted(tensors.items(),
                   key=lambda kv: (-DTYPE_ORDER.index(DTYPE_NAMES[kv[1].dtype]), _utf8(kv[0])))
    header = {}
    if metadata is not None:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata, key=_utf8)}
    blobs = []
    offset = 0
    for name, tensor in items:
        tensor = tensor.detach().cpu().contiguous()
        blob = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": DTYPE_NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def save_file(tensors, filename, metadata=None):
    with open(filename, "wb") as out:
        out.write(serialize(tensors, metadata))


def load_file(filename):
    """(tensors in data order, metadata or None), validated as the reference validates."""
    with open(filename, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{filename}: header too small")
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER_LENGTH or 8 + n > len(data):
        raise ValueError(f"{filename}: invalid header length {n}")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not all(isinstance(v, str) for v in metadata.values()):
        raise ValueError(f"{filename}: metadata values must be strings")
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    buffer = data[8 + n:]
    tensors = {}
    start = 0
    for name, info in entries:
        begin, end = info["data_offsets"]
        dtype = TORCH_DTYPES[info["dtype"]]
        numel = 1
        for size in info["shape"]:
            numel *= size
        if begin != start or end < begin:
            raise ValueError(f"{filename}: invalid offsets of {name}")
        if end - begin != numel * torch.tensor([], dtype=dtype).element_size():
            raise ValueError(f"{filename}: offsets of {name} do not match its shape and dtype")
        start = end
        raw = torch.frombuffer(bytearray(buffer[begin:end]), dtype=torch.uint8) if end > begin \
            else torch.empty(0, dtype=torch.uint8)
        tensors[name] = raw.view(dtype).reshape(info["shape"]).clone()
    if start != len(buffer):
        raise ValueError(f"{filename}: data buffer is {len(buffer)} bytes, tensors cover {start}")
    return tensors, metadata


def self_test():
    """The byte vectors of the reference's tests test_serialization and test_empty (tensor.rs)."""
    attn = torch.arange(6, dtype=torch.float32).reshape(1, 2, 3)
    header = b'{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'
    assert len(header) == 64
    assert serialize({"attn.0": attn}) == struct.pack("<Q", 64) + header + attn.numpy().tobytes()
    assert serialize({}) == struct.pack("<Q", 8) + b"{}" + b" " * 6
    empty_with_metadata = b'{"__metadata__":{"framework":"pt"}}' + b" " * 5
    assert serialize({}, {"framework": "pt"}) == struct.pack("<Q", 40) + empty_with_metadata
    # test_serialization_forced_alignement: 65 bytes of JSON, padded to 72 with spaces
    header = b'{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + b" " * 7
    assert serialize({"attn0": attn.reshape(1, 1, 2, 3)}) == struct.pack("<Q", 72) + header + attn.numpy().tobytes()


class Model(nn.Module):
    """A sequence model: 2-layer Elman RNN then a linear read-out at every step."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(input_size=3, hidden_size=4, num_layers=2, batch_first=True)
        self.out = nn.Linear(4, 2)

    def forward(self, x):
        y, _ = self.rnn(x)
        return self.out(y)


MODEL_METADATA = {"format": "pt", "producer": "scripts/reference/safetensors_reference.py"}


def java_value(key_index, i):
    """The value JavaModelFixture puts at element i of the key_index-th key (keys sorted)."""
    numerator = (i * 7919 + key_index * 104729) % 2001 - 1000
    return float(torch.tensor(numerator, dtype=torch.float32) / torch.tensor(1000.0, dtype=torch.float32))


def check_java_file(path):
    tensors, metadata = load_file(path)
    assert metadata == {"format": "pt", "producer": "dynrnn JavaModelFixture"}, metadata
    model = Model()
    model.load_state_dict(tensors, strict=True)
    for key_index, key in enumerate(sorted(tensors, key=_utf8)):
        flat = tensors[key].reshape(-1).tolist()
        assert tensors[key].dtype == torch.float32
        assert flat == [java_value(key_index, i) for i in range(len(flat))], key
    state = model.state_dict()
    with open(path, "rb") as f:
        assert serialize(state, metadata) == f.read(), "PyTorch's re-save differs from the Java file"
    x = torch.linspace(-1, 1, 2 * 5 * 3).reshape(2, 5, 3)
    with torch.no_grad():
        y = model(x)
    print(f"checked {os.path.relpath(path)}: load_state_dict(strict=True) took all {len(state)} tensors, "
          f"values match, re-saved bytes identical; output[0, -1] = {y[0, -1].tolist()}")


def main():
    self_test()
    torch.manual_seed(0)
    model = Model()
    state = model.state_dict()
    save_file(state, os.path.join(FIXTURES, "pytorch_model.safetensors"), MODEL_METADATA)
    loaded, metadata = load_file(os.path.join(FIXTURES, "pytorch_model.safetensors"))
    assert metadata == MODEL_METADATA and all(torch.equal(loaded[k], state[k]) for k in state)
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        y = model(x)

    base = torch.tensor([0.1, 1 / 3, -2.5, 1e-40, 3.4028235677973366e38, 1e39, 1 + 2 ** -24,
                         1 + 3 * 2 ** -24, -0.0, 2 ** -24, 65504.0, 70000.0, 6e-8, float("inf"),
                         float("-inf"), float("nan")], dtype=torch.float64)
    dtypes = {
        "f64": base.reshape(4, 4),
        "f32": torch.tensor(0.1, dtype=torch.float32),  # 0-dim
        "f16": base.to(torch.float16).reshape(2, 8),
        "bf16": base.to(torch.bfloat16).reshape(2, 2, 4),
        "empty": torch.zeros(0, 3),
    }
    save_file(dtypes, os.path.join(FIXTURES, "dtypes.safetensors"), None)

    dump("safetensors_reference", {
        "model": {
            "keys": list(state.keys()),
            # keyed by position: the keys have dots, which the Java Fixtures reader takes as paths
            "tensors": {str(i): {"key": k, "value": v} for i, (k, v) in enumerate(state.items())},
            "metadata": MODEL_METADATA,
            "input": x,
            "output": y,
        },
        "dtypes": {str(i): {"key": k, "dtype": DTYPE_NAMES[v.dtype], "value": v.float()}
                   for i, (k, v) in enumerate(dtypes.items())},
    })

    java_file = os.path.join(FIXTURES, "java_model.safetensors")
    if os.path.exists(java_file):
        check_java_file(java_file)
    else:
        print(f"{os.path.relpath(java_file)} not found: write it with JavaModelFixture, then rerun")


if __name__ == "__main__":
    main()
