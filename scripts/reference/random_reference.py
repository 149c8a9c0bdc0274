#!/usr/bin/python3
"""Reference outputs of PyTorch's CPU generator and NumPy's legacy RandomState.

Writes core/src/test/resources/fixtures/random.json, which the JUnit tests in
core/src/test/java/dev/dynrnn/random/ replay call by call and compare bit for bit.

Run from the repository root with the interpreter that has PyTorch 1.13 and NumPy 1.24:

    /usr/bin/python3 scripts/reference/random_reference.py

CI has no Python: the output file is committed, so rerun this only when adding cases.

Format: floats are stored as the int32 bit pattern of the float32 value ("bits"), doubles as
the int64 bit pattern ("bits64"), integers as themselves ("values"), so every value round-trips
exactly. Each case seeds once, then makes its calls in order on the same generator, so later
calls see the state (including the cached Box-Muller normal) the earlier ones left.

Only x86-64 with AVX2 (and not MKL for bernoulli_) gives the values the Java side reproduces;
the script records the CPU capability and MKL availability so a mismatch can be explained.
"""
import json
import os
import platform
import struct
import sys
import zlib

import numpy as np
import torch

OUTPUT = os.path.join("core", "src", "test", "resources", "fixtures", "random.json")
TORCH_SEEDS = [0, 1, 42, 2**40 + 7, -1]
NUMPY_SEEDS = [0, 1, 42, 2**32 - 1]


def float_bits(tensor):
    return [int(b) for b in tensor.contiguous().numpy().view(np.int32)]


def double_bits(value):
    return struct.unpack("<q", struct.pack("<d", value))[0]


# ---- one PyTorch call each: the op, its arguments, and what it returned -----------------------

def uniform(n, low=0.0, high=1.0):
    if (low, high) == (0.0, 1.0):
        values = torch.rand(n)  # same kernel as uniform_(0, 1); exercise the public entry point
    else:
        values = torch.empty(n).uniform_(low, high)
    return {"op": "uniform", "n": n, "from": low, "to": high, "bits": float_bits(values)}


def normal(n, mean=0.0, std=1.0):
    if (mean, std) == (0.0, 1.0):
        values = torch.randn(n)
    else:
        values = torch.empty(n).normal_(mean, std)
    return {"op": "normal", "n": n, "mean": mean, "std": std, "bits": float_bits(values)}


def bernoulli(n, p):
    values = torch.empty(n).bernoulli_(p)
    return {"op": "bernoulli", "n": n, "p": p, "bits": float_bits(values)}


def randint(low, high, n):
    values = torch.randint(low, high, (n,))
    return {"op": "randint", "low": low, "high": high, "values": [int(v) for v in values]}


def random_int64(n):
    """random_() on int64: random64() % 2^63, i.e. the low 63 bits of CPUGeneratorImpl::random64()."""
    values = torch.empty(n, dtype=torch.int64).random_()
    return {"op": "random_int64", "n": n, "values": [int(v) for v in values]}


def crc32_of(call, repeat):
    """Makes `call` `repeat` times and keeps, instead of the bits, the CRC-32 of all their float32s
    (little-endian bytes, in call order)."""
    records = [call() for _ in range(repeat)]
    bits = [b for record in records for b in record["bits"]]
    summary = {k: v for k, v in records[0].items() if k != "bits"}
    summary.update(repeat=repeat, crc32=zlib.crc32(np.array(bits, dtype="<i4").tobytes()))
    return summary


def torch_case(name, seed, calls):
    torch.manual_seed(seed)
    recorded = [call() for call in calls]
    return {"name": name, "seed": seed, "initial_seed": str(torch.initial_seed()), "calls": recorded}


def fresh_generator_case():
    """A fresh torch.Generator() is seeded with default_rng_seed_val; the Java default matches it."""
    fresh = torch.rand(5, generator=torch.Generator())
    case = torch_case("rand(5) of a fresh torch.Generator()", torch.Generator().initial_seed(), [lambda: uniform(5)])
    assert case["calls"][0]["bits"] == float_bits(fresh)
    return case


