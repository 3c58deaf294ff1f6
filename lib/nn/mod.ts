/**
 * A real network to train, split as the book splits it: the MNIST digits
 * (`dataset/mnist.py`), the two-layer network (`two_layer_net.py`), the deep
 * network of chapter 6 (`common/multi_layer_net.py`), and the training loop
 * (`common/trainer.py`); and, for the problem AdaGrad was made for, logistic
 * regression on made-up sparse features.
 *
 * @example Train the book's network for a few updates
 * ```ts
 * import { Adam, loadDigits, train, TwoLayerNet } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const digits = loadDigits({ train: 500, test: 100 });
 * const run = train(new TwoLayerNet({ hiddenSize: 20 }), new Adam({ lr: 0.01 }), digits, { steps: 30 });
 * assert.equal(run.loss.length, 30);
 * assert.ok(run.loss[29] < run.loss[0], `loss ${run.loss[0]} → ${run.loss[29]}`);
 * ```
 *
 * @module
 */
export * from "./digits.ts"; // parseThousandths too, for tests/network_test.ts
export * from "./two_layer_net.ts";
export * from "./multi_layer_net.ts";
export * from "./train.ts";
export * from "./logistic_regression.ts";
export * from "./sparse_features.ts";
