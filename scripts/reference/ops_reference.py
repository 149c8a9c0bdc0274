"""PyTorch 1.13 reference values for every public op of dev.dynrnn.tensor.Tensor.

    /usr/bin/python3 scripts/reference/ops_reference.py

writes core/src/test/resources/fixtures/ops.json, read by the Ops*Test and TensorFormatterTest
classes. Layout (every group is an object of named cases):

  creation.arange.NAME      {"start", "end", "step", "out"}
  creation.linspace.NAME    {"start", "end", "steps", "out"}
  creation.fill.NAME        {"out"}                       (zeros, ones, full)
  pointwise|reductions|matmul|shapes.NAME
                            {"in": {ARG: tensor}, "out": tensor}  or  "outs": {"0": .., "1": ..}
  grads.NAME                {"in": {..}, "out": tensor, "grad": {ARG: dL/dARG}}
  repr.NAME                 {"in": {"x": tensor}, "repr": str(result)}
  grad_fn.NAME              PyTorch's name of the result's grad_fn

The Java tests hold the same expression under the same NAME; each test fails when a case exists
on one side only, so the two lists cannot drift apart. Inputs are stored exactly (float32), so
both sides compute on identical values.
"""
import math

import torch

from fixtures import dump

torch.manual_seed(20240611)


def randn(*shape):
    return torch.randn(shape, dtype=torch.float32)


def positive(*shape):
    """Values in [0.5, 2.5): away from 0 for log, sqrt, pow and division."""
    return torch.rand(shape, dtype=torch.float32) * 2 + 0.5


def case(fn, **inputs):
    out = fn(**inputs)
    entry = {"in": inputs}
    if isinstance(out, (list, tuple)):
        entry["outs"] = {str(i): o for i, o in enumerate(out)}
    else:
        entry["out"] = out
    return entry


# ------------------------------------------------------------------------------------ creation

ARANGE = {
    "ints": (0, 5, 1),
    "tenths": (0, 1, 0.1),
    "halves": (1, 2.5, 0.5),
    "negative_start": (-1, 1, 0.3),
    "negative_step": (2, -1, -0.25),
    "uneven": (0.5, 3, 0.7),
    "long_fractional": (0, 100, 0.37),
    "symmetric_tenths": (-3, 3, 0.1),
    "integer_step_3": (0, 10, 3),
    "empty": (1, 1, 0.5),
}

LINSPACE = {
    "steps_0": (0, 1, 0),
    "steps_1": (0, 1, 1),
    "steps_1_negative": (-2.5, 4, 1),
    "steps_2": (0, 1, 2),
    "odd_5": (-1, 1, 5),
    "even_6": (-1, 1, 6),
    "odd_7": (-1, 1, 7),
    "unit_11": (0, 1, 11),
    "descending_10": (2, -3, 10),
    "negative_range_8": (-5, -1, 8),
    "fractional_10": (-3.5, 2.25, 10),
    "fractional_13": (0.1, 0.7, 13),
    "odd_17": (0.3, 0.9, 17),
    "odd_31": (-1.7, 2.9, 31),
    "odd_33": (0, 10, 33),
    "descending_50": (3, -7, 50),
    "even_64": (-2, 3, 64),
    "unit_100": (0, 1, 100),
    "constant_4": (1.5, 1.5, 4),
    "unit_1000": (0, 1, 1000),
}

creation = {
    "arange": {k: {"start": s, "end": e, "step": st, "out": torch.arange(s, e, st, dtype=torch.float32)}
               for k, (s, e, st) in ARANGE.items()},
    "arange_end": {"out": torch.arange(7, dtype=torch.float32)},
    "linspace": {k: {"start": s, "end": e, "steps": n, "out": torch.linspace(s, e, n)}
                 for k, (s, e, n) in LINSPACE.items()},
    "fill": {
        "zeros_2x3": {"out": torch.zeros(2, 3)},
        "zeros_0x3": {"out": torch.zeros(0, 3)},
        "ones_4": {"out": torch.ones(4)},
        "ones_scalar": {"out": torch.ones(())},
        "full_2x2": {"out": torch.full((2, 2), 2.5)},
        "full_scalar": {"out": torch.full((), -1.25)},
    },
}

