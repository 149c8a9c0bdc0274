#!/usr/bin/python3
"""PyTorch reference for `dynrnn train`: per-iteration losses of truncated BPTT on a CSV file.

Run from the repository root with the interpreter that has PyTorch 1.13:

    /usr/bin/python3 scripts/reference/train_reference.py

It writes, under core/src/test/resources/fixtures/train/:

  * series.csv: three series of different lengths (130, 95 and 60 rows, rows interleaved in the
    file), inputs u, v and targets y, z, written with 6 decimals;
  * init_<cell>_<layers>.safetensors for cell in rnn, lstm, gru and layers in 1, 2: the state
    dict of the model below right after torch.manual_seed(SEED[cell, layers]), saved with the
    plain-Python safetensors writer of safetensors_reference.py;

and core/src/test/resources/fixtures/train.json with, per configuration, the seed, the 50
losses and the final weights of

    dynrnn train --data series.csv --input u,v --target y,z --series series --cell CELL
                 --layers LAYERS --hidden 16 --bptt 20 --iterations 50 --optimizer adam
                 --lr 0.02 --clip 1.0 --normalize --init init_CELL_LAYERS.safetensors

The reference is written independently of dynrnn's batching: every series runs on its own
(batch of one) from its own carried hidden state, the loss is the sum of all squared errors of
the chunk divided by their number, so it shows what the batched Java trainer must equal:

  * chunk length T = min(bptt, rows left in the longest series); a series with fewer rows left
    takes what it has, a series with none takes no part;
  * the hidden state of each series is carried to its next chunk, detached;
  * after the longest series' last row, every state is reset to zeros and row 0 comes next;
  * --normalize: z = (x - mean) / std per column over all rows (float64, population std),
    then float32;
  * one Adam step per chunk after clip_grad_norm_(parameters, 1.0).

Then, if the application is built (app/target/dynrnn.jar, e.g. after `./dynrnn --help`), it
checks the other direction the way the README tells a PyTorch user to: `dynrnn train --save`
and `dynrnn predict` on series.csv, then the model file is loaded into a torch.nn.ModuleDict
with load_state_dict(strict=True) and run over each series; its predictions must equal the
y_pred/z_pred columns dynrnn wrote.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import tempfile

import numpy as np
import torch
from torch import nn

from fixtures import FIXTURES, dump
from safetensors_reference import load_file, save_file

TRAIN_FIXTURES = os.path.join(FIXTURES, "train")
LENGTHS = {"a": 130, "b": 95, "c": 60}
INPUTS = ["u", "v"]
TARGETS = ["y", "z"]
HIDDEN = 16
BPTT = 20
ITERATIONS = 50
LR = 0.02
CLIP = 1.0
CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
SEED = {(cell, layers): 100 + 10 * i + layers for i, cell in enumerate(CELLS) for layers in (1, 2)}


class Model(nn.Module):
    """The model of dynrnn train: a recurrent layer `rnn`, then a Linear `out` at every step."""

    def __init__(self, cell, input_size, hidden_size, num_layers, output_size):
        super().__init__()
        self.rnn = CELLS[cell](input_size, hidden_size, num_layers, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, x, state=None):
        r, state = self.rnn(x, state)
        return self.out(r), state


def make_csv(path):
    """Writes the series; returns {series: (inputs (n, 2), targets (n, 2))} as float64 from the text."""
    rng = np.random.RandomState(7)
    rows = {}
    for k, (name, n) in enumerate(LENGTHS.items()):
        t = np.arange(n) * 0.15 + k
        u = np.sin(t) + 0.1 * rng.randn(n)
        v = np.cos(0.5 * t) * (1 + k)
        y = np.roll(u, 3) * 2.0 + 5.0          # a lagged input: the state has to remember it
        z = np.tanh(u * v) - 1.0
        rows[name] = [[f"{value:.6f}" for value in row] for row in zip(t, u, v, y, z)]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["series", "t", "u", "v", "y", "z"])
        for i in range(max(LENGTHS.values())):  # round robin: a series' rows are not adjacent
            for name in LENGTHS:
                if i < len(rows[name]):
                    writer.writerow([name] + rows[name][i])
    print("wrote", os.path.relpath(path))
    data = {}
    with open(path) as f:
        reader = csv.DictReader(f)
        for row in reader:
            entry = data.setdefault(row["series"], ([], []))
            entry[0].append([float(row[c]) for c in INPUTS])
            entry[1].append([float(row[c]) for c in TARGETS])
    return {name: (np.array(x), np.array(y)) for name, (x, y) in data.items()}


def normalize(data):
    """z-scores per column over every row, float64, population std; returns float32 tensors and the stats."""
    all_x = np.concatenate([x for x, _ in data.values()])
    all_y = np.concatenate([y for _, y in data.values()])
    stats = {}
    for kind, values in (("inputs", all_x), ("targets", all_y)):
        mean = values.mean(axis=0)
        std = values.std(axis=0)
        std[std == 0] = 1.0
        stats[kind] = (mean, std)
    out = {}
    for name, (x, y) in data.items():
        mx, sx = stats["inputs"]
        my, sy = stats["targets"]
        out[name] = (torch.from_numpy(((x - mx) / sx).astype(np.float32)),
                     torch.from_numpy(((y - my) / sy).astype(np.float32)))
    return out, stats


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def train(model, data):
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    longest = max(len(x) for x, _ in data.values())
    position = 0
    hidden = {name: None for name in data}
    losses = []
    for _ in range(ITERATIONS):
        steps = min(BPTT, longest - position)
        squared = torch.zeros(())
        count = 0
        carried = {}
        for name, (x, y) in data.items():
            rows = min(steps, len(x) - position)
            if rows <= 0:
                continue
            prediction, state = model(x[position:position + rows].unsqueeze(0), hidden[name])
            target = y[position:position + rows].unsqueeze(0)
            squared = squared + ((prediction - target) ** 2).sum()
            count += target.numel()
            carried[name] = state
        loss = squared / count
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        for name, state in carried.items():
            hidden[name] = detach(state)
        losses.append(loss.item())
        position += steps
        if position >= longest:
            position = 0
            hidden = {name: None for name in data}
    return losses


def main():
    torch.set_num_threads(1)
    raw = make_csv(os.path.join(TRAIN_FIXTURES, "series.csv"))
    data, stats = normalize(raw)
    result = {
        "hidden": HIDDEN, "bptt": BPTT, "iterations": ITERATIONS, "lr": LR, "clip": CLIP,
        "inputs": INPUTS, "targets": TARGETS, "lengths": LENGTHS,
        "normalization": {kind: {"mean": list(mean), "std": list(std)} for kind, (mean, std) in stats.items()},
        "configs": {},
    }
    for (cell, layers), seed in SEED.items():
        torch.manual_seed(seed)
        model = Model(cell, len(INPUTS), HIDDEN, layers, len(TARGETS))
        name = f"init_{cell}_{layers}.safetensors"
        save_file(model.state_dict(), os.path.join(TRAIN_FIXTURES, name), {"format": "pt"})
        losses = train(model, data)
        assert all(math.isfinite(v) for v in losses)
        result["configs"][f"{cell}_{layers}"] = {
            "cell": cell, "layers": layers, "seed": seed, "init": name, "losses": losses,
            "final": {k: v for k, v in model.state_dict().items()},
        }
        print(f"{cell} layers={layers} seed={seed}: loss {losses[0]:.5f} -> {losses[-1]:.5f}")
    dump("train", result)
    check_java_model(os.path.join(TRAIN_FIXTURES, "series.csv"))


def check_java_model(csv_path):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    jar = os.path.join(root, "app", "target", "dynrnn.jar")
    java = shutil.which("java")
    if not os.path.exists(jar) or java is None:
        print("skipped the PyTorch load check: build app/target/dynrnn.jar first")
        return
    with tempfile.TemporaryDirectory() as work:
        model_path = os.path.join(work, "model.safetensors")
        preds_path = os.path.join(work, "preds.csv")
        run = [java, "--add-modules", "jdk.incubator.vector", "-jar", jar]
        subprocess.run(run + ["train", "--data", csv_path, "--input", "u,v", "--target", "y,z", "--series", "series",
                              "--cell", "lstm", "--layers", "2", "--hidden", "12", "--iterations", "30",
                              "--normalize", "--save", model_path, "--quiet"], check=True, stderr=subprocess.DEVNULL)
        subprocess.run(run + ["predict", "--model", model_path, "--data", csv_path, "--out", preds_path, "--quiet"],
                       check=True, stderr=subprocess.DEVNULL)

        # What the README shows (with this script's plain reader in place of safetensors.torch).
        tensors, metadata = load_file(model_path)
        m = json.loads(metadata["dynrnn.model"])
        rnn = getattr(nn, m["cell"].upper())(m["input_size"], m["hidden_size"], m["num_layers"], batch_first=True)
        model = nn.ModuleDict({"rnn": rnn, "out": nn.Linear(m["hidden_size"], m["output_size"])})
        model.load_state_dict(tensors, strict=True)

        norm = m["normalization"]
        mean_x = torch.tensor([norm["inputs"][c]["mean"] for c in m["inputs"]], dtype=torch.float64)
        std_x = torch.tensor([norm["inputs"][c]["std"] for c in m["inputs"]], dtype=torch.float64)
        mean_y = torch.tensor([norm["targets"][c]["mean"] for c in m["targets"]], dtype=torch.float64)
        std_y = torch.tensor([norm["targets"][c]["std"] for c in m["targets"]], dtype=torch.float64)
        with open(preds_path) as f:
            rows = list(csv.DictReader(f))
        worst = 0.0
        for name in LENGTHS:
            own = [r for r in rows if r[m["series"]] == name]
            x = torch.tensor([[float(r[c]) for c in m["inputs"]] for r in own], dtype=torch.float64)
            z = ((x - mean_x) / std_x).float().unsqueeze(0)
            with torch.no_grad():
                r, _ = model["rnn"](z)
                y = (model["out"](r)[0].double() * std_y + mean_y).float()
            written = torch.tensor([[float(r[c + "_pred"]) for c in m["targets"]] for r in own])
            worst = max(worst, (y - written).abs().max().item())
        assert worst < 1e-5, worst
        print(f"checked a dynrnn model file in PyTorch: load_state_dict(strict=True) into ModuleDict(rnn=LSTM, "
              f"out=Linear); predictions equal dynrnn predict's to {worst:.1e}")


if __name__ == "__main__":
    main()
