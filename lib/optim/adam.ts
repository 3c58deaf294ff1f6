/**
 * Adam: momentum and RMSProp together, with a correction for their zero start.
 *
 * @module
 */
import { boolean, type Defaults, positive, unitInterval, withDefaults } from "../validate.ts";
import { Optimizer } from "./optimizer.ts";
import type { LearningRate } from "./schedules.ts";

/** Options of {@linkcode Adam}. */
export interface AdamOptions {
  /** The learning rate η, a number or a schedule. @default {0.001} */
  lr?: LearningRate;
  /** β₁ in [0, 1): decay of the first moment m. @default {0.9} */
  beta1?: number;
  /** β₂ in [0, 1): decay of the second moment v. @default {0.999} */
  beta2?: number;
  /** ε > 0, added outside the square root. @default {1e-7} */
  eps?: number;
  /**
   * Correct m and v for starting at 0 (ηₜ as below); `false` steps with η
   * itself, as Adam would without the correction. @default {true}
   */
  biasCorrection?: boolean;
}

const defaults = { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true } satisfies Defaults<
  AdamOptions
>;

/**
 * Adam (Kingma and Ba, 2015, arXiv:1412.6980), in the book's form, which
 * folds the bias correction into the rate:
 *
 * $$m \leftarrow m + (1 - \beta_1)(g - m), \qquad v \leftarrow v + (1 - \beta_2)(g \odot g - v)$$
 * $$\eta_t = \eta \, \frac{\sqrt{1 - \beta_2^{\,t}}}{1 - \beta_1^{\,t}}, \qquad W \leftarrow W - \eta_t \, \frac{m}{\sqrt{v} + \varepsilon}$$
 *
 * where `m` and `v` are moving averages of the gradient and of its square (0
 * at the start), `t` counts updates from 1 here, `η` is the learning rate,
 * `g` the gradient and `ε` a small constant.
 *
 * @example The first step is about η long in every coordinate
 * ```ts
 * import { Adam } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = new Float64Array([0, 0]);
 * new Adam({ lr: 0.3 }).update(p, new Float64Array([-0.7, 4]));
 * assert.deepEqual(Array.from(p, (v) => Number(v.toFixed(5))), [0.3, -0.3]);
 * ```
 */
export class Adam extends Optimizer {
  /** β₁, the decay of m. */
  readonly beta1: number;
  /** β₂, the decay of v. */
  readonly beta2: number;
  /** ε in the denominator. */
  readonly eps: number;
  /** Whether the rate carries the bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ). */
  readonly biasCorrection: boolean;
  /** m, the moving average of gradients (empty before the first update). */
  m: Float64Array = new Float64Array(0);
  /** v, the moving average of squared gradients (empty before the first update). */
  v: Float64Array = new Float64Array(0);

  /**
   * Adam with m and v starting at 0.
   *
   * @param options See {@linkcode AdamOptions}.
   */
  constructor(options: AdamOptions = {}) {
    const action = "create Adam";
    const o = withDefaults(action, options, defaults);
    super("Adam", o.lr);
    this.beta1 = unitInterval(action, "beta1", o.beta1);
    this.beta2 = unitInterval(action, "beta2", o.beta2);
    this.eps = positive(action, "eps", o.eps);
    this.biasCorrection = boolean(action, "biasCorrection", o.biasCorrection);
  }

  /**
   * The per-parameter rate of the last update: ηₜ/(√v + ε), applied to m.
   *
   * @returns One rate per parameter, or `undefined` before the first update.
   */
  override effectiveRate(): Float64Array | undefined {
    if (this.t === 0) return undefined;
    const lrT = this.#lrT(this.lastLr, this.t);
    return this.v.map((vi) => lrT / (Math.sqrt(vi) + this.eps));
  }

  #lrT(lr: number, t: number): number {
    return this.biasCorrection ? lr * Math.sqrt(1 - this.beta2 ** t) / (1 - this.beta1 ** t) : lr;
  }

  /**
   * Starts m and v at 0 for `n` parameters.
   *
   * @param n The parameter count.
   */
  protected allocate(n: number): void {
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
  }

  /**
   * m ← m + (1 − β₁)(g − m), v ← v + (1 − β₂)(g⊙g − v), then W ← W − ηₜ·m/(√v + ε).
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   * @param t The step count, 0 for the first update.
   */
  protected step(params: Float64Array, grads: Float64Array, lr: number, t: number): void {
    const { m, v, beta1, beta2, eps } = this;
    const lrT = this.#lrT(lr, t + 1); // ηₜ = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), t counted from 1 (η without the correction)
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] += (1 - beta1) * (g - m[i]); // m ← m + (1 − β₁)(g − m)
      v[i] += (1 - beta2) * (g * g - v[i]); // v ← v + (1 − β₂)(g⊙g − v)
      params[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps); // W ← W − ηₜ·m/(√v + ε)
    }
  }
}
