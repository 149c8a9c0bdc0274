"""PyTorch 1.13 references for dev.dynrnn.optim (OptimizerTrajectoryTest, OptimizerKernelTest, SchedulerTest).

    /usr/bin/python3 scripts/reference/optim_reference.py

writes core/src/test/resources/fixtures/optim.json:

  model      the fixed data (x, y) and the initial parameters of a 2-3-1 tanh MLP:
             loss = mean((tanh(x @ w1 + b1) @ w2 + b2 - y)^2), plus `unused`, a parameter that
             is optimized but never gets a gradient (its .grad stays None).
  runs.NAME  one optimizer configuration run for 100 steps: `params` holds w1, b1, w2, b2
             flattened and concatenated after every step (100 x 13), `lr` every group's lr after
             every step, `norms` the total norm returned by clip_grad_norm_ (when clipped), and
             `state` PyTorch's optimizer.state_dict() after the last step.
  kernels    fixed gradients for three parameters and, per configuration without clipping, the
             parameters and state after 20 steps: the update arithmetic, to be matched exactly.
  schedules.NAME  a scheduler's get_last_lr() at construction and after each of 100 steps, for an
             SGD optimizer with two groups (lr 0.1 and 0.05); ReduceLROnPlateau is driven by the
             fixed `metrics` sequence.

Before writing, every run is repeated with gradients computed in float64 and rounded, and must
stay within CONDITIONING of the float32 run: the 1e-5 tolerance then measures the optimizer,
not the amplification of last-bit differences in the model's gradients.

Values are float32 written in their shortest round-trip form, to keep the file small.
"""
import math

import numpy as np
import torch
from torch.optim import SGD, Adam, AdamW, RMSprop, Adagrad
from torch.optim.lr_scheduler import (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
                                      LinearLR, ConstantLR, SequentialLR, ChainedScheduler,
                                      ReduceLROnPlateau)
from torch.nn.utils import clip_grad_norm_, clip_grad_value_

from fixtures import dump

STEPS = 100


def floats(t):
    """A float32 tensor as {"shape", "data"} with the shortest decimal that reads back exactly."""
    t = torch.as_tensor(t).detach().to(torch.float32).contiguous()
    values = t.reshape(-1).numpy()
    data = []
    for v in values:
        short = float(repr(np.float32(v)))
        assert np.float32(short) == v, (v, short)
        data.append(short)
    return {"shape": list(t.shape), "data": data}


torch.manual_seed(0)
X = torch.randn(8, 2)
Y = torch.sin(X[:, :1] * 2.0) * 0.5 + X[:, 1:] * 0.25          # (8, 1)
INITIAL = {
    "w1": torch.randn(2, 3) * 0.5,
    "b1": torch.randn(3) * 0.1,
    "w2": torch.randn(3, 1) * 0.5,
    "b2": torch.randn(1) * 0.1,
    "unused": torch.randn(3),
}
NAMES = ["w1", "b1", "w2", "b2", "unused"]

# A metric sequence for ReduceLROnPlateau: improves, plateaus, improves a little (below and above
# the threshold), then plateaus for long stretches.
METRICS = ([1.0 - 0.05 * i for i in range(10)] + [0.55] * 8 + [0.549, 0.548, 0.54, 0.53]
           + [0.53 + 0.001 * (i % 3) for i in range(30)] + [0.4 - 0.02 * i for i in range(10)]
           + [0.2] * 40)[:STEPS]


def fresh_params():
    return [INITIAL[n].clone().requires_grad_(True) for n in NAMES]


def loss_of(params):
    w1, b1, w2, b2, _unused = params
    prediction = torch.tanh(X @ w1 + b1) @ w2 + b2
    return ((prediction - Y) ** 2).mean()


def flat(params):
    return torch.cat([p.detach().reshape(-1) for p in params[:4]])


def state_of(optimizer):
    """optimizer.state_dict() with tensors converted and PyTorch-only switches dropped."""
    sd = optimizer.state_dict()
    state = {}
    for index, entries in sd["state"].items():
        # SGD without momentum keeps {'momentum_buffer': None}: written as null
        state[str(index)] = {k: (floats(v) if torch.is_tensor(v) and v.dim() > 0
                                 else None if v is None else float(v)) for k, v in entries.items()}
    dropped = {"foreach", "differentiable", "capturable", "fused"}
    groups = []
    for group in sd["param_groups"]:
        groups.append({k: (list(v) if isinstance(v, tuple) else v)
                       for k, v in group.items() if k not in dropped})
    return {"state": state, "param_groups": groups}


