"""Steps-to-learn of a PyTorch script of leaplab's headline setup, to check
leaplab's trainer against an independent implementation.

Two-layer ReLU network, width 256, nn.Linear's default initialisation and no
output bias, online SGD with batch 64 at learning rate 0.1 on MSELoss, uniform
inputs in {-1,+1}^d; the test MSE on 2,048 fixed inputs is checked every 50
steps and the run counts as learned when it is at most 0.1 x Var(f) -- the
same rule as leaplab's `learned_at`.

Usage (PyTorch from scripts/bench.sh's venv):
    target/bench/venv/bin/python benches/steps_to_learn_torch.py leap2 100 [seeds] [lr]
With a learning rate, prints how many seeds were learned, diverged (the
loss stopped being finite, leaplab's rule) or neither, then the steps.
Targets: stair4 = staircase(4), leap2 = (x1 + x1x2x3)/sqrt(2), parity4.
Compare with: leaplab run 'v=1&d=100&steps=8000&eval_every=50&target=...&seed=S'
"""

import math
import sys

import torch

TARGETS = {
    "stair4": lambda x: (x[:, 0] + x[:, 0] * x[:, 1] + x[:, :3].prod(1) + x[:, :4].prod(1)) / 2,
    "leap2": lambda x: (x[:, 0] + x[:, :3].prod(1)) / math.sqrt(2),
    "parity4": lambda x: x[:, :4].prod(1),
}


def steps_to_learn(target, d, seed, steps=8000, lr=0.1):
    """The first evaluated step with test MSE <= 0.1 Var(f); "diverged" if
    the loss stops being finite first; None if neither within `steps`."""
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(d, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1, bias=False)
    )
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    xt = torch.randint(0, 2, (2048, d)).float() * 2 - 1
    yt = target(xt)
    var = yt.var(unbiased=False)
    for step in range(steps + 1):
        if step % 50 == 0:
            with torch.no_grad():
                if ((net(xt).squeeze(1) - yt) ** 2).mean() <= 0.1 * var:
                    return step
        x = torch.randint(0, 2, (64, d)).float() * 2 - 1
        loss = ((net(x).squeeze(1) - target(x)) ** 2).mean()
        if not torch.isfinite(loss):
            return "diverged"
        opt.zero_grad()
        loss.backward()
        opt.step()
    return None


def main():
    torch.set_num_threads(1)
    name, d = sys.argv[1], int(sys.argv[2])
    seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    if len(sys.argv) <= 4:
        print(name, d, [steps_to_learn(TARGETS[name], d, s) for s in range(seeds)])
        return
    lr = float(sys.argv[4])
    results = [steps_to_learn(TARGETS[name], d, s, steps=5000, lr=lr) for s in range(seeds)]
    diverged = sum(r == "diverged" for r in results)
    stuck = sum(r is None for r in results)
    print(f"{name} d={d} lr={lr}: {seeds - diverged - stuck} learned, {diverged} diverged, {stuck} neither")
    print(results)


if __name__ == "__main__":
    main()
