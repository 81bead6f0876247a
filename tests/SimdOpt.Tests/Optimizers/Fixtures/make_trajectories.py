#!/usr/bin/env python3
"""Writes trajectories.json: short trajectories of Adadelta and Schedule-Free AdamW from outside SimdOpt.

Adadelta comes from PyTorch's own torch.optim.Adadelta (float32). Schedule-Free AdamW is written here in numpy
float64 from the algorithm of Defazio et al. 2024 in the form of the authors' schedulefree.AdamWScheduleFree (the
package is not in Debian): y holds the gradient point, z the base iterate, x the average.

Run with Debian's packages (apt-get install python3-torch python3-numpy; PyTorch 1.13, numpy 1.24):
    /usr/bin/python3 tests/SimdOpt.Tests/Optimizers/Fixtures/make_trajectories.py
The tests read the committed JSON; they need no Python. Every float is written as the shortest decimal that
reads back to the same float32 (inputs) or float64 (outputs).
"""
import json
import os

import numpy as np
import torch

N = 8
STEPS = 10


def inputs(seed):
    rng = np.random.RandomState(seed)
    start = rng.standard_normal(N).astype(np.float32)
    gradients = [(rng.standard_normal(N) * 2.0).astype(np.float32) for _ in range(STEPS)]
    return start, gradients


def floats(values):
    return [float(v) for v in values]


def adadelta(case, seed, lr, rho, eps, weight_decay, maximize):
    start, gradients = inputs(seed)
    p = torch.tensor(start, dtype=torch.float32, requires_grad=True)
    optimizer = torch.optim.Adadelta([p], lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
    trajectory = []
    for g in gradients:
        p.grad = torch.tensor(g, dtype=torch.float32)
        optimizer.step()
        trajectory.append(floats(p.detach().numpy()))
    return {
        "case": case,
        "rule": "adadelta",
        "learning_rate": lr,
        "options": {"rho": rho, "eps": eps, "weight_decay": weight_decay, "maximize": maximize},
        "start": floats(start),
        "gradients": [floats(g) for g in gradients],
        "parameters": trajectory,
    }


def schedule_free_adamw(case, seed, lr, beta1, beta2, eps, weight_decay, warmup_steps, r, weight_lr_power):
    start, gradients = inputs(seed)
    y = start.astype(np.float64)
    z = y.copy()
    v = np.zeros(N)
    lr_max = -1.0
    weight_sum = 0.0
    trajectory = []
    for k, g32 in enumerate(gradients):
        g = g32.astype(np.float64)
        sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
        lr_t = lr * sched
        lr_max = max(lr_t, lr_max)
        weight = ((k + 1) ** r) * (lr_max ** weight_lr_power)
        weight_sum += weight
        ckp1 = weight / weight_sum if weight_sum != 0 else 0.0
        bias_correction2 = 1 - beta2 ** (k + 1)
        v = beta2 * v + (1 - beta2) * g * g
        normalized = g / (np.sqrt(v / bias_correction2) + eps) + weight_decay * y
        y = (1 - ckp1) * y + ckp1 * z + lr_t * (beta1 * (1 - ckp1) - 1) * normalized
        z = z - lr_t * normalized
        trajectory.append(floats(y))
    x = y + (1 - 1 / beta1) * (z - y)
    return {
        "case": case,
        "rule": "schedule-free-adamw",
        "learning_rate": lr,
        "options": {"beta1": beta1, "beta2": beta2, "eps": eps, "weight_decay": weight_decay,
                    "warmup_steps": warmup_steps, "r": r, "weight_lr_power": weight_lr_power},
        "start": floats(start),
        "gradients": [floats(g) for g in gradients],
        "parameters": trajectory,
        "eval_parameters": floats(x),
        "weight_sum": weight_sum,
        "lr_max": lr_max,
    }


def main():
    cases = [
        adadelta("adadelta defaults", 1, 1.0, 0.9, 1e-6, 0.0, False),
        adadelta("adadelta lr 0.5, rho 0.5, eps 1e-3, weight decay 0.1, maximize", 2, 0.5, 0.5, 1e-3, 0.1, True),
        schedule_free_adamw("schedule-free defaults", 3, 0.0025, 0.9, 0.999, 1e-8, 0.0, 0, 0.0, 2.0),
        schedule_free_adamw("schedule-free warm-up 5, r 1, weight decay 0.01", 4, 0.01, 0.9, 0.999, 1e-8, 0.01, 5, 1.0, 2.0),
        schedule_free_adamw("schedule-free beta1 0.5, beta2 0.9, eps 1e-3, weight_lr_power 0", 5, 0.1, 0.5, 0.9, 1e-3, 0.0, 3, 0.0, 0.0),
    ]
    meta = {"generator": "make_trajectories.py", "torch": torch.__version__, "numpy": np.__version__}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trajectories.json")
    with open(path, "w") as f:
        f.write('{"meta": ' + json.dumps(meta) + ',\n "cases": [\n')
        f.write(",\n".join("  " + json.dumps(case) for case in cases))
        f.write("\n ]}\n")


if __name__ == "__main__":
    main()
