/**
 * Nesterov's accelerated gradient: momentum that looks ahead before it steps.
 *
 * @module
 */
import { knownOptions, unitInterval } from "./_validate.ts";
import { type LearningRate, Optimizer } from "./optimizer.ts";

/** Options of {@linkcode Nesterov}. */
export interface NesterovOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
  /** The momentum coefficient α in [0, 1). @default {0.9} */
  momentum?: number;
}

/**
 * Nesterov momentum in the form of the book's current `Nesterov` (after
 * Bengio et al. 2012, arXiv:1212.0901), which needs the gradient only at the
 * parameters themselves:
 *
 * $$v \leftarrow \alpha v - \eta \, g, \qquad W \leftarrow W + \alpha^2 v - (1 + \alpha)\, \eta \, g$$
 *
 * where `v` is the velocity (0 at the start), `α` the momentum, `η` the
 * learning rate and `g` the gradient.
 *
 * @example The first step is (1 + α + α²)·η·g long (v = −η·g)
 * ```ts
 * import { Nesterov } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([0]);
 * new Nesterov({ lr: 0.1, momentum: 0.5 }).update(p, new Float64Array([1]));
 * assert.ok(Math.abs(p[0] - -(0.25 * 0.1 + 1.5 * 0.1)) < 1e-12);
 * ```
 */
export class Nesterov extends Optimizer {
  /** The momentum coefficient α. */
  readonly momentum: number;
  /** The velocity v, one entry per parameter (empty before the first update). */
  v: Float64Array = new Float64Array(0);

  /** @param options See {@linkcode NesterovOptions}. */
  constructor(options: NesterovOptions = {}) {
    knownOptions("create Nesterov", options, ["lr", "momentum"]);
    super("Nesterov", options.lr ?? 0.01);
    this.momentum = unitInterval("create Nesterov", "momentum", options.momentum ?? 0.9);
  }

  protected allocate(n: number): void {
    this.v = new Float64Array(n);
  }

  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    const { v, momentum } = this;
    for (let i = 0; i < params.length; i++) {
      v[i] = momentum * v[i] - lr * grads[i]; // v ← αv − η·g
      params[i] += momentum * momentum * v[i]; // W ← W + α²v − (1+α)·η·g
      params[i] -= (1 + momentum) * lr * grads[i];
    }
  }
}