# ----------------------------------------------------------------------------------- pointwise

BINARY_SHAPES = {
    "same": ((3, 4), (3, 4)),
    "col_row": ((3, 1), (1, 4)),
    "trailing": ((2, 3, 4), (4,)),
    "scalar_tensor": ((), (3, 4)),
    "tensor_scalar": ((3, 4), ()),
    "middle": ((4, 1, 3), (2, 1)),
}
BINARY_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a.pow(b),
}

pointwise = {}
for op, fn in BINARY_OPS.items():
    for shapes_name, (sa, sb) in BINARY_SHAPES.items():
        a = positive(*sa) if op == "pow" else randn(*sa)
        b = positive(*sb) if op == "div" else randn(*sb)
        pointwise[f"{op}_{shapes_name}"] = case(fn, a=a, b=b)
    # a non-contiguous (transposed) first operand
    pointwise[f"{op}_transposed"] = case(lambda a, b, fn=fn: fn(a.t(), b),
                                         a=positive(4, 3) if op == "pow" else randn(4, 3),
                                         b=positive(3, 4) if op == "div" else randn(3, 4))

pointwise.update({
    "add_alpha": case(lambda a, b: a.add(b, alpha=2.0), a=randn(3, 4), b=randn(4)),
    "add_scalar": case(lambda a: a + 2.5, a=randn(3, 4)),
    "sub_scalar": case(lambda a: a - 0.75, a=randn(3, 4)),
    "rsub_scalar": case(lambda a: 3.0 - a, a=randn(3, 4)),
    "mul_scalar": case(lambda a: a * -1.5, a=randn(3, 4)),
    "div_scalar_3": case(lambda a: a / 3.0, a=randn(5, 4)),
    "div_scalar_tenth": case(lambda a: a / 0.1, a=randn(5, 4)),
    "div_scalar_exact": case(lambda a: a / 3.0, a=torch.tensor([1., 2., 3., 7., 0.1, 1e-3, 5.5, -11.])),
    "pow_scalar_2": case(lambda a: a.pow(2.0), a=randn(3, 4)),
    "pow_scalar_3": case(lambda a: a.pow(3.0), a=randn(3, 4)),
    "pow_scalar_half": case(lambda a: a.pow(0.5), a=positive(3, 4)),
    "pow_scalar_minus_half": case(lambda a: a.pow(-0.5), a=positive(3, 4)),
    "pow_scalar_minus_1": case(lambda a: a.pow(-1.0), a=positive(3, 4)),
    "pow_scalar_minus_2": case(lambda a: a.pow(-2.0), a=randn(3, 4)),
    "pow_scalar_1_5": case(lambda a: a.pow(1.5), a=positive(3, 4)),
    "pow_scalar_0": case(lambda a: a.pow(0.0), a=randn(3, 4)),
    "pow_negative_base_fraction": case(lambda a: a.pow(0.5), a=torch.tensor([-1., -0.25, 0., 4.])),
    "neg": case(lambda a: -a, a=randn(3, 4)),
    "exp": case(lambda a: a.exp(), a=randn(3, 4) * 3),
    "exp_extremes": case(lambda a: a.exp(), a=torch.tensor([-200., -100., -20., 0., 20., 88., 89., 100.])),
    "log": case(lambda a: a.log(), a=positive(3, 4)),
    "log_edge": case(lambda a: a.log(), a=torch.tensor([0., -1., 1e-30, 1., 1e30])),
    "sqrt": case(lambda a: a.sqrt(), a=positive(3, 4)),
    "sqrt_edge": case(lambda a: a.sqrt(), a=torch.tensor([0., -1., 1e-30, 2., 1e30])),
    "abs": case(lambda a: a.abs(), a=randn(3, 4)),
    "tanh": case(lambda a: a.tanh(), a=randn(3, 4) * 2),
    "tanh_large": case(lambda a: a.tanh(), a=torch.tensor([-100., -20., -9., -0.001, 0., 1e-6, 9., 20., 100.])),
    "sigmoid": case(lambda a: a.sigmoid(), a=randn(3, 4) * 2),
    "sigmoid_large": case(lambda a: a.sigmoid(),
                          a=torch.tensor([-200., -100., -88., -87., -50., -20., -5., 0., 5., 17., 20., 50., 100.])),
    "relu": case(lambda a: a.relu(), a=randn(3, 4)),
    "clamp": case(lambda a: a.clamp(-0.5, 0.5), a=randn(3, 4)),
    "clamp_min": case(lambda a: a.clamp_min(0.2), a=randn(3, 4)),
    "clamp_max": case(lambda a: a.clamp_max(-0.1), a=randn(3, 4)),
    "exp_transposed": case(lambda a: a.t().exp(), a=randn(4, 3)),
})