def backward_in_double(params):
    """Gradients computed in float64 and rounded to float32: they differ from PyTorch's float32
    ones by rounding only, as another implementation's (dynrnn's) would."""
    doubles = [p.detach().double().requires_grad_(True) for p in params]
    w1, b1, w2, b2, _unused = doubles
    prediction = torch.tanh(X.double() @ w1 + b1) @ w2 + b2
    ((prediction - Y.double()) ** 2).mean().backward()
    for p, d in zip(params[:4], doubles[:4]):
        p.grad = d.grad.float()


def run(make_optimizer, clip=None, make_scheduler=None, plateau=None, rounded_grads=False):
    params = fresh_params()
    optimizer = make_optimizer(params)
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    plateau_scheduler = plateau(optimizer) if plateau else None
    trajectory, lrs, norms = [], [], []
    for step in range(STEPS):
        optimizer.zero_grad(set_to_none=True)
        if rounded_grads:
            backward_in_double(params)
        else:
            loss_of(params).backward()
        if clip is not None:
            kind, value = clip
            if kind == "value":
                clip_grad_value_(params, value)
            else:
                norms.append(clip_grad_norm_(params, value, norm_type=kind).item())
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        if plateau_scheduler is not None:
            plateau_scheduler.step(METRICS[step])
        trajectory.append(flat(params))
        lrs.append([g["lr"] for g in optimizer.param_groups])
    assert params[4].grad is None and torch.equal(params[4], INITIAL["unused"])
    out = {"params": floats(torch.stack(trajectory)), "lr": lrs, "state": state_of(optimizer)}
    if norms:
        out["norms"] = floats(torch.tensor(norms))
    return out


def two_groups(params, first, second):
    return [dict(params=params[:2], **first), dict(params=params[2:], **second)]


