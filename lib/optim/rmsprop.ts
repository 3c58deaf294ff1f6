/**
 * RMSProp: AdaGrad that forgets, so the rates can grow again.
 *
 * @module
 */
import { type Defaults, positive, unitInterval, withDefaults } from "../validate.ts";
import { Optimizer } from "./optimizer.ts";
import type { LearningRate } from "./schedules.ts";

/** Options of {@linkcode RMSProp}. */
export interface RMSPropOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
  /** ρ in [0, 1): how much of h survives a step. @default {0.99} */
  decayRate?: number;
  /** ε > 0, added outside the square root. @default {1e-7} */
  eps?: number;
}

const defaults = { lr: 0.01, decayRate: 0.99, eps: 1e-7 } satisfies Defaults<RMSPropOptions>;

/**
 * RMSProp (Tieleman and Hinton, 2012, Coursera lecture 6.5), as in the
 * book's `RMSprop`:
 *
 * $$h \leftarrow \rho h + (1 - \rho)\, g \odot g, \qquad W \leftarrow W - \eta \, \frac{g}{\sqrt{h} + \varepsilon}$$
 *
 * where `h` is a moving average of squared gradients (0 at the start), `ρ`
 * the decay rate, `η` the learning rate, `g` the gradient and `ε` a small
 * constant. Old gradients fade by ρ each step, so a rate that fell can rise.
 *
 * @example The first step is η/√(1 − ρ) long whatever the gradient's size
 * ```ts
 * import { RMSProp } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([0]);
 * new RMSProp({ lr: 0.1, decayRate: 0.99 }).update(p, new Float64Array([3]));
 * assert.equal(Number(p[0].toFixed(6)), -1); // −η/√(1 − ρ) = −0.1/0.1
 * ```
 */
export class RMSProp extends Optimizer {
  /** The decay rate ρ. */
  readonly decayRate: number;
  /** ε in the denominator. */
  readonly eps: number;
  /** h, the moving average of squared gradients (empty before the first update). */
  h: Float64Array = new Float64Array(0);

  /**
   * RMSProp with h starting at 0.
   *
   * @param options See {@linkcode RMSPropOptions}.
   */
  constructor(options: RMSPropOptions = {}) {
    const action = "create RMSProp";
    const o = withDefaults(action, options, defaults);
    super("RMSProp", o.lr);
    this.decayRate = unitInterval(action, "decayRate", o.decayRate);
    this.eps = positive(action, "eps", o.eps);
  }

  /**
   * The per-parameter rate of the last update: η/(√h + ε).
   *
   * @returns One rate per parameter, or `undefined` before the first update.
   */
  override effectiveRate(): Float64Array | undefined {
    if (this.t === 0) return undefined;
    return this.h.map((hi) => this.lastLr / (Math.sqrt(hi) + this.eps));
  }

  /**
   * Starts h at 0 for `n` parameters.
   *
   * @param n The parameter count.
   */
  protected allocate(n: number): void {
    this.h = new Float64Array(n);
  }

  /**
   * h ← ρh + (1 − ρ)·g⊙g, then W ← W − η·g/(√h + ε).
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   */
  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    const { h, decayRate, eps } = this;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      h[i] *= decayRate; // h ← ρh + (1 − ρ)·g⊙g
      h[i] += (1 - decayRate) * g * g;
      params[i] -= lr * g / (Math.sqrt(h[i]) + eps); // W ← W − η·g/(√h + ε)
    }
  }
}
