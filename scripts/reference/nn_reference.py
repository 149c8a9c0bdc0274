"""PyTorch reference values for dev.dynrnn.nn (layers, cells, losses, initialisation, reprs).

    /usr/bin/python3 scripts/reference/nn_reference.py

Writes core/src/test/resources/fixtures/nn_*.json:
  nn_rnn_tanh, nn_rnn_relu, nn_lstm, nn_gru  recurrent layers: parameters, input, initial state,
                                              output, final state, and the gradients of a fixed
                                              weighted sum of output and final state with respect
                                              to input, initial state and every parameter
  nn_cells     RNNCell (tanh, relu), LSTMCell, GRUCell, likewise
  nn_layers    Linear, Sequential, Embedding, softmax / log_softmax, the seed's model
  nn_losses    every loss and reduction: value and gradients with respect to input and target
  nn_init      state dicts right after torch.manual_seed(s) and construction
  nn_repr      repr() of modules

Parameter names are stored with '.' replaced by '/' because the Java fixture reader uses dots as
path separators.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixtures import dump

INPUT_SIZE = 3
HIDDEN_SIZE = 4

# An L8 orthogonal array: 8 runs over 7 two-level factors in which every pair of factors takes
# all four combinations of levels, so 8 configurations cover every pairwise interaction of
# layers x batch_first x bidirectional x bias x batch x length x initial state.
L8 = [
    (0, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 1, 1, 1, 1),
    (0, 1, 1, 0, 0, 1, 1),
    (0, 1, 1, 1, 1, 0, 0),
    (1, 0, 1, 0, 1, 0, 1),
    (1, 0, 1, 1, 0, 1, 0),
    (1, 1, 0, 0, 1, 1, 0),
    (1, 1, 0, 1, 0, 0, 1),
]


def configurations():
    configs = []
    for run in L8:
        layers, batch_first, bidirectional, bias, batch, length, given = run
        configs.append(dict(num_layers=(1, 3)[layers], batch_first=bool(batch_first),
                            bidirectional=bool(bidirectional), bias=bool(bias), batch=(1, 5)[batch],
                            length=(1, 37)[length], initial_state=bool(given), unbatched=False, dropout=0.0,
                            eval=False))
    # Unbatched (2-D) input, with and without an initial state.
    configs.append(dict(num_layers=2, batch_first=True, bidirectional=True, bias=True, batch=1, length=6,
                        initial_state=True, unbatched=True, dropout=0.0, eval=False))
    configs.append(dict(num_layers=1, batch_first=False, bidirectional=False, bias=True, batch=1, length=4,
                        initial_state=False, unbatched=True, dropout=0.0, eval=False))
    # Dropout between layers is off in eval mode: the output must be deterministic.
    configs.append(dict(num_layers=2, batch_first=False, bidirectional=False, bias=True, batch=3, length=5,
                        initial_state=True, unbatched=False, dropout=0.5, eval=True))
    # Dropout between layers in training: the masks come from the default generator, seeded right
    # before the forward pass ("forward_seed"), and PyTorch's CPU build draws them with the
    # generator's plain bernoulli path, which dynrnn reproduces.
    configs.append(dict(num_layers=3, batch_first=True, bidirectional=True, bias=True, batch=2, length=5,
                        initial_state=True, unbatched=False, dropout=0.4, eval=False))
    return configs


def named(params):
    return {name.replace(".", "/"): value for name, value in params}


def grads(module):
    return {name.replace(".", "/"): p.grad for name, p in module.named_parameters()}


def recurrent_cases(kind):
    cases = {}
    for index, c in enumerate(configurations()):
        torch.manual_seed(1000 + index)
        kwargs = dict(num_layers=c["num_layers"], bias=c["bias"], batch_first=c["batch_first"],
                      dropout=c["dropout"], bidirectional=c["bidirectional"])
        if kind == "rnn_tanh":
            module = nn.RNN(INPUT_SIZE, HIDDEN_SIZE, nonlinearity="tanh", **kwargs)
        elif kind == "rnn_relu":
            module = nn.RNN(INPUT_SIZE, HIDDEN_SIZE, nonlinearity="relu", **kwargs)
        elif kind == "lstm":
            module = nn.LSTM(INPUT_SIZE, HIDDEN_SIZE, **kwargs)
        else:
            module = nn.GRU(INPUT_SIZE, HIDDEN_SIZE, **kwargs)
        if c["eval"]:
            module.eval()
        directions = 2 if c["bidirectional"] else 1
        if c["unbatched"]:
            input_shape = (c["length"], INPUT_SIZE)
            state_shape = (c["num_layers"] * directions, HIDDEN_SIZE)
        else:
            input_shape = (c["batch"], c["length"], INPUT_SIZE) if c["batch_first"] else (c["length"], c["batch"], INPUT_SIZE)
            state_shape = (c["num_layers"] * directions, c["batch"], HIDDEN_SIZE)
        x = torch.randn(*input_shape).requires_grad_()
        case = dict(config=c, params=named(module.named_parameters()), input=x)
        h0 = c0 = None
        if c["initial_state"]:
            h0 = (0.5 * torch.randn(*state_shape)).requires_grad_()
            case["h0"] = h0
            if kind == "lstm":
                c0 = (0.5 * torch.randn(*state_shape)).requires_grad_()
                case["c0"] = c0
        if c["dropout"] > 0 and not c["eval"]:
            case["forward_seed"] = 5000 + index
            torch.manual_seed(case["forward_seed"])
        if kind == "lstm":
            output, (h_n, c_n) = module(x, None if h0 is None else (h0, c0))
        else:
            output, h_n = module(x, h0)
            c_n = None
        w_output = torch.randn(output.shape)
        w_h = torch.randn(h_n.shape)
        loss = (output * w_output).sum() + (h_n * w_h).sum()
        case.update(w_output=w_output, w_h=w_h, output=output, h_n=h_n)
        if c_n is not None:
            w_c = torch.randn(c_n.shape)
            loss = loss + (c_n * w_c).sum()
            case.update(w_c=w_c, c_n=c_n)
        loss.backward()
        grad = dict(input=x.grad, params=grads(module))
        if h0 is not None:
            grad["h0"] = h0.grad
        if c0 is not None:
            grad["c0"] = c0.grad
        case["grad"] = grad
        cases["case%d" % index] = case
    return cases


def cell_cases():
    cases = {}
    index = 0
    for kind in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        for bias, batched, given in ((True, True, True), (False, True, False), (True, False, True), (True, False, False)):
            torch.manual_seed(2000 + index)
            if kind.startswith("rnn"):
                cell = nn.RNNCell(INPUT_SIZE, HIDDEN_SIZE, bias=bias, nonlinearity=kind[4:])
            elif kind == "lstm":
                cell = nn.LSTMCell(INPUT_SIZE, HIDDEN_SIZE, bias=bias)
            else:
                cell = nn.GRUCell(INPUT_SIZE, HIDDEN_SIZE, bias=bias)
            x = torch.randn(*((5, INPUT_SIZE) if batched else (INPUT_SIZE,))).requires_grad_()
            state_shape = (5, HIDDEN_SIZE) if batched else (HIDDEN_SIZE,)
            case = dict(kind=kind, bias=bias, params=named(cell.named_parameters()), input=x)
            h = c = None
            if given:
                h = (0.5 * torch.randn(*state_shape)).requires_grad_()
                case["h0"] = h
                if kind == "lstm":
                    c = (0.5 * torch.randn(*state_shape)).requires_grad_()
                    case["c0"] = c
            if kind == "lstm":
                h1, c1 = cell(x, None if h is None else (h, c))
            else:
                h1, c1 = cell(x, h), None
            w_h = torch.randn(h1.shape)
            loss = (h1 * w_h).sum()
            case.update(w_h=w_h, h1=h1)
            if c1 is not None:
                w_c = torch.randn(c1.shape)
                loss = loss + (c1 * w_c).sum()
                case.update(w_c=w_c, c1=c1)
            loss.backward()
            grad = dict(input=x.grad, params=grads(cell))
            if h is not None:
                grad["h0"] = h.grad
            if c is not None:
                grad["c0"] = c.grad
            case["grad"] = grad
            cases["case%d" % index] = case
            index += 1
    return cases


class SeedModel(nn.Module):
    """The seed's model, with the Python loop over time steps that makes it dynamic."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(input_size=1, hidden_size=32, num_layers=1, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x, h_state):
        r_out, h_state = self.rnn(x, h_state)
        outs = []
        for time_step in range(r_out.size(1)):
            outs.append(self.out(r_out[:, time_step, :]))
        return torch.stack(outs, dim=1), h_state


