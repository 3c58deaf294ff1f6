/**
 * Nesterov's accelerated gradient: momentum that looks ahead before it steps.
 *
 * @module
 */
import { Momentum, type MomentumOptions } from "./momentum.ts";

/** Options of {@linkcode Nesterov}: those of {@linkcode Momentum}. */
export type NesterovOptions = MomentumOptions;

/**
 * Nesterov momentum in the form of the book's current `Nesterov` (fixed in
 * January 2021; after Bengio et al. 2012, arXiv:1212.0901), which needs the
 * gradient only at the parameters themselves:
 *
 * $$W \leftarrow W + \alpha^2 v - (1 + \alpha)\, \eta \, g, \qquad v \leftarrow \alpha v - \eta \, g$$
 *
 * where `v` is the velocity of the previous step (0 at the start), `α` the
 * momentum, `η` the learning rate and `g` the gradient. It is Nesterov's
 * look-ahead written for the point itself: W ← W − α·v_old + (1 + α)·v_new.
 *
 * @example The first step is (1 + α)·η·g long, as v starts at 0
 * ```ts
 * import { Nesterov } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([0]);
 * new Nesterov({ lr: 0.1, momentum: 0.5 }).update(p, new Float64Array([1]));
 * assert.equal(p[0].toFixed(12), (-1.5 * 0.1).toFixed(12));
 * ```
 */
export class Nesterov extends Momentum {
  /**
   * Nesterov momentum, the velocity starting at 0.
   *
   * @param options See {@linkcode NesterovOptions}.
   */
  constructor(options: NesterovOptions = {}) {
    super(options, "Nesterov");
  }

  /**
   * W ← W + α²v − (1 + α)·η·g, then v ← αv − η·g.
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   */
  protected override step(params: Float64Array, grads: Float64Array, lr: number): void {
    const { v, momentum } = this;
    for (let i = 0; i < params.length; i++) {
      params[i] += momentum * momentum * v[i] - (1 + momentum) * lr * grads[i]; // W ← W + α²v − (1 + α)·η·g
      v[i] = momentum * v[i] - lr * grads[i]; // v ← αv − η·g
    }
  }
}