# ---------------------------------------------------------------------------------- reductions

reductions = {}
x345 = randn(3, 4, 5)
reductions["sum_all"] = case(lambda x: x.sum(), x=x345)
reductions["mean_all"] = case(lambda x: x.mean(), x=x345)
reductions["max_all"] = case(lambda x: x.max(), x=x345)
reductions["argmax_all"] = case(lambda x: x.argmax().float(), x=x345)
for d in (0, 1, 2, -1, -2, -3):
    for keep in (False, True):
        tag = f"{'m' if d < 0 else ''}{abs(d)}_{'keep' if keep else 'drop'}"
        reductions[f"sum_{tag}"] = case(lambda x, d=d, keep=keep: x.sum(d, keepdim=keep), x=x345)
        reductions[f"mean_{tag}"] = case(lambda x, d=d, keep=keep: x.mean(d, keepdim=keep), x=x345)
        reductions[f"max_{tag}"] = case(lambda x, d=d, keep=keep: x.max(d, keepdim=keep).values, x=x345)
        reductions[f"argmax_{tag}"] = case(lambda x, d=d, keep=keep: x.argmax(d, keepdim=keep).float(), x=x345)
reductions.update({
    "sum_transposed_dim0": case(lambda x: x.t().sum(0), x=randn(4, 3)),
    "max_transposed_dim1": case(lambda x: x.t().max(1).values, x=randn(4, 3)),
    "sum_vector": case(lambda x: x.sum(0), x=randn(7)),
    "mean_vector_keep": case(lambda x: x.mean(-1, keepdim=True), x=randn(7)),
    "sum_scalar": case(lambda x: x.sum(), x=torch.tensor(1.5)),
    "max_with_nan": case(lambda x: x.max(1).values, x=torch.tensor([[1., float("nan"), 3.], [4., 5., 6.]])),
    "argmax_ties_first": case(lambda x: x.argmax(1).float(), x=torch.tensor([[1., 3., 3.], [2., 2., 1.]])),
})

# ------------------------------------------------------------------------------------- matmul

