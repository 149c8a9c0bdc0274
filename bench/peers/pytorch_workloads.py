"""PyTorch side of the side-by-side benchmark (bench/README.md describes workloads and output).

Run with Debian's PyTorch:
    /usr/bin/python3 bench/peers/pytorch_workloads.py --workload a --iterations 300 --warmup 50 --warmup-seconds 3

Each timed iteration is one full training step: forward, MSE, backward, Adam step, with the hidden
state carried from the previous iteration and detached (truncated BPTT, as in the seed program).
Prints one JSON line per measurement on stdout.
"""
import argparse
import json
import math
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

# The same table as bench/src/main/java/dev/dynrnn/bench/Workload.java:
# id -> (cell, input size, hidden, layers, batch, steps (None: the seed's 10/20/30), per-step head, lr)
WORKLOADS = {
    "a": ("rnn", 1, 32, 1, 1, None, True, 0.02),
    "b": ("rnn", 1, 32, 1, 1, None, False, 0.02),
    "c-rnn": ("rnn", 32, 256, 1, 64, 100, False, 1e-3),
    "c-lstm": ("lstm", 32, 256, 1, 64, 100, False, 1e-3),
    "c-gru": ("gru", 32, 256, 1, 64, 100, False, 1e-3),
    "d": ("lstm", 32, 512, 2, 32, 50, False, 1e-3),
}
# id -> (timed iterations, warm-up iterations, least warm-up seconds) when the command line does not
# say, as Workload.defaultIterations, defaultWarmup and defaultWarmupSeconds (whose javadoc says why):
# the warm-up ends after its iterations or its time, whichever is later, the same rule for every system.
DEFAULT_ITERATIONS = {"a": (1000, 10000, 0.0), "b": (1000, 10000, 0.0), "c-rnn": (10, 20, 10.0),
                      "c-lstm": (10, 20, 10.0), "c-gru": (10, 20, 10.0), "d": (5, 20, 10.0)}
CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

# The seed draws 1..3 half-periods per iteration with np.random; every system instead takes them
# from this 64-bit LCG (Knuth's MMIX constants) so that all of them train on the same lengths.
LCG_MULTIPLIER = 6364136223846793005
LCG_INCREMENT = 1442695040888963407
MASK64 = (1 << 64) - 1


class SeedData:
    """The seed's data: sin(t) -> cos(t) over 1..3 half-periods, 10 samples per half-period."""

    def __init__(self, seed):
        self.state = seed & MASK64
        self.step = 0

    def next_half_periods(self):
        self.state = (self.state * LCG_MULTIPLIER + LCG_INCREMENT) & MASK64
        return 1 + (self.state >> 33) % 3

    def next(self):
        """Returns x, y of shape (1, 10*d, 1) for the next d half-periods."""
        d = self.next_half_periods()
        start, end = self.step * np.pi, (self.step + d) * np.pi
        self.step += d
        steps = np.linspace(start, end, 10 * d, dtype=np.float32)
        x = torch.from_numpy(np.sin(steps)[np.newaxis, :, np.newaxis])
        y = torch.from_numpy(np.cos(steps)[np.newaxis, :, np.newaxis])
        return x, y


class RecurrentRegressor(nn.Module):
    """A recurrent layer followed by Linear(hidden, 1), applied per time step or once."""

    def __init__(self, cell, input_size, hidden, layers, per_step_head):
        super().__init__()
        self.rnn = CELLS[cell](input_size, hidden, num_layers=layers, batch_first=True)
        self.out = nn.Linear(hidden, 1)
        self.per_step_head = per_step_head

    def forward(self, x, state):
        # x (batch, time, input); r_out (batch, time, hidden)
        r_out, state = self.rnn(x, state)
        if self.per_step_head:  # the seed's loop: one Linear call per time step, then stack
            outs = [self.out(r_out[:, t, :]) for t in range(r_out.size(1))]
            return torch.stack(outs, dim=1), state
        return self.out(r_out), state


