"""The seed notebook's training loop in numpy (float64), with the seed's errata fixed.

Gradient descent subtracts the gradient; Adam bias-corrects with 1 - beta**t and divides by
sqrt(s_corrected) + epsilon. The helpers the notebook imports from opt_utils_v1a (not in the seed) are
written here as the course describes them: He initialisation after np.random.seed(3), ReLU-ReLU-sigmoid
forward pass, cross-entropy summed per mini-batch, mini-batches of a fresh np.random.permutation per epoch
(seed 10 incremented before every epoch). The learning-rate decay runs as the course's model() does it:
`learning_rate = decay(learning_rate0, i, decay_rate)` after epoch i's mini-batches.

Prints "Cost after epoch i: c" every --print-every epochs (as the notebook) and, last, one line
"us_per_step <value>" with the wall time of the loop per mini-batch step.

Usage: /usr/bin/python3 perf/notebook/course_loop.py --data src/SimdOpt.Training/Data/moons-300-seed3.csv \
           --optimizer gd|momentum|adam [--lr 0.0007] [--epochs 10000] [--decay none|schedule|update]
"""
import argparse
import math
import time

import numpy as np


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            try:
                rows.append([float(p) for p in parts])
            except ValueError:
                continue  # header
    data = np.array(rows)
    return data[:, :2].T, data[:, 2:3].T


def initialize_parameters(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def forward_propagation(X, p):
    z1 = np.dot(p["W1"], X) + p["b1"]
    a1 = np.maximum(0, z1)
    z2 = np.dot(p["W2"], a1) + p["b2"]
    a2 = np.maximum(0, z2)
    z3 = np.dot(p["W3"], a2) + p["b3"]
    a3 = 1 / (1 + np.exp(-z3))
    return a3, (z1, a1, z2, a2, z3, a3)


def compute_cost(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)


def backward_propagation(X, Y, cache, p):
    m = X.shape[1]
    (z1, a1, z2, a2, z3, a3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(p["W3"].T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(p["W2"].T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def random_mini_batches(X, Y, size, seed):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    batches = []
    for k in range(0, m, size):
        batches.append((shuffled_X[:, k:k + size], shuffled_Y[:, k:k + size]))
    return batches


def model(X, Y, optimizer, learning_rate, epochs, decay, print_every):
    L = 3
    t = 0
    seed = 10
    m = X.shape[1]
    p = initialize_parameters([X.shape[0], 5, 2, 1])
    v = {k: np.zeros_like(p["W" + k[2:]] if k[1] == "W" else p["b" + k[2:]]) for k in ("dW1", "db1", "dW2", "db2", "dW3", "db3")}
    s = {k: np.zeros_like(val) for k, val in v.items()}
    beta, beta1, beta2, epsilon = 0.9, 0.9, 0.999, 1e-8
    learning_rate0 = learning_rate
    steps = 0
    start = time.perf_counter()
    for i in range(epochs):
        seed = seed + 1
        cost_total = 0
        for (mx, my) in random_mini_batches(X, Y, 64, seed):
            a3, cache = forward_propagation(mx, p)
            cost_total += compute_cost(a3, my)
            grads = backward_propagation(mx, my, cache, p)
            for l in range(1, L + 1):
                for name in ("W", "b"):
                    key, g = name + str(l), grads["d" + name + str(l)]
                    if optimizer == "gd":
                        p[key] = p[key] - learning_rate * g
                    elif optimizer == "momentum":
                        v["d" + key] = beta * v["d" + key] + (1 - beta) * g
                        p[key] = p[key] - learning_rate * v["d" + key]
                    else:
                        if l == 1 and name == "W":
                            t = t + 1
                        v["d" + key] = beta1 * v["d" + key] + (1 - beta1) * g
                        v_corrected = v["d" + key] / (1 - beta1 ** t)
                        s["d" + key] = beta2 * s["d" + key] + (1 - beta2) * np.square(g)
                        s_corrected = s["d" + key] / (1 - beta2 ** t)
                        p[key] = p[key] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
            steps += 1
        cost_avg = cost_total / m
        if decay == "update":
            learning_rate = learning_rate0 / (1 + 1 * i)
        elif decay == "schedule":
            learning_rate = learning_rate0 / (1 + 1 * math.floor(i / 1000))
        if print_every and i % print_every == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
    elapsed = time.perf_counter() - start
    return p, elapsed / steps * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--optimizer", choices=["gd", "momentum", "adam"], default="gd")
    parser.add_argument("--lr", type=float, default=0.0007)
    parser.add_argument("--epochs", type=int, default=10000)
    parser.add_argument("--decay", choices=["none", "schedule", "update"], default="none")
    parser.add_argument("--print-every", type=int, default=1000)
    args = parser.parse_args()
    X, Y = load(args.data)
    p, us = model(X, Y, args.optimizer, args.lr, args.epochs, args.decay, args.print_every)
    a3, _ = forward_propagation(X, p)
    print("accuracy %f" % np.mean((a3 > 0.5) == (Y == 1)))
    print("us_per_step %f" % us)


if __name__ == "__main__":
    main()