matmul = {
    "dot_1d_1d": case(lambda a, b: a.matmul(b), a=randn(4), b=randn(4)),
    "vec_1d_2d": case(lambda a, b: a.matmul(b), a=randn(4), b=randn(4, 3)),
    "mv_2d_1d": case(lambda a, b: a.matmul(b), a=randn(3, 4), b=randn(4)),
    "mm_2d_2d": case(lambda a, b: a.matmul(b), a=randn(3, 4), b=randn(4, 5)),
    "bmm_3d_3d": case(lambda a, b: a.matmul(b), a=randn(2, 3, 4), b=randn(2, 4, 5)),
    "broadcast_4d_3d": case(lambda a, b: a.matmul(b), a=randn(2, 1, 3, 4), b=randn(5, 4, 2)),
    "broadcast_4d_4d": case(lambda a, b: a.matmul(b), a=randn(2, 1, 3, 4), b=randn(1, 3, 4, 2)),
    "batched_3d_2d": case(lambda a, b: a.matmul(b), a=randn(2, 3, 4), b=randn(4, 5)),
    "batched_4d_2d": case(lambda a, b: a.matmul(b), a=randn(2, 2, 3, 4), b=randn(4, 5)),
    "batched_2d_3d": case(lambda a, b: a.matmul(b), a=randn(3, 4), b=randn(2, 4, 5)),
    "batched_1d_3d": case(lambda a, b: a.matmul(b), a=randn(4), b=randn(2, 4, 5)),
    "batched_3d_1d": case(lambda a, b: a.matmul(b), a=randn(2, 3, 4), b=randn(4)),
    "transposed_left": case(lambda a, b: a.t().matmul(b), a=randn(4, 3), b=randn(4, 5)),
    "transposed_right": case(lambda a, b: a.matmul(b.t()), a=randn(3, 4), b=randn(5, 4)),
    "transposed_both": case(lambda a, b: a.t().matmul(b.t()), a=randn(4, 3), b=randn(5, 4)),
    "transposed_batched": case(lambda a, b: a.transpose(1, 2).matmul(b.transpose(-1, -2)),
                               a=randn(2, 4, 3), b=randn(2, 5, 4)),
    "strided_rows": case(lambda a, b: a.narrow(1, 1, 4).matmul(b), a=randn(3, 6), b=randn(4, 2)),
    "mv_transposed": case(lambda a, b: a.t().matmul(b), a=randn(4, 3), b=randn(4)),
    "outer_column_row": case(lambda a, b: a.matmul(b), a=randn(3, 1), b=randn(1, 4)),
}

# ------------------------------------------------------------------------------------- shapes

