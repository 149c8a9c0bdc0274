"""The seed program (shared/seed/000_dbc0d5067c87e815.txt) made headless, for whole-program timing.

    /usr/bin/time -v /usr/bin/python3 bench/peers/seed_pytorch.py --plot seed.png

Changes from the seed, all for running without a display: matplotlib's Agg backend, no plt.ion(),
plt.draw(), plt.pause() or plt.show(); the figure is written once, after training, to --plot. With
Agg, plt.draw() would render the whole figure on every iteration, work that only an interactive
window needs. --seed makes the run repeatable (the seed program leaves torch.manual_seed commented
out and never seeds NumPy); without it the run is unseeded like the original.
Everything else (model, data, 60 iterations, prints, the two lines plotted per iteration) is the
seed's. `--no-plot` skips matplotlib entirely, to separate training from plotting.
"""
import argparse
import sys

import numpy as np
import torch
from torch import nn


def main(argv):
    parser = argparse.ArgumentParser(description="The seed program, headless.")
    parser.add_argument("--plot", default="seed.png", help="PNG file to write (default seed.png)")
    parser.add_argument("--no-plot", action="store_true", help="train only, draw nothing")
    parser.add_argument("--seed", type=int, default=None, help="seed torch and NumPy")
    args = parser.parse_args(argv)

    if not args.no_plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

    if args.seed is not None:
        torch.manual_seed(args.seed)
        np.random.seed(args.seed)

    # Hyper Parameters
    INPUT_SIZE = 1          # rnn input size / image width
    LR = 0.02               # learning rate

    class RNN(nn.Module):
        def __init__(self):
            super(RNN, self).__init__()

            self.rnn = nn.RNN(
                input_size=INPUT_SIZE,
                hidden_size=32,     # rnn hidden unit
                num_layers=1,       # number of rnn layer
                batch_first=True,   # (batch, time_step, input_size)
            )
            self.out = nn.Linear(32, 1)

        def forward(self, x, h_state):
            # x (batch, time_step, input_size)
            # h_state (n_layers, batch, hidden_size)
            # r_out (batch, time_step, output_size)
            r_out, h_state = self.rnn(x, h_state)

            outs = []                                   # this is where you can find torch is dynamic
            for time_step in range(r_out.size(1)):      # calculate output for each time step
                outs.append(self.out(r_out[:, time_step, :]))
            return torch.stack(outs, dim=1), h_state

    rnn = RNN()
    print(rnn)

    optimizer = torch.optim.Adam(rnn.parameters(), lr=LR)   # optimize all rnn parameters
    loss_func = nn.MSELoss()

    h_state = None   # for initial hidden state

    if not args.no_plot:
        plt.figure(1, figsize=(12, 5))

    step = 0
    for i in range(60):
        dynamic_steps = np.random.randint(1, 4)  # has random time steps
        start, end = step * np.pi, (step + dynamic_steps) * np.pi  # different time steps length
        step += dynamic_steps

        # use sin predicts cos
        steps = np.linspace(start, end, 10 * dynamic_steps, dtype=np.float32)

        print(len(steps))       # print how many time step feed to RNN

        x_np = np.sin(steps)    # float32 for converting torch FloatTensor
        y_np = np.cos(steps)

        x = torch.from_numpy(x_np[np.newaxis, :, np.newaxis])    # shape (batch, time_step, input_size)
        y = torch.from_numpy(y_np[np.newaxis, :, np.newaxis])

        prediction, h_state = rnn(x, h_state)   # rnn output
        # !! next step is important !!
        h_state = h_state.data        # repack the hidden state, break the connection from last iteration

        loss = loss_func(prediction, y)
        optimizer.zero_grad()                   # clear gradients for this training step
        loss.backward()                         # backpropagation, compute gradients
        optimizer.step()                        # apply gradients

        if not args.no_plot:
            plt.plot(steps, y_np.flatten(), 'r-')
            plt.plot(steps, prediction.data.numpy().flatten(), 'b-')

    if not args.no_plot:
        plt.savefig(args.plot)


if __name__ == "__main__":
    main(sys.argv[1:])
