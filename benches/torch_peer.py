"""PyTorch peer of the speed benchmark: the configurations of
benches/configs.json trained eagerly on the CPU, the way a researcher
would write them (nn.Linear layers, MSELoss, torch.optim.SGD), with fresh
uniform ±1 batches drawn by torch each step.

Usage: python torch_peer.py CONFIGS_JSON NAME THREADS
Prints one JSON object: {"peer", "config", "threads", "steps", "seconds",
"steps_per_second"}.
"""

import json
import sys
import time

import torch


def build(cfg):
    """The network: depth − 1 ReLU hidden layers, then a linear output."""
    layers = []
    n_in = cfg["d"]
    for _ in range(cfg["depth"] - 1):
        layers += [torch.nn.Linear(n_in, cfg["width"]), torch.nn.ReLU()]
        n_in = cfg["width"]
    layers.append(torch.nn.Linear(n_in, 1, bias=False))
    return torch.nn.Sequential(*layers)


def main():
    spec = json.load(open(sys.argv[1]))
    cfg = next(c for c in spec["configs"] if c["name"] == sys.argv[2])
    threads = int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    k = spec["target_k"]
    net = build(cfg)
    opt = torch.optim.SGD(net.parameters(), lr=spec["lr"])
    loss_fn = torch.nn.MSELoss()
    shape = (cfg["batch"], cfg["d"])

    def step():
        x = torch.randint(0, 2, shape, dtype=torch.float32).mul_(2).sub_(1)
        # staircase(k) = (x1 + x1x2 + … + x1…xk)/√k
        y = x[:, :k].cumprod(dim=1).sum(dim=1).div_(k**0.5)
        loss = loss_fn(net(x).squeeze(1), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    for _ in range(cfg["warmup"]):
        step()
    start = time.perf_counter()
    for _ in range(cfg["steps"]):
        loss = step()
    loss.item()
    seconds = time.perf_counter() - start
    assert torch.isfinite(loss), "the run diverged"
    print(json.dumps({
        "peer": "pytorch",
        "config": cfg["name"],
        "threads": threads,
        "steps": cfg["steps"],
        "seconds": seconds,
        "steps_per_second": cfg["steps"] / seconds,
    }))


if __name__ == "__main__":
    main()