x234 = randn(2, 3, 4)
y1312 = randn(1, 3, 1, 2)
shapes = {
    "reshape_4_6": case(lambda x: x.reshape(4, 6), x=x234),
    "reshape_flat": case(lambda x: x.reshape(-1), x=x234),
    "reshape_infer_middle": case(lambda x: x.reshape(3, -1, 2), x=x234),
    "reshape_noncontiguous": case(lambda x: x.transpose(0, 2).reshape(6, 4), x=x234),
    "reshape_to_scalar": case(lambda x: x.reshape(()), x=torch.tensor([4.5])),
    "view_6_4": case(lambda x: x.view(6, 4), x=x234),
    "view_infer": case(lambda x: x.view(-1, 4), x=x234),
    "view_transposed_compatible": case(lambda x: x.transpose(0, 1).view(3, 2, 2, 2), x=x234),
    "flatten": case(lambda x: x.flatten(), x=x234),
    "transpose_0_2": case(lambda x: x.transpose(0, 2), x=x234),
    "transpose_negative": case(lambda x: x.transpose(-1, 0), x=x234),
    "t": case(lambda x: x.t(), x=randn(3, 4)),
    "permute_2_0_1": case(lambda x: x.permute(2, 0, 1), x=x234),
    "permute_1_2_0": case(lambda x: x.permute(1, 2, 0), x=x234),
    "permute_negative": case(lambda x: x.permute(-1, 0, 1), x=x234),
    "unsqueeze_0": case(lambda x: x.unsqueeze(0), x=x234),
    "unsqueeze_2": case(lambda x: x.unsqueeze(2), x=x234),
    "unsqueeze_last": case(lambda x: x.unsqueeze(-1), x=x234),
    "unsqueeze_3": case(lambda x: x.unsqueeze(3), x=x234),
    "unsqueeze_transposed": case(lambda x: x.t().unsqueeze(1), x=randn(3, 4)),
    "squeeze_all": case(lambda y: y.squeeze(), y=y1312),
    "squeeze_0": case(lambda y: y.squeeze(0), y=y1312),
    "squeeze_negative": case(lambda y: y.squeeze(-2), y=y1312),
    "squeeze_not_one": case(lambda y: y.squeeze(1), y=y1312),
    "select_0": case(lambda x: x.select(0, 1), x=x234),
    "select_negative_index": case(lambda x: x.select(1, -1), x=x234),
    "select_last_dim": case(lambda x: x.select(2, 0), x=x234),
    "select_transposed": case(lambda x: x.t().select(0, 2), x=randn(3, 4)),
    "narrow_1": case(lambda x: x.narrow(1, 1, 2), x=x234),
    "narrow_2": case(lambda x: x.narrow(2, 0, 3), x=x234),
    "narrow_negative_dim": case(lambda x: x.narrow(-1, 2, 2), x=x234),
    "narrow_negative_start": case(lambda x: x.narrow(1, -2, 2), x=x234),
    "slice_1": case(lambda x: x[:, 1:3], x=x234),
    "slice_negative": case(lambda x: x[:, :, -3:-1], x=x234),
    "slice_past_end": case(lambda x: x[0:100], x=x234),
    "slice_before_start": case(lambda x: x[:, :, -100:2], x=x234),
    "slice_empty": case(lambda x: x[:, 2:1], x=x234),
    "index_select_repeated": case(lambda x: x.index_select(1, torch.tensor([2, 0, 2])), x=x234),
    "index_select_dim0": case(lambda x: x.index_select(0, torch.tensor([1, 1, 0, 1])), x=x234),
    "index_select_negative_dim": case(lambda x: x.index_select(-1, torch.tensor([3, 0])), x=x234),
    "cat_0": case(lambda a, b: torch.cat([a, b], 0), a=randn(2, 3), b=randn(4, 3)),
    "cat_1": case(lambda a, b, c: torch.cat([a, b, c], 1), a=randn(2, 3), b=randn(2, 1), c=randn(2, 2)),
    "cat_negative": case(lambda a, b: torch.cat([a, b], -1), a=randn(2, 2, 3), b=randn(2, 2, 1)),
    "cat_transposed": case(lambda a, b: torch.cat([a.t(), b], 0), a=randn(3, 2), b=randn(1, 3)),
    "stack_0": case(lambda a, b: torch.stack([a, b], 0), a=randn(2, 3), b=randn(2, 3)),
    "stack_1": case(lambda a, b, c: torch.stack([a, b, c], 1), a=randn(2, 3), b=randn(2, 3), c=randn(2, 3)),
    "stack_last": case(lambda a, b: torch.stack([a, b], 2), a=randn(2, 3), b=randn(2, 3)),
    "stack_negative": case(lambda a, b: torch.stack([a, b], -1), a=randn(2, 3), b=randn(2, 3)),
    "stack_scalars": case(lambda a, b: torch.stack([a, b], 0), a=torch.tensor(1.5), b=torch.tensor(-2.0)),
    "expand_vector": case(lambda v: v.expand(3, 4), v=randn(4)),
    "expand_column": case(lambda c: c.expand(3, 5), c=randn(3, 1)),
    "expand_keep": case(lambda x: x.expand(2, -1, 4), x=randn(2, 1, 4)),
    "expand_new_dims": case(lambda x: x.expand(2, 3), x=randn(1)),
    "expand_then_add": case(lambda v, x: v.expand(3, 4) + x, v=randn(4), x=randn(3, 4)),
    "split_remainder": case(lambda x: x.split(2, 1), x=x234),
    "split_ones": case(lambda x: x.split(1, 0), x=x234),
    "split_last": case(lambda x: x.split(3, -1), x=x234),
    "chunk_even": case(lambda x: x.chunk(2, 2), x=x234),
    "chunk_uneven": case(lambda x: x.chunk(2, 1), x=x234),
    "chunk_more_than_size": case(lambda x: x.chunk(4, 0), x=x234),
    "chunk_6_by_4": case(lambda x: x.chunk(4, 0), x=randn(6)),
    "unbind_0": case(lambda x: x.unbind(0), x=x234),
    "unbind_1": case(lambda x: x.unbind(1), x=x234),
    "unbind_last": case(lambda x: x.unbind(-1), x=x234),
    "contiguous": case(lambda x: x.transpose(0, 1).contiguous(), x=x234),
    "clone": case(lambda x: x.clone(), x=x234),
}

# ------------------------------------------------------------------------ composite gradients


