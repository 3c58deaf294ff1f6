/**
 * Stochastic gradient descent: step against the gradient, scaled by `lr`.
 *
 * @module
 */
import { knownOptions } from "./_validate.ts";
import { type LearningRate, Optimizer } from "./optimizer.ts";

/** Options of {@linkcode SGD}. */
export interface SGDOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
}

/**
 * Plain gradient descent, as in the book's `SGD`:
 *
 * $$W \leftarrow W - \eta \, g$$
 *
 * where `W` are the parameters, `g` the gradient of the loss at `W`, and `η`
 * the learning rate.
 *
 * @example One step from (−7, 2) on x²/20 + y², gradient (x/10, 2y)
 * ```ts
 * import { SGD } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([-7, 2]);
 * new SGD({ lr: 0.95 }).update(p, new Float64Array([-0.7, 4]));
 * assert.ok(Math.abs(p[0] - -6.335) < 1e-12 && Math.abs(p[1] - -1.8) < 1e-12);
 * ```
 */
export class SGD extends Optimizer {
  /** @param options See {@linkcode SGDOptions}. */
  constructor(options: SGDOptions = {}) {
    knownOptions("create SGD", options, ["lr"]);
    super("SGD", options.lr ?? 0.01);
  }

  protected allocate(): void {}

  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    for (let i = 0; i < params.length; i++) {
      params[i] -= lr * grads[i]; // W ← W − η·g
    }
  }
}