RUNS = {
    "sgd_plain": dict(make_optimizer=lambda p: SGD(p, lr=0.1)),
    "sgd_momentum": dict(make_optimizer=lambda p: SGD(p, lr=0.05, momentum=0.9)),
    "sgd_dampening": dict(make_optimizer=lambda p: SGD(p, lr=0.05, momentum=0.9, dampening=0.3)),
    "sgd_nesterov": dict(make_optimizer=lambda p: SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    "sgd_weight_decay": dict(make_optimizer=lambda p: SGD(p, lr=0.1, weight_decay=0.05)),
    "sgd_all": dict(make_optimizer=lambda p: SGD(p, lr=0.03, momentum=0.8, weight_decay=0.02,
                                                 nesterov=True)),
    "sgd_maximize": dict(make_optimizer=lambda p: SGD(p, lr=0.002, momentum=0.5, dampening=0.1,
                                                      maximize=True)),
    "adam_plain": dict(make_optimizer=lambda p: Adam(p, lr=0.02)),
    "adam_weight_decay": dict(make_optimizer=lambda p: Adam(p, lr=0.02, weight_decay=0.1)),
    "adam_amsgrad": dict(make_optimizer=lambda p: Adam(p, lr=0.02, amsgrad=True)),
    "adam_all": dict(make_optimizer=lambda p: Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6,
                                                   weight_decay=0.05, amsgrad=True)),
    "adam_maximize": dict(make_optimizer=lambda p: Adam(p, lr=0.005, maximize=True)),
    "adamw_plain": dict(make_optimizer=lambda p: AdamW(p, lr=0.02)),
    "adamw_amsgrad": dict(make_optimizer=lambda p: AdamW(p, lr=0.02, betas=(0.85, 0.995),
                                                         weight_decay=0.2, amsgrad=True)),
    "adamw_maximize": dict(make_optimizer=lambda p: AdamW(p, lr=0.005, maximize=True)),
    "rmsprop_plain": dict(make_optimizer=lambda p: RMSprop(p, lr=0.01)),
    "rmsprop_momentum": dict(make_optimizer=lambda p: RMSprop(p, lr=0.005, momentum=0.9)),
    "rmsprop_centered": dict(make_optimizer=lambda p: RMSprop(p, lr=0.005, centered=True)),
    "rmsprop_weight_decay": dict(make_optimizer=lambda p: RMSprop(p, lr=0.005, weight_decay=0.1)),
    "rmsprop_all": dict(make_optimizer=lambda p: RMSprop(p, lr=0.002, alpha=0.95, eps=1e-6,
                                                         weight_decay=0.05, momentum=0.3,
                                                         centered=True)),
    "rmsprop_maximize": dict(make_optimizer=lambda p: RMSprop(p, lr=0.002, maximize=True)),
    "adagrad_plain": dict(make_optimizer=lambda p: Adagrad(p, lr=0.05)),
    "adagrad_lr_decay": dict(make_optimizer=lambda p: Adagrad(p, lr=0.1, lr_decay=0.05)),
    "adagrad_weight_decay": dict(make_optimizer=lambda p: Adagrad(p, lr=0.1, weight_decay=0.1)),
    "adagrad_all": dict(make_optimizer=lambda p: Adagrad(p, lr=0.05, lr_decay=0.01,
                                                         weight_decay=0.05,
                                                         initial_accumulator_value=0.1, eps=1e-6,
                                                         maximize=True)),
    "sgd_groups": dict(make_optimizer=lambda p: SGD(two_groups(
        p, dict(lr=0.1, momentum=0.9), dict(lr=0.02, momentum=0.5, nesterov=True, weight_decay=0.01)),
        lr=0.05)),
    "adam_groups": dict(make_optimizer=lambda p: Adam(two_groups(
        p, dict(lr=0.03), dict(betas=(0.7, 0.9), amsgrad=True, weight_decay=0.01)), lr=0.01)),
    "sgd_clip_norm2": dict(make_optimizer=lambda p: SGD(p, lr=0.1, momentum=0.9),
                           clip=(2.0, 0.25)),
    "adam_clip_norm_inf": dict(make_optimizer=lambda p: Adam(p, lr=0.02), clip=(math.inf, 0.05)),
    "sgd_clip_value": dict(make_optimizer=lambda p: SGD(p, lr=0.5), clip=("value", 0.02)),
    "sgd_warmup_cosine": dict(
        make_optimizer=lambda p: SGD(p, lr=0.1, momentum=0.9),
        make_scheduler=lambda o: SequentialLR(o, [LinearLR(o, start_factor=0.1, total_iters=10),
                                                  CosineAnnealingLR(o, T_max=90, eta_min=0.001)],
                                              milestones=[10])),
    "adam_step_lr": dict(make_optimizer=lambda p: Adam(p, lr=0.03),
                         make_scheduler=lambda o: StepLR(o, step_size=20, gamma=0.5)),
    "rmsprop_plateau": dict(make_optimizer=lambda p: RMSprop(p, lr=0.01, momentum=0.5),
                            plateau=lambda o: ReduceLROnPlateau(o, factor=0.5, patience=3,
                                                                threshold=0.01, cooldown=2)),
}


def schedule(make_scheduler, plateau=False):
    params = [torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)]
    optimizer = SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.05}], lr=0.1)
    scheduler = make_scheduler(optimizer)
    lrs = [[g["lr"] for g in optimizer.param_groups]]
    for step in range(STEPS):
        optimizer.step()
        if plateau:
            scheduler.step(METRICS[step])
            lrs.append([g["lr"] for g in optimizer.param_groups])
        else:
            scheduler.step()
            lrs.append(list(scheduler.get_last_lr()))
    return lrs