def grad_case(fn, **inputs):
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = fn(**leaves)
    out.backward(torch.ones_like(out))
    return {"in": inputs, "out": out, "grad": {k: v.grad for k, v in leaves.items()}}


grads = {
    "tanh_mul_plus_sigmoid": grad_case(lambda x, y: ((x * y).tanh() + x.sigmoid()).sum(),
                                       x=randn(3, 4), y=randn(3, 4)),
    "linear_relu_mean": grad_case(lambda x, w, b: (x.matmul(w) + b).relu().mean(),
                                  x=randn(5, 4), w=randn(4, 3), b=randn(3)),
    "softmax_by_hand": grad_case(lambda x: (x.exp() / x.exp().sum(1, keepdim=True)).log().select(1, 2),
                                 x=randn(3, 4)),
    "broadcast_div_max": grad_case(lambda a, b, c: ((a * b) / c).sum(0).max(), a=randn(3, 1), b=randn(1, 4),
                                   c=positive(4)),
    "views_then_ops": grad_case(lambda x: x.t().reshape(-1).narrow(0, 2, 7).pow(2.0).sum() + x[1].sqrt().sum(),
                                x=positive(3, 4)),
    "gram_matrix": grad_case(lambda x: x.matmul(x.t()).tanh(), x=randn(3, 4)),
    "cat_stack_index_select": grad_case(
        lambda a, b: torch.stack([torch.cat([a, b], 0).index_select(0, torch.tensor([0, 2, 2, 3])),
                                  a.expand(4, 3)], 0).mul(torch.arange(24.).reshape(2, 4, 3)).sum(),
        a=randn(1, 3), b=randn(3, 3)),
    "pow_tensor_log": grad_case(lambda a, b: a.pow(b).log().sum() + (a - b).abs().mean(), a=positive(2, 3),
                                b=randn(2, 3)),
    "clamp_max_dim": grad_case(lambda x: x.clamp(-0.5, 0.8).max(1).values.sum() + x.clamp_min(0.1).sum(),
                               x=randn(3, 5)),
    "rnn_step": grad_case(lambda x, h, wih, whh: (x.matmul(wih.t()) + h.matmul(whh.t())).tanh().sum(0).div(3.0),
                          x=randn(3, 2), h=randn(3, 4), wih=randn(4, 2), whh=randn(4, 4)),
}

# --------------------------------------------------------------------------------------- repr

big = torch.arange(1200, dtype=torch.float32).reshape(40, 30) / 7
repr_inputs = {
    "fixed": torch.tensor([[0.1, -1.25, 3.14159], [2.0, 0.5, -0.75]]),
    "fixed_rounding": torch.tensor([0.12345, 0.99995, 1.00005, -2.5]),
    "fixed_wide": torch.tensor([123.456, 0.5, -7.25]),
    "integers": torch.tensor([1., -2., 30.]),
    "integers_negative_width": torch.tensor([[-100., 5.], [7., 0.]]),
    "integers_large_ratio": torch.tensor([1., 10000.]),
    "integers_huge": torch.tensor([1e9, 2.]),
    "sci_large_ratio": torch.tensor([0.001, 10.5]),
    "sci_tiny": torch.tensor([1e-5, 2e-5, -3.5e-6]),
    "sci_huge": torch.tensor([1.5e10, 0.5]),
    "sci_denormal": torch.tensor([1e-40, 1.0]),
    "negative_zero_int": torch.tensor([-0., 1., 2.]),
    "negative_zero_fixed": torch.tensor([-0., 0.5]),
    "negative_zero_sci": torch.tensor([-0., 1e-6]),
    "nan_inf_fixed": torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]),
    "nan_inf_int": torch.tensor([float("nan"), 1., 2.]),
    "nan_inf_only": torch.tensor([float("nan"), float("inf"), -float("inf")]),
    "zeros": torch.zeros(2, 3),
    "scalar_fixed": torch.tensor(3.5),
    "scalar_int": torch.tensor(2.),
    "scalar_negative_zero": torch.tensor(-0.),
    "scalar_tiny": torch.tensor(1e-8),
    "scalar_nan": torch.tensor(float("nan")),
    "empty_0": torch.zeros(0),
    "empty_2x0": torch.zeros(2, 0),
    "empty_0x3x2": torch.zeros(0, 3, 2),
    "cube_3x4x5": randn(3, 4, 5),
    "matrix_4d": randn(2, 2, 2, 3),
    "wrap_30": randn(30),
    "wrap_ints_40": torch.arange(40, dtype=torch.float32),
    "wrap_matrix_2x25": randn(2, 25),
    "summarized_1001": randn(1001),
    "summarized_40x30": big,
    "summarized_11x10x10": randn(11, 10, 10),
    "summarized_2x600": randn(2, 600),
    "summarized_ints": torch.arange(2000, dtype=torch.float32),
    "transposed": randn(3, 2).t(),
}
repr_cases = {k: {"in": {"x": v}, "repr": repr(v)} for k, v in repr_inputs.items()}