def layer_cases():
    out = {}
    torch.manual_seed(3000)
    for name, bias in (("linear", True), ("linear_no_bias", False)):
        linear = nn.Linear(3, 4, bias=bias)
        x = torch.randn(2, 5, 3).requires_grad_()
        y = linear(x)
        w = torch.randn(y.shape)
        (y * w).sum().backward()
        out[name] = dict(params=named(linear.named_parameters()), input=x, output=y, w=w,
                         grad=dict(input=x.grad, params=grads(linear)))

    sequential = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2), nn.Sigmoid())
    x = torch.randn(6, 3).requires_grad_()
    y = sequential(x)
    w = torch.randn(y.shape)
    (y * w).sum().backward()
    out["sequential"] = dict(params=named(sequential.named_parameters()), input=x, output=y, w=w,
                             grad=dict(input=x.grad, params=grads(sequential)))

    embedding = nn.Embedding(6, 3, padding_idx=2)
    indices = torch.tensor([[0, 2, 5, 2], [5, 1, 0, 3]])
    y = embedding(indices)
    w = torch.randn(y.shape)
    (y * w).sum().backward()
    out["embedding"] = dict(params=named(embedding.named_parameters()), indices=indices.float(), output=y, w=w,
                            grad=dict(params=grads(embedding)))

    x = torch.randn(6, 50)
    for p in (0.3, 0.75):
        xi = x.clone().requires_grad_()
        torch.manual_seed(6000)
        y = F.dropout(xi, p)
        y.sum().backward()
        out["dropout_p%d" % round(100 * p)] = dict(input=xi, p=p, seed=6000, output=y, grad=xi.grad)
    torch.manual_seed(6001)
    model = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5), nn.Tanh(), nn.Dropout(0.2))
    x = torch.randn(5, 3)
    torch.manual_seed(6002)
    out["dropout_modules"] = dict(params=named(model.named_parameters()), input=x, seed=6002, output=model(x))

    x = torch.randn(2, 3, 4) * 3
    for dim in (0, 1, -1):
        for name, f in (("softmax", F.softmax), ("log_softmax", F.log_softmax)):
            xi = x.clone().requires_grad_()
            y = f(xi, dim=dim)
            w = torch.randn(y.shape)
            (y * w).sum().backward()
            out["%s_dim%d" % (name, dim + 3 if dim < 0 else dim)] = dict(input=xi, dim=dim, output=y, w=w, grad=xi.grad)
    big = torch.tensor([[1000.0, 0.0, -1000.0], [88.0, 89.0, 90.0]], requires_grad=True)
    y = F.log_softmax(big, dim=1)
    y.sum().backward()
    out["log_softmax_large"] = dict(input=big, output=y, grad=big.grad)

    torch.manual_seed(1)
    model = SeedModel()
    steps = torch.linspace(0, math.pi, 10)
    x = torch.sin(steps)[None, :, None]
    h_state = (0.3 * torch.randn(1, 1, 32)).requires_grad_()
    prediction, h_n = model(x, h_state)
    target = torch.cos(steps)[None, :, None]
    loss = F.mse_loss(prediction, target)
    loss.backward()
    out["seed_model"] = dict(params=named(model.named_parameters()), input=x, h0=h_state, target=target,
                             prediction=prediction, h_n=h_n, loss=loss,
                             grad=dict(h0=h_state.grad, params=grads(model)))
    return out