def detach(state):
    if isinstance(state, tuple):  # LSTM: (h, c)
        return tuple(s.detach() for s in state)
    return state.detach()


def blas_library():
    """The BLAS library PyTorch calls, as mapped into this process.

    Debian's python3-torch calls whatever libblas.so.3 the alternatives system selects: the slow
    reference BLAS unless an optimised one (e.g. libopenblas0-pthread) is installed.
    """
    torch.ones(2, 2) @ torch.ones(2, 2)  # make sure the library is loaded
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "/libblas" in line}
    return ", ".join(sorted(paths)) or "built in"


def run(workload, iterations, warmup, warmup_seconds, seed):
    cell, input_size, hidden, layers, batch, steps, per_step_head, lr = WORKLOADS[workload]
    torch.manual_seed(seed)
    model = RecurrentRegressor(cell, input_size, hidden, layers, per_step_head)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_func = nn.MSELoss()

    if steps is None:
        data = SeedData(seed)
        next_batch = data.next
    else:  # fixed random input and target, drawn once
        x_fixed = torch.randn(batch, steps, input_size)
        y_fixed = torch.randn(batch, steps, 1)

        def next_batch():
            return x_fixed, y_fixed

    state = None
    loss = None

    def iteration():
        nonlocal state, loss
        x, y = next_batch()
        prediction, state = model(x, state)
        state = detach(state)  # truncated BPTT: cut the graph to the previous iteration
        loss = loss_func(prediction, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    # at least `warmup` iterations and at least `warmup_seconds`, whichever ends later
    warmup_start = time.perf_counter()
    warmed = 0
    while warmed < warmup or time.perf_counter() - warmup_start < warmup_seconds:
        iteration()
        warmed += 1
    start = time.perf_counter()
    for _ in range(iterations):
        iteration()
    elapsed = time.perf_counter() - start

    return {
        "system": "pytorch",
        "version": f"{torch.__version__}, BLAS {blas_library()}",
        "workload": workload,
        "iterations": iterations,
        "warmup": warmed,
        "seed": seed,
        "threads": torch.get_num_threads(),
        "seconds_per_iteration": elapsed / iterations,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "final_loss": loss.item() if loss is not None else math.nan,
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", required=True,
                        help="one of " + ", ".join(WORKLOADS) + ", or a comma-separated list, or 'all'")
    parser.add_argument("--iterations", type=int, default=None, help="timed iterations (default per workload)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed iterations first (default per workload)")
    parser.add_argument("--warmup-seconds", type=float, default=None,
                        help="the warm-up also lasts at least this long (default per workload: a, b 0; c-*, d 10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (default 2)")
    args = parser.parse_args(argv)
    names = list(WORKLOADS) if args.workload == "all" else args.workload.split(",")
    for name in names:
        if name not in WORKLOADS:
            parser.error(f"unknown workload '{name}'; expected one of {', '.join(WORKLOADS)} or 'all'")
    if args.iterations is not None and args.iterations < 1:
        parser.error(f"--iterations must be at least 1, got {args.iterations}")
    if args.warmup is not None and args.warmup < 0:
        parser.error(f"--warmup must be at least 0, got {args.warmup}")
    if args.warmup_seconds is not None and not 0 <= args.warmup_seconds <= 3600:
        parser.error(f"--warmup-seconds must be between 0 and 3600, got {args.warmup_seconds}")
    if args.threads < 1:
        parser.error(f"--threads must be at least 1, got {args.threads}")
    torch.set_num_threads(args.threads)
    for name in names:
        iterations, warmup, warmup_seconds = DEFAULT_ITERATIONS[name]
        iterations = iterations if args.iterations is None else args.iterations
        warmup = warmup if args.warmup is None else args.warmup
        warmup_seconds = warmup_seconds if args.warmup_seconds is None else args.warmup_seconds
        print(json.dumps(run(name, iterations, warmup, warmup_seconds, args.seed)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