GRAD_REPRS = {
    "requires_grad": (lambda x: x, randn(3)),
    "requires_grad_scalar": (lambda x: x, torch.tensor(0.25)),
    "requires_grad_wraps": (lambda x: x, randn(7)),
    "requires_grad_matrix": (lambda x: x, randn(2, 3)),
    "grad_fn_mul_scalar": (lambda x: x.mul(2.0), randn(3)),
    "grad_fn_add_scalar": (lambda x: x + 1, randn(2, 2)),
    "grad_fn_sum_dim": (lambda x: x.sum(0), randn(3, 2)),
    "grad_fn_sum": (lambda x: x.sum(), randn(3, 2)),
    "grad_fn_mean": (lambda x: x.mean(), randn(3, 2)),
    "grad_fn_select": (lambda x: x[0], randn(3, 2)),
    "grad_fn_transpose": (lambda x: x.transpose(0, 1), randn(3, 2)),
    "grad_fn_t": (lambda x: x.t(), randn(3, 2)),
    "grad_fn_matmul": (lambda x: x.matmul(x.t()), randn(3, 2)),
    "grad_fn_tanh_wraps": (lambda x: x.tanh(), randn(7)),
    "grad_fn_long_name_wraps": (lambda x: x.index_select(0, torch.tensor([0, 1, 2, 3, 4, 5, 6])), randn(7)),
}
for k, (fn, v) in GRAD_REPRS.items():
    repr_cases[k] = {"in": {"x": v}, "repr": repr(fn(v.clone().requires_grad_(True)))}

# ------------------------------------------------------------------------------- grad_fn names


def grad_fn_name(fn, *shapes):
    leaves = [randn(*s).requires_grad_(True) for s in shapes]
    return fn(*leaves).grad_fn.name()