SCHEDULES = {
    "step": lambda o: StepLR(o, step_size=7, gamma=0.5),
    "multi_step": lambda o: MultiStepLR(o, milestones=[10, 25, 25, 60], gamma=0.5),
    "exponential": lambda o: ExponentialLR(o, gamma=0.97),
    "cosine": lambda o: CosineAnnealingLR(o, T_max=30, eta_min=0.001),
    "cosine_no_min": lambda o: CosineAnnealingLR(o, T_max=45),
    "linear": lambda o: LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10),
    "linear_decay": lambda o: LinearLR(o, start_factor=1.0, end_factor=0.2, total_iters=60),
    "constant": lambda o: ConstantLR(o, factor=0.5, total_iters=4),
    "warmup_cosine": lambda o: SequentialLR(
        o, [LinearLR(o, start_factor=0.05, total_iters=5), CosineAnnealingLR(o, T_max=95)],
        milestones=[5]),
    "warmup_step_exponential": lambda o: SequentialLR(
        o, [ConstantLR(o, factor=0.25, total_iters=10), StepLR(o, step_size=10, gamma=0.7),
            ExponentialLR(o, gamma=0.95)], milestones=[10, 40]),
    "chained_warmup_exponential": lambda o: ChainedScheduler(
        [LinearLR(o, start_factor=0.2, total_iters=8), ExponentialLR(o, gamma=0.95)]),
    "chained_warmup_cosine": lambda o: ChainedScheduler(
        [LinearLR(o, start_factor=0.1, total_iters=10), CosineAnnealingLR(o, T_max=25, eta_min=0.0)]),
}
PLATEAUS = {
    "plateau_min_rel": lambda o: ReduceLROnPlateau(o, mode="min", factor=0.5, patience=3,
                                                   threshold=0.01, threshold_mode="rel",
                                                   cooldown=2, min_lr=[0.01, 0.002]),
    "plateau_min_abs": lambda o: ReduceLROnPlateau(o, mode="min", factor=0.3, patience=0,
                                                   threshold=0.005, threshold_mode="abs"),
    "plateau_max_rel": lambda o: ReduceLROnPlateau(o, mode="max", factor=0.1, patience=5,
                                                   min_lr=1e-4, eps=1e-3),
    "plateau_max_abs": lambda o: ReduceLROnPlateau(o, mode="max", factor=0.5, patience=2,
                                                   threshold=0.1, threshold_mode="abs",
                                                   cooldown=5),
}

# Kernel runs: the update formulas alone, bit for bit. Three parameters of 40, 16 and 3 elements
# (PyTorch's CPU loops run 16 elements at a time with a scalar tail) get fixed random gradients
# for 20 steps (some elements exactly 0; the third parameter only on even steps, so its step
# count lags), and every configuration without clipping records its final parameters and state.
# With the gradients given, dynrnn must reproduce these exactly.
KERNEL_STEPS = 20
torch.manual_seed(1)
KERNEL_INITIAL = [torch.randn(5, 8), torch.randn(16), torch.randn(3)]
KERNEL_GRADS = []
for step in range(KERNEL_STEPS):
    grads = []
    for p in KERNEL_INITIAL:
        g = torch.randn(p.shape) * (0.5 + step / KERNEL_STEPS)
        g[g.abs() < 0.1] = 0.0
        grads.append(g)
    KERNEL_GRADS.append(grads)


def kernel_run(make_optimizer, make_scheduler=None, plateau=None):
    params = [t.clone().requires_grad_(True) for t in KERNEL_INITIAL]
    optimizer = make_optimizer(params)
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    plateau_scheduler = plateau(optimizer) if plateau else None
    for step in range(KERNEL_STEPS):
        optimizer.zero_grad(set_to_none=True)
        for i, (p, g) in enumerate(zip(params, KERNEL_GRADS[step])):
            if i < 2 or step % 2 == 0:
                p.grad = g.clone()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        if plateau_scheduler is not None:
            plateau_scheduler.step(METRICS[step])
    return {"params": [floats(p) for p in params], "state": state_of(optimizer)}


# Conditioning: a run whose trajectory moves by more than CONDITIONING when its gradients change
# by float32 rounding alone would measure chaos (e.g. an adaptive method stepping a parameter
# back and forth across an optimum by the sign of a gradient that is zero up to rounding), not
# the optimizer. Every run must stay well within the tests' 1e-5.
CONDITIONING = 2e-6
for name, spec in RUNS.items():
    exact = run(**spec)["params"]["data"]
    perturbed = run(rounded_grads=True, **spec)["params"]["data"]
    drift = max(abs(a - b) for a, b in zip(exact, perturbed))
    print(f"{name:24s} drift under gradient rounding: {drift:.3g}")
    assert drift < CONDITIONING, (name, drift)

fixture = {
    "steps": STEPS,
    "model": dict({"x": floats(X), "y": floats(Y)}, **{n: floats(INITIAL[n]) for n in NAMES}),
    "metrics": METRICS,
    "runs": {name: run(**spec) for name, spec in RUNS.items()},
    "kernels": {
        "initial": [floats(t) for t in KERNEL_INITIAL],
        "grads": [[floats(g) for g in grads] for grads in KERNEL_GRADS],
        "runs": {name: kernel_run(**{k: v for k, v in spec.items() if k != "clip"})
                 for name, spec in RUNS.items() if "clip" not in spec},
    },
    "schedules": dict({name: schedule(make) for name, make in SCHEDULES.items()},
                      **{name: schedule(make, plateau=True) for name, make in PLATEAUS.items()}),
}
dump("optim", fixture)
