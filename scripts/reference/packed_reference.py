"""PyTorch reference values for variable-length batches (dev.dynrnn.nn.utils.rnn and the
recurrent layers on a PackedSequence).

    /usr/bin/python3 scripts/reference/packed_reference.py

Writes core/src/test/resources/fixtures/packed.json:
  layers   RNN (tanh), LSTM and GRU on a padded batch x that goes through
           pack_padded_sequence -> layer -> pad_packed_sequence(total_length=T); for each: the
           parameters, x, the lengths, the initial state, the packed input and output (data,
           batch_sizes, sorted_indices), the padded output, the final states, and the gradients
           of a fixed weighted sum of padded output and final states with respect to x, the
           initial state and every parameter. Configurations: an L8 orthogonal array over
           1/2 layers x batch_first x bidirectional x sorted/unsorted lengths x initial state,
           for each layer type, plus dropout between two layers in training mode.
  utils    pad_sequence, pack_sequence, pack_padded_sequence and pad_packed_sequence (padding
           value, total_length) on sequences of lengths 3, 1, 4, 0/2 with the gradients of a
           weighted sum back to every sequence.

Parameter names are stored with '.' replaced by '/' (the Java fixture reader splits paths on dots).
"""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence

from fixtures import dump

INPUT_SIZE = 3
HIDDEN_SIZE = 4
SORTED_LENGTHS = [5, 3, 3, 1]
# Unsorted, with a tie, a length 1 and a sequence shorter than the padded tensor's T = 6.
UNSORTED_LENGTHS = [3, 5, 1, 3, 2]
PADDED_STEPS = 6

# An L8 orthogonal array: every pair of the first five factors takes all four level combinations.
L8 = [
    (0, 0, 0, 0, 0),
    (0, 0, 1, 1, 1),
    (0, 1, 0, 1, 0),
    (0, 1, 1, 0, 1),
    (1, 0, 0, 1, 1),
    (1, 0, 1, 0, 0),
    (1, 1, 0, 0, 1),
    (1, 1, 1, 1, 0),
]


def configurations():
    configs = []
    for layers, batch_first, bidirectional, unsorted, given in L8:
        configs.append(dict(num_layers=(1, 2)[layers], batch_first=bool(batch_first),
                            bidirectional=bool(bidirectional), enforce_sorted=not unsorted,
                            lengths=UNSORTED_LENGTHS if unsorted else SORTED_LENGTHS,
                            initial_state=bool(given), dropout=0.0))
    # Dropout between layers in training mode: PyTorch drops out the packed data of each layer
    # but the last, with masks drawn from the default generator seeded right before the forward.
    configs.append(dict(num_layers=2, batch_first=True, bidirectional=True, enforce_sorted=False,
                        lengths=UNSORTED_LENGTHS, initial_state=True, dropout=0.4))
    return configs


def named(module, grads=False):
    return {name.replace(".", "/"): (p.grad if grads else p) for name, p in module.named_parameters()}