def torch_cases():
    cases = []
    for seed in TORCH_SEEDS:
        cases.append(torch_case("rand sizes", seed, [lambda n=n: uniform(n) for n in (1, 5, 16, 17, 100)]))
        cases.append(torch_case("uniform_(-0.3, 0.7) sizes", seed,
                                [lambda n=n: uniform(n, -0.3, 0.7) for n in (1, 5, 16, 17, 100)]))
        bound = 1 / 20 ** 0.5  # nn.RNN's init bound for hidden size 20; width not a power of two
        cases.append(torch_case("uniform_(-1/sqrt(20), 1/sqrt(20))", seed,
                                [lambda n=n: uniform(n, -bound, bound) for n in (3, 40)]))
        cases.append(torch_case("randn sizes", seed,
                                [lambda n=n: normal(n) for n in (1, 2, 3, 15, 16, 17, 33, 100)]))
        cases.append(torch_case("randn singles use the cached normal", seed,
                                [lambda: normal(1)] * 7 + [lambda: normal(3), lambda: normal(1), lambda: normal(2)]))
        cases.append(torch_case("normal_(2, 0.5) sizes", seed,
                                [lambda n=n: normal(n, 2.0, 0.5) for n in (1, 3, 16, 17, 100)]))
        cases.append(torch_case("normal_(0.3, 1.7) sizes", seed,
                                [lambda n=n: normal(n, 0.3, 1.7) for n in (1, 2, 5, 16, 31, 48)]))
        cases.append(torch_case("interleaved rand, randn, randint, bernoulli", seed, [
            lambda: uniform(3), lambda: normal(1), lambda: uniform(2), lambda: normal(1),
            lambda: normal(17), lambda: uniform(1), lambda: normal(1), lambda: randint(0, 10, 3),
            lambda: normal(1), lambda: bernoulli(5, 0.5), lambda: normal(2), lambda: uniform(20, -2.0, 5.0),
        ]))
        cases.append(torch_case("randint ranges", seed, [
            lambda: randint(0, 10, 5), lambda: randint(-5, 5, 5), lambda: randint(1, 4, 10),
            lambda: randint(0, 2**32 - 1, 3), lambda: randint(0, 2**32, 3), lambda: randint(0, 2**40, 4),
            lambda: randint(-2**62, 2**62, 4), lambda: random_int64(4),
        ]))
        cases.append(torch_case("bernoulli_", seed, [
            lambda: bernoulli(20, 0.5), lambda: bernoulli(37, 0.1), lambda: bernoulli(5, 0.0),
            lambda: bernoulli(5, 1.0), lambda: bernoulli(16, 0.8),
        ]))
    cases.append(fresh_generator_case())
    cases.append(torch_case("long randn and rand", 0, [lambda: normal(4099), lambda: uniform(1000)]))
    cases.append(torch_case("long normal_(-1, 3)", 7, [lambda: normal(2000, -1.0, 3.0)]))
    # Checksums stand in for values where storing them would bloat the fixture: a million
    # vectorised normals exercise the AVX polynomials far more than the cases above.
    cases.append(torch_case("checksums of long runs", 123, [
        lambda: crc32_of(lambda: normal(1_000_000), 1),
        lambda: crc32_of(lambda: normal(1_000_003, 0.25, 0.1), 1),
        lambda: crc32_of(lambda: uniform(1_000_000, -0.1234, 0.3333), 1),
        lambda: crc32_of(lambda: normal(3), 20_000),
        lambda: crc32_of(lambda: normal(1, 0.5, 1.5), 20_001),
        lambda: crc32_of(lambda: bernoulli(7, 0.3), 5_000),
    ]))
    return cases


# ---- NumPy's legacy global RandomState -------------------------------------------------------

def numpy_randint(low, high, n):
    return {"op": "randint", "low": low, "high": high,
            "values": [int(np.random.randint(low, high)) for _ in range(n)]}


def numpy_random(n):
    return {"op": "random", "bits64": [double_bits(np.random.random()) for _ in range(n)]}


def numpy_case(name, seed, calls):
    np.random.seed(seed)
    return {"name": name, "seed": seed, "calls": [call() for call in calls]}


def numpy_cases():
    cases = []
    for seed in NUMPY_SEEDS:
        cases.append(numpy_case("randint(1, 4) x 200", seed, [lambda: numpy_randint(1, 4, 200)]))
        cases.append(numpy_case("randint small ranges", seed,
                                [lambda: numpy_randint(0, 10, 50), lambda: numpy_randint(5, 1000, 50),
                                 lambda: numpy_randint(7, 8, 3), lambda: numpy_randint(-100, -90, 10)]))
        cases.append(numpy_case("random()", seed, [lambda: numpy_random(20)]))
        cases.append(numpy_case("randint wide ranges", seed,
                                [lambda: numpy_randint(-3, 2**32 - 3, 5), lambda: numpy_randint(0, 2**40, 10),
                                 lambda: numpy_randint(-2**63, 2**63 - 1, 5), lambda: numpy_randint(0, 3 * 2**61, 5)]))
        cases.append(numpy_case("interleaved randint and random()", seed,
                                [lambda: numpy_randint(1, 4, 3), lambda: numpy_random(2), lambda: numpy_randint(0, 10, 3),
                                 lambda: numpy_random(1), lambda: numpy_randint(1, 4, 700)]))
    return cases


def one_call_per_line(fixture):
    """JSON with one case header and one call per line, so a regenerated file diffs readably."""
    compact = lambda value: json.dumps(value, separators=(",", ":"))
    lines = ["{"]
    for key, value in fixture.items():
        if key in ("torch", "numpy"):
            continue
        lines.append(f"{compact(key)}:{compact(value)},")
    for library in ("torch", "numpy"):
        lines.append(f"{compact(library)}:[")
        for i, case in enumerate(fixture[library]):
            header = {k: v for k, v in case.items() if k != "calls"}
            lines.append(compact(header)[:-1] + ',"calls":[')
            calls = [compact(call) for call in case["calls"]]
            lines.append(",\n".join(calls))
            lines.append("]}" + ("," if i + 1 < len(fixture[library]) else ""))
        lines.append("]" + ("," if library == "torch" else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == fixture
    return text


def main():
    capability = torch.__config__.show().split("CPU capability usage:")[1].split("\n")[0].strip()
    fixture = {
        "generated_by": "scripts/reference/random_reference.py",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "machine": platform.machine(),
        "torch_cpu_capability": capability,
        "torch_mkl": torch.backends.mkl.is_available(),
        "torch": torch_cases(),
        "numpy": numpy_cases(),
    }
    if capability not in ("AVX2", "AVX512"):
        print(f"warning: CPU capability {capability}: randn of >= 16 elements will not match the AVX2 path",
              file=sys.stderr)
    with open(OUTPUT, "w") as out:
        out.write(one_call_per_line(fixture))
    print(f"wrote {OUTPUT} ({os.path.getsize(OUTPUT)} bytes)")


if __name__ == "__main__":
    main()
