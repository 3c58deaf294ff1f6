/**
 * Momentum: a velocity that remembers past gradients, like a ball rolling downhill.
 *
 * @module
 */
import { type Defaults, unitInterval, withDefaults } from "../validate.ts";
import { Optimizer } from "./optimizer.ts";
import type { LearningRate } from "./schedules.ts";

/** Options of {@linkcode Momentum}. */
export interface MomentumOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
  /** The momentum coefficient α in [0, 1): how much velocity survives a step. @default {0.9} */
  momentum?: number;
}

const defaults = { lr: 0.01, momentum: 0.9 } satisfies Defaults<MomentumOptions>;

/**
 * Gradient descent with momentum (Polyak, 1964, "Some methods of speeding up
 * the convergence of iteration methods", USSR Comput. Math. Math. Phys. 4),
 * as in the book's `Momentum`:
 *
 * $$v \leftarrow \alpha v - \eta \, g, \qquad W \leftarrow W + v$$
 *
 * where `v` is the velocity (0 at the start), `α` the momentum, `η` the
 * learning rate and `g` the gradient.
 *
 * @example Two steps with a constant gradient: the second step is longer
 * ```ts
 * import { Momentum } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const opt = new Momentum({ lr: 0.1, momentum: 0.9 });
 * const p = new Float64Array([0]);
 * opt.update(p, new Float64Array([1])); // v = −0.1
 * opt.update(p, new Float64Array([1])); // v = 0.9·(−0.1) − 0.1 = −0.19
 * assert.equal(Number(p[0].toFixed(12)), -0.29);
 * ```
 */
export class Momentum extends Optimizer {
  /** The momentum coefficient α. */
  readonly momentum: number;
  /** The velocity v, one entry per parameter (empty before the first update). */
  v: Float64Array = new Float64Array(0);

  /**
   * Gradient descent with momentum, the velocity starting at 0.
   *
   * @param options See {@linkcode MomentumOptions}.
   * @param name The class name, for subclasses such as {@linkcode Nesterov}'s.
   */
  constructor(options: MomentumOptions = {}, name = "Momentum") {
    const o = withDefaults(`create ${name}`, options, defaults);
    super(name, o.lr);
    this.momentum = unitInterval(`create ${name}`, "momentum", o.momentum);
  }

  /**
   * Starts the velocity at 0 for `n` parameters.
   *
   * @param n The parameter count.
   */
  protected allocate(n: number): void {
    this.v = new Float64Array(n);
  }

  /**
   * v ← αv − η·g, then W ← W + v.
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   */
  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    const { v, momentum } = this;
    for (let i = 0; i < params.length; i++) {
      v[i] = momentum * v[i] - lr * grads[i]; // v ← αv − η·g
      params[i] += v[i]; // W ← W + v
    }
  }
}
