/**
 * AdaGrad: every parameter gets its own learning rate, which shrinks as that
 * parameter's squared gradients add up.
 *
 * @module
 */
import { boolean, type Defaults, nonNegative, positive, withDefaults } from "../_validate.ts";
import { Optimizer } from "./optimizer.ts";
import { inverseTimeDecay, type LearningRate, type Schedule } from "./schedules.ts";
import { kernelArray, updateKernels } from "../nn/_kernels.ts";

/** Options of {@linkcode AdaGrad}. */
export interface AdaGradOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
  /** ε > 0, which keeps the division finite while h is still 0. @default {1e-7} */
  eps?: number;
  /**
   * Where ε goes: `false` divides by √h + ε (the book), `true` by √(h + ε)
   * (the blog this course starts from, Keras, TF.js and optax).
   * @default {false}
   */
  epsInsideSqrt?: boolean;
  /** The value h starts at: 0 in the book and PyTorch, 0.1 in Keras, TF.js and optax. @default {0} */
  initialAccumulator?: number;
  /**
   * PyTorch's `lr_decay`: step t uses η / (1 + t·lrDecay), which is
   * {@linkcode inverseTimeDecay} with k = lrDecay applied to η; 0 turns it off.
   * @default {0}
   */
  lrDecay?: number;
}

const defaults = {
  lr: 0.01,
  eps: 1e-7,
  epsInsideSqrt: false,
  initialAccumulator: 0,
  lrDecay: 0,
} satisfies Defaults<AdaGradOptions>;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011, "Adaptive Subgradient Methods for
 * Online Learning and Stochastic Optimization", JMLR 12), as in the book:
 *
 * $$h \leftarrow h + g \odot g, \qquad W \leftarrow W - \eta \, \frac{g}{\sqrt{h} + \varepsilon}$$
 *
 * where `W` are the parameters, `g` the gradient, `⊙` the element-wise
 * product, `h` the running sum of squared gradients (one entry per parameter,
 * starting at `initialAccumulator`), `η` the learning rate and `ε` a small
 * constant. Parameter `i` moves with its own rate η/(√hᵢ + ε).
 *
 * > [!WARNING]
 * > h only grows, so every rate only shrinks: on a long run, or after a
 * > steep stretch, AdaGrad can stall before the minimum. RMSProp and Adam
 * > forget old gradients to avoid this.
 *
 * @example One step from (−7, 2) on x²/20 + y² with lr = 1.5: both
 * coordinates move by about η, whatever their gradient
 * ```ts
 * import { AdaGrad } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const opt = new AdaGrad({ lr: 1.5 });
 * const p = new Float64Array([-7, 2]);
 * opt.update(p, new Float64Array([-0.7, 4]));
 * assert.deepEqual(Array.from(p, (v) => Number(v.toFixed(9))), [-5.500000214, 0.500000037]);
 * assert.deepEqual(Array.from(opt.h, (v) => Number(v.toFixed(12))), [0.49, 16]); // h = g⊙g = ((−0.7)², 4²)
 * ```
 */
export class AdaGrad extends Optimizer {
  /** ε in the denominator. */
  readonly eps: number;
  /** Whether ε is added inside the square root. */
  readonly epsInsideSqrt: boolean;
  /** The value h starts at. */
  readonly initialAccumulator: number;
  /** PyTorch-style decay of the learning rate. */
  readonly lrDecay: number;
  /** h, the sum of squared gradients per parameter (empty before the first update). */
  h: Float64Array = new Float64Array(0);
  /** The factor 1/(1 + t·lrDecay), or undefined when lrDecay is 0. */
  readonly #decay: Schedule | undefined;

  /**
   * AdaGrad with h starting at `initialAccumulator`.
   *
   * @param options See {@linkcode AdaGradOptions}.
   */
  constructor(options: AdaGradOptions = {}) {
    const action = "create AdaGrad";
    const o = withDefaults(action, options, defaults);
    super("AdaGrad", o.lr);
    this.eps = positive(action, "eps", o.eps); // ε = 0 would make 0/0 = NaN at a zero gradient
    this.epsInsideSqrt = boolean(action, "epsInsideSqrt", o.epsInsideSqrt);
    this.initialAccumulator = nonNegative(action, "initialAccumulator", o.initialAccumulator);
    this.lrDecay = nonNegative(action, "lrDecay", o.lrDecay);
    this.#decay = this.lrDecay > 0 ? inverseTimeDecay(1, { k: this.lrDecay }) : undefined;
  }

  /**
   * The rate of step t: the base rate, times inverse-time decay 1/(1 + t·lrDecay) as PyTorch does when `lrDecay` > 0.
   *
   * @param t The step count, 0 for the first update.
   * @returns The rate for that step.
   */
  override lrAt(t: number): number {
    const lr = super.lrAt(t);
    return this.#decay ? lr * this.#decay(t) : lr;
  }

  /**
   * The per-parameter rate of the last update: η/(√h + ε), or η/√(h + ε)
   * with `epsInsideSqrt`. The steep direction's rate falls fastest.
   *
   * @returns One rate per parameter, or `undefined` before the first update.
   */
  override effectiveRate(): Float64Array | undefined {
    if (this.t === 0) return undefined;
    const inside = this.epsInsideSqrt;
    return this.h.map((hi) => this.lastLr / (inside ? Math.sqrt(hi + this.eps) : Math.sqrt(hi) + this.eps));
  }

  /**
   * Starts h at `initialAccumulator` for `n` parameters.
   *
   * @param n The parameter count.
   */
  protected allocate(n: number): void {
    this.h = kernelArray(n).fill(this.initialAccumulator); // where the fast update can reach it
  }

  /**
   * h ← h + g⊙g, then W ← W − η·g/(√h + ε).
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient.
   * @param lr The learning rate η of this step.
   */
  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    const h = this.h;
    const n = params.length;
    // One loop serves both conventions: the ε that is not used is 0, and x + 0 is exact.
    const epsIn = this.epsInsideSqrt ? this.eps : 0;
    const epsOut = this.epsInsideSqrt ? 0 : this.eps;
    // The same loop in WebAssembly SIMD, when the arrays live in its memory (lib/nn/_kernels.ts); same bits.
    if (updateKernels?.adagrad(params, grads, h, lr, epsIn, epsOut)) return;
    // Unrolled by two: V8 then keeps two independent sqrt/divide chains in flight,
    // about 1.6× faster at n = 1e7 (bench/README.md).
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const g0 = grads[i];
      const g1 = grads[i + 1];
      const h0 = h[i] + g0 * g0; // h ← h + g⊙g
      const h1 = h[i + 1] + g1 * g1;
      h[i] = h0;
      h[i + 1] = h1;
      params[i] -= lr * g0 / (Math.sqrt(h0 + epsIn) + epsOut); // W ← W − η·g/(√h + ε)
      params[i + 1] -= lr * g1 / (Math.sqrt(h1 + epsIn) + epsOut);
    }
    if (i < n) {
      const g = grads[i];
      h[i] += g * g;
      params[i] -= lr * g / (Math.sqrt(h[i] + epsIn) + epsOut);
    }
  }
}