GRAD_FN = {
    "add": (lambda a, b: a + b, (3, 4), (4,)),
    "add_scalar": (lambda a: a + 1, (3,)),
    "add_alpha": (lambda a, b: a.add(b, alpha=2.0), (3,), (3,)),
    "sub": (lambda a, b: a - b, (3,), (3,)),
    "sub_scalar": (lambda a: a - 1, (3,)),
    "rsub_scalar": (lambda a: 1 - a, (3,)),
    "mul": (lambda a, b: a * b, (3,), (3,)),
    "mul_scalar": (lambda a: a.mul(2.0), (3,)),
    "div": (lambda a, b: a / b, (3,), (3,)),
    "div_scalar": (lambda a: a / 2, (3,)),
    "pow": (lambda a, b: a.pow(b), (3,), (3,)),
    "pow_scalar": (lambda a: a.pow(2.0), (3,)),
    "neg": (lambda a: -a, (3,)),
    "exp": (lambda a: a.exp(), (3,)),
    "log": (lambda a: a.log(), (3,)),
    "sqrt": (lambda a: a.sqrt(), (3,)),
    "abs": (lambda a: a.abs(), (3,)),
    "tanh": (lambda a: a.tanh(), (3,)),
    "sigmoid": (lambda a: a.sigmoid(), (3,)),
    "relu": (lambda a: a.relu(), (3,)),
    "clamp": (lambda a: a.clamp(-1, 1), (3,)),
    "clamp_min": (lambda a: a.clamp_min(0.0), (3,)),
    "clamp_max": (lambda a: a.clamp_max(0.0), (3,)),
    "sum": (lambda a: a.sum(), (3, 4)),
    "sum_dim": (lambda a: a.sum(1), (3, 4)),
    "mean": (lambda a: a.mean(), (3, 4)),
    "mean_dim": (lambda a: a.mean(0, keepdim=True), (3, 4)),
    "max": (lambda a: a.max(), (3, 4)),
    "max_dim": (lambda a: a.max(1).values, (3, 4)),
    "matmul_dot": (lambda a, b: a.matmul(b), (4,), (4,)),
    "matmul_vec_mat": (lambda a, b: a.matmul(b), (4,), (4, 3)),
    "matmul_mat_vec": (lambda a, b: a.matmul(b), (3, 4), (4,)),
    "matmul_mm": (lambda a, b: a.matmul(b), (3, 4), (4, 5)),
    "matmul_bmm": (lambda a, b: a.matmul(b), (2, 3, 4), (2, 4, 5)),
    "matmul_3d_2d": (lambda a, b: a.matmul(b), (2, 3, 4), (4, 5)),
    "matmul_2d_3d": (lambda a, b: a.matmul(b), (3, 4), (2, 4, 5)),
    "matmul_1d_3d": (lambda a, b: a.matmul(b), (4,), (2, 4, 5)),
    "matmul_3d_1d": (lambda a, b: a.matmul(b), (2, 3, 4), (4,)),
    "matmul_broadcast": (lambda a, b: a.matmul(b), (2, 1, 3, 4), (5, 4, 2)),
    "view": (lambda a: a.view(12), (3, 4)),
    "reshape_view": (lambda a: a.reshape(2, 6), (3, 4)),
    "reshape_copy": (lambda a: a.t().reshape(12), (3, 4)),
    "flatten": (lambda a: a.flatten(), (3, 4)),
    "transpose": (lambda a: a.transpose(0, 1), (3, 4)),
    "t": (lambda a: a.t(), (3, 4)),
    "t_vector": (lambda a: a.t(), (3,)),
    "permute": (lambda a: a.permute(1, 0), (3, 4)),
    "unsqueeze": (lambda a: a.unsqueeze(0), (3, 4)),
    "squeeze": (lambda a: a.squeeze(), (1, 3)),
    "squeeze_dim": (lambda a: a.squeeze(0), (1, 3)),
    "select": (lambda a: a[0], (3, 4)),
    "narrow": (lambda a: a.narrow(1, 1, 2), (3, 4)),
    "slice": (lambda a: a[:, 1:3], (3, 4)),
    "expand": (lambda a: a.expand(3, 4), (4,)),
    "index_select": (lambda a: a.index_select(0, torch.tensor([0, 0])), (3, 4)),
    "cat": (lambda a, b: torch.cat([a, b]), (3, 4), (3, 4)),
    "stack": (lambda a, b: torch.stack([a, b]), (3, 4), (3, 4)),
    "split": (lambda a: a.split(2, 1)[0], (3, 4)),
    "chunk": (lambda a: a.chunk(2, 1)[1], (3, 4)),
    "unbind": (lambda a: a.unbind(0)[1], (3, 4)),
    "clone": (lambda a: a.clone(), (3, 4)),
    "contiguous": (lambda a: a.t().contiguous(), (3, 4)),
}
grad_fn = {k: grad_fn_name(fn, *shapes) for k, (fn, *shapes) in GRAD_FN.items()}

dump("ops", {
    "creation": creation,
    "pointwise": pointwise,
    "reductions": reductions,
    "matmul": matmul,
    "shapes": shapes,
    "grads": grads,
    "repr": repr_cases,
    "grad_fn": grad_fn,
})
