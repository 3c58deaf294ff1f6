/**
 * Stochastic gradient descent: step against the gradient, scaled by `lr`.
 *
 * @module
 */
import { type Defaults, withDefaults } from "../validate.ts";
import { Optimizer } from "./optimizer.ts";
import type { LearningRate } from "./schedules.ts";

/** Options of {@linkcode SGD}. */
export interface SGDOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
}

const defaults = { lr: 0.01 } satisfies Defaults<SGDOptions>;

/**
 * Plain gradient descent (Cauchy, 1847; with a gradient from random batches,
 * Robbins and Monro, 1951, "A Stochastic Approximation Method", Ann. Math.
 * Statist. 22), as in the book's `SGD`:
 *
 * $$W \leftarrow W - \eta \, g$$
 *
 * where `W` are the parameters, `g` the gradient of the loss at `W`, and `η`
 * the learning rate.
 *
 * @example One step from (−7, 2) on x²/20 + y², gradient (x/10, 2y)
 * ```ts
 * import { SGD } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([-7, 2]);
 * new SGD({ lr: 0.95 }).update(p, new Float64Array([-0.7, 4]));
 * assert.deepEqual(Array.from(p, (v) => Number(v.toFixed(12))), [-6.335, -1.8]);
 * ```
 */
export class SGD extends Optimizer {
  /**
   * Plain gradient descent with learning rate `lr`.
   *
   * @param options See {@linkcode SGDOptions}.
   */
  constructor(options: SGDOptions = {}) {
    const o = withDefaults("create SGD", options, defaults);
    super("SGD", o.lr);
  }

  /** SGD keeps no state. */
  protected allocate(): void {}

  /**
   * W ← W − η·g.
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   */
  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    for (let i = 0; i < params.length; i++) {
      params[i] -= lr * grads[i]; // W ← W − η·g
    }
  }
}
