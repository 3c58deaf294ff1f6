"""The book's update rules in numpy, timed at the sizes of optimizers_bench.ts.

Two forms per optimizer: the book's expression (numpy allocates temporaries, as
common/optimizer.py does) and an in-place form that writes into preallocated
buffers with out=, the fastest plain numpy gets. Same seeded data as the Deno
benchmark is not needed: the cost does not depend on the values.

    python3 bench/book_update.py            # every optimizer, every size
    python3 bench/book_update.py AdaGrad    # one optimizer
    python3 bench/book_update.py --json     # n = 1e7 only, as JSON (for side_by_side.ts)
"""
import json
import sys
import time

import numpy as np

LR, EPS, MOMENTUM, DECAY, BETA1, BETA2 = 1e-3, 1e-7, 0.9, 0.99, 0.9, 0.999


def make(name, n):
    rng = np.random.default_rng(0)
    p = rng.random(n) - 0.5
    g = rng.random(n) - 0.5
    a = np.zeros(n)  # v, h or m
    b = np.zeros(n)  # Adam's v
    t1 = np.empty(n)
    t2 = np.empty(n)
    it = [0]

    def sgd_book():
        p.__isub__(LR * g)

    def sgd_inplace():
        np.multiply(g, LR, out=t1)
        np.subtract(p, t1, out=p)

    def momentum_book():
        a[:] = MOMENTUM * a - LR * g
        p.__iadd__(a)

    def momentum_inplace():
        np.multiply(a, MOMENTUM, out=a)
        np.multiply(g, LR, out=t1)
        np.subtract(a, t1, out=a)
        np.add(p, a, out=p)

    def adagrad_book():
        a.__iadd__(g * g)
        p.__isub__(LR * g / (np.sqrt(a) + EPS))

    def adagrad_inplace():
        np.multiply(g, g, out=t1)
        np.add(a, t1, out=a)  # h ← h + g⊙g
        np.sqrt(a, out=t1)
        np.add(t1, EPS, out=t1)
        np.multiply(g, LR, out=t2)
        np.divide(t2, t1, out=t2)
        np.subtract(p, t2, out=p)  # W ← W − η·g/(√h + ε)

    def rmsprop_book():
        a.__imul__(DECAY)
        a.__iadd__((1 - DECAY) * g * g)
        p.__isub__(LR * g / (np.sqrt(a) + EPS))

    def adam_book():
        it[0] += 1
        lr_t = LR * np.sqrt(1.0 - BETA2 ** it[0]) / (1.0 - BETA1 ** it[0])
        a.__iadd__((1 - BETA1) * (g - a))
        b.__iadd__((1 - BETA2) * (g**2 - b))
        p.__isub__(lr_t * a / (np.sqrt(b) + EPS))

    return {
        "SGD": [("book", sgd_book), ("in-place", sgd_inplace)],
        "Momentum": [("book", momentum_book), ("in-place", momentum_inplace)],
        "AdaGrad": [("book", adagrad_book), ("in-place", adagrad_inplace)],
        "RMSProp": [("book", rmsprop_book)],
        "Adam": [("book", adam_book)],
    }[name]


def timed(fn, n):
    reps = max(5, int(2e7 // n))
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - start) / reps)
    return best


def fastest(fn, calls=10):
    """The fastest of `calls` single calls, as side_by_side.ts times Deno."""
    fn()
    best = float("inf")
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


if "--json" in sys.argv:
    n = 10**7
    print(json.dumps({name: {form: fastest(fn) / n * 1e9 for form, fn in make(name, n)} for name in
                      ["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"]}))
    sys.exit()

names = sys.argv[1:] or ["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"]
print(f"numpy {np.__version__}; best of 3 batches; ns per parameter")
print(f"{'optimizer':<10} {'form':<9} " + " ".join(f"{f'n=1e{e}':>9}" for e in range(3, 8)))
for name in names:
    for form in [f for f, _ in make(name, 1)]:
        cells = []
        for e in range(3, 8):
            n = 10**e
            fn = dict(make(name, n))[form]
            cells.append(f"{timed(fn, n) / n * 1e9:9.2f}")
        print(f"{name:<10} {form:<9} " + " ".join(cells))