def loss_cases():
    out = {}
    torch.manual_seed(4000)
    x = torch.randn(4, 3) * 2
    y = torch.randn(4, 3) * 2
    regression = (("mse", lambda a, b, r: F.mse_loss(a, b, reduction=r)),
                  ("l1", lambda a, b, r: F.l1_loss(a, b, reduction=r)),
                  ("smooth_l1", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r)),
                  ("smooth_l1_beta0.5", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r, beta=0.5)),
                  ("smooth_l1_beta0", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r, beta=0.0)),
                  ("huber", lambda a, b, r: F.huber_loss(a, b, reduction=r)),
                  ("huber_delta2.5", lambda a, b, r: F.huber_loss(a, b, reduction=r, delta=2.5)))
    for name, f in regression:
        for reduction in ("mean", "sum", "none"):
            a = x.clone().requires_grad_()
            b = y.clone().requires_grad_()
            value = f(a, b, reduction)
            w = torch.randn(value.shape)
            (value * w).sum().backward()
            out["%s_%s" % (name.replace(".", "p"), reduction)] = dict(
                input=a, target=b, output=value, w=w, grad_input=a.grad, grad_target=b.grad)

    logits = torch.randn(5, 4) * 2
    target = torch.tensor([1, 0, 3, -100, 2])
    class_weight = torch.tensor([0.5, 2.0, 1.0, 1.5])
    spatial_logits = torch.randn(2, 4, 3)
    spatial_target = torch.tensor([[0, 3, 1], [2, 2, 1]])
    ce_cases = (
        ("ce", logits, target, None, -100),
        ("ce_weight", logits, target, class_weight, -100),
        ("ce_ignore1", logits, torch.tensor([1, 0, 3, 1, 2]), class_weight, 1),
        ("ce_spatial", spatial_logits, spatial_target, None, 3),
        ("ce_unbatched", logits[0], torch.tensor(2), None, -100),
    )
    for name, inp, tgt, weight, ignore in ce_cases:
        for reduction in ("mean", "sum", "none"):
            a = inp.clone().requires_grad_()
            value = F.cross_entropy(a, tgt, weight=weight, ignore_index=ignore, reduction=reduction)
            w = torch.randn(value.shape)
            (value * w).sum().backward()
            case = dict(input=a, target=tgt.float(), ignore_index=ignore, output=value, w=w, grad_input=a.grad)
            if weight is not None:
                case["weight"] = weight
            out["%s_%s" % (name, reduction)] = case

    bce_logits = torch.randn(4, 3) * 3
    bce_logits[0, 0] = 60.0
    bce_logits[0, 1] = -60.0
    bce_target = torch.rand(4, 3)
    bce_target[1] = torch.tensor([0.0, 1.0, 1.0])
    bce_weight = torch.rand(4, 3) + 0.5
    pos_weight = torch.tensor([0.5, 2.0, 3.0])
    for name, weight, pw in (("bce", None, None), ("bce_weight", bce_weight, None), ("bce_pos_weight", None, pos_weight),
                             ("bce_both", bce_weight, pos_weight)):
        for reduction in ("mean", "sum", "none"):
            a = bce_logits.clone().requires_grad_()
            b = bce_target.clone().requires_grad_()
            value = F.binary_cross_entropy_with_logits(a, b, weight=weight, pos_weight=pw, reduction=reduction)
            w = torch.randn(value.shape)
            (value * w).sum().backward()
            case = dict(input=a, target=b, output=value, w=w, grad_input=a.grad, grad_target=b.grad)
            if weight is not None:
                case["weight"] = weight
            if pw is not None:
                case["pos_weight"] = pw
            out["%s_%s" % (name, reduction)] = case
    return out