def layer_case(kind, index, c):
    torch.manual_seed(7000 + index)
    kwargs = dict(num_layers=c["num_layers"], batch_first=c["batch_first"], bidirectional=c["bidirectional"],
                  dropout=c["dropout"])
    module = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind](INPUT_SIZE, HIDDEN_SIZE, **kwargs)
    directions = 2 if c["bidirectional"] else 1
    batch = len(c["lengths"])
    shape = (batch, PADDED_STEPS, INPUT_SIZE) if c["batch_first"] else (PADDED_STEPS, batch, INPUT_SIZE)
    x = torch.randn(*shape).requires_grad_()
    case = dict(config=c, params=named(module), input=x)
    state_shape = (c["num_layers"] * directions, batch, HIDDEN_SIZE)
    hx = None
    if c["initial_state"]:
        h0 = (0.5 * torch.randn(*state_shape)).requires_grad_()
        case["h0"] = h0
        hx = h0
        if kind == "lstm":
            c0 = (0.5 * torch.randn(*state_shape)).requires_grad_()
            case["c0"] = c0
            hx = (h0, c0)
    packed = pack_padded_sequence(x, c["lengths"], batch_first=c["batch_first"], enforce_sorted=c["enforce_sorted"])
    case["packed"] = dict(data=packed.data, batch_sizes=packed.batch_sizes.tolist(),
                          sorted_indices=None if packed.sorted_indices is None else packed.sorted_indices.tolist())
    if c["dropout"] > 0:
        case["forward_seed"] = 9000 + index
        torch.manual_seed(case["forward_seed"])
    if kind == "lstm":
        out, (h_n, c_n) = module(packed, hx)
    else:
        (out, h_n), c_n = module(packed, hx), None
    padded, lengths = pad_packed_sequence(out, batch_first=c["batch_first"], total_length=PADDED_STEPS)
    assert lengths.tolist() == c["lengths"]
    w_output = torch.randn(padded.shape)
    w_h = torch.randn(h_n.shape)
    loss = (padded * w_output).sum() + (h_n * w_h).sum()
    case.update(output_data=out.data, output=padded, h_n=h_n, w_output=w_output, w_h=w_h)
    if c_n is not None:
        w_c = torch.randn(c_n.shape)
        loss = loss + (c_n * w_c).sum()
        case.update(c_n=c_n, w_c=w_c)
    loss.backward()
    grad = dict(input=x.grad, params=named(module, grads=True))
    if c["initial_state"]:
        grad["h0"] = case["h0"].grad
        if kind == "lstm":
            grad["c0"] = case["c0"].grad
    case["grad"] = grad
    return case


def layer_cases():
    cases = {}
    for kind in ("rnn", "lstm", "gru"):
        for index, c in enumerate(configurations()):
            cases["%s_%d" % (kind, index)] = layer_case(kind, index, c)
    return cases


def indexed(tensors):
    """A list as {"0": .., "1": ..}: the Java fixture reader addresses entries by dotted keys."""
    return {str(i): t for i, t in enumerate(tensors)}


def util_cases():
    torch.manual_seed(8000)
    out = {}
    for name, lengths, batch_first, padding in (("pad_zero_length", [3, 1, 4, 0], False, 0.0),
                                                 ("pad_batch_first", [3, 1, 4, 2], True, -1.5)):
        sequences = [torch.randn(n, 2).requires_grad_() for n in lengths]
        padded = pad_sequence(sequences, batch_first=batch_first, padding_value=padding)
        w = torch.randn(padded.shape)
        (padded * w).sum().backward()
        out[name] = dict(lengths=lengths, batch_first=batch_first, padding_value=padding,
                         sequences=indexed(sequences), padded=padded, w=w,
                         grads=indexed([s.grad for s in sequences]))
    for name, lengths, enforce_sorted in (("pack_sorted", [4, 3, 3, 1], True), ("pack_unsorted", [2, 4, 1, 4, 3], False)):
        sequences = [torch.randn(n, 2).requires_grad_() for n in lengths]
        packed = pack_sequence(sequences, enforce_sorted=enforce_sorted)
        w = torch.randn(packed.data.shape)
        (packed.data * w).sum().backward()
        out[name] = dict(lengths=lengths, enforce_sorted=enforce_sorted, sequences=indexed(sequences), data=packed.data,
                         batch_sizes=packed.batch_sizes.tolist(),
                         sorted_indices=None if packed.sorted_indices is None else packed.sorted_indices.tolist(),
                         w=w, grads=indexed([s.grad for s in sequences]))
    # Round trip with a feature-less (T, B) batch, a padding value and a longer total_length.
    x = torch.randn(4, 3).requires_grad_()
    packed = pack_padded_sequence(x, [2, 4, 1], enforce_sorted=False)
    padded, lengths = pad_packed_sequence(packed, batch_first=True, padding_value=9.0, total_length=6)
    w = torch.randn(padded.shape)
    (padded * w).sum().backward()
    out["round_trip"] = dict(input=x, lengths=[2, 4, 1], data=packed.data, batch_sizes=packed.batch_sizes.tolist(),
                             sorted_indices=packed.sorted_indices.tolist(), padded=padded, w=w, grad=x.grad)
    return out


if __name__ == "__main__":
    dump("packed", dict(layers=layer_cases(), utils=util_cases()))