def init_cases():
    out = {}
    for seed in (0, 1, 7):
        torch.manual_seed(seed)
        out["seed_model_%d" % seed] = named(SeedModel().state_dict().items())
        torch.manual_seed(seed)
        out["lstm2_%d" % seed] = named(nn.LSTM(3, 5, num_layers=2).state_dict().items())
        torch.manual_seed(seed)
        out["gru_%d" % seed] = named(nn.GRU(4, 6, bidirectional=True, batch_first=True).state_dict().items())
        torch.manual_seed(seed)
        out["embedding_%d" % seed] = named(nn.Embedding(10, 3, padding_idx=1).state_dict().items())
        torch.manual_seed(seed)
        out["cells_%d" % seed] = named(nn.Sequential(nn.RNNCell(2, 3), nn.LSTMCell(3, 2), nn.GRUCell(2, 4)).state_dict().items())
    return out


class RNN(SeedModel):
    """Named as in the seed, whose print(rnn) shows 'RNN('."""


def reprs():
    return {
        "seed_model": repr(RNN()),
        "lstm3_bidirectional_dropout": repr(nn.LSTM(4, 8, num_layers=3, dropout=0.5, bidirectional=True)),
        "lstm_all_options": repr(nn.LSTM(4, 8, num_layers=3, bias=False, batch_first=True, dropout=1e-05,
                                         bidirectional=True)),
        "rnn_relu": repr(nn.RNN(1, 32, batch_first=True, nonlinearity="relu")),
        "gru": repr(nn.GRU(3, 5, num_layers=2, dropout=0.25)),
        "cells": repr(nn.Sequential(nn.RNNCell(3, 4, nonlinearity="relu"), nn.LSTMCell(3, 4), nn.GRUCell(3, 4, bias=False))),
        "sequential": repr(nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.ReLU(), nn.Sigmoid(), nn.Dropout(0.25),
                                         nn.Embedding(10, 3, padding_idx=0), nn.Sequential(nn.Linear(3, 1, bias=False)))),
        "losses": repr(nn.Sequential(nn.MSELoss(), nn.L1Loss(reduction="sum"), nn.SmoothL1Loss(beta=2.0),
                                     nn.HuberLoss(delta=0.5), nn.CrossEntropyLoss(ignore_index=1),
                                     nn.BCEWithLogitsLoss())),
    }


if __name__ == "__main__":
    for kind in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        dump("nn_" + kind, recurrent_cases(kind))
    dump("nn_cells", cell_cases())
    dump("nn_layers", layer_cases())
    dump("nn_losses", loss_cases())
    dump("nn_init", init_cases())
    dump("nn_repr", reprs())
