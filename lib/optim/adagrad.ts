/** AdaGrad: every parameter gets its own learning rate, which shrinks as its squared gradients add up. @module */
import { boolean, type Defaults, nonNegative, positive, withDefaults } from "../validate.ts";
import { Optimizer } from "./optimizer.ts";
import type { LearningRate } from "./schedules.ts";

/** Options of {@linkcode AdaGrad}. */
export interface AdaGradOptions {
  /** The learning rate η, a number or a schedule. @default {0.01} */
  lr?: LearningRate;
  /** ε > 0, which keeps the division finite while h is still 0. @default {1e-7} */
  eps?: number;
  /** Divide by √(h + ε) (the course's blog, Keras, TF.js, optax), not √h + ε (the book). @default {false} */
  epsInsideSqrt?: boolean;
  /** The value h starts at: 0 in the book and PyTorch, 0.1 in Keras, TF.js and optax. @default {0} */
  initialAccumulator?: number;
}

const defaults = { lr: 0.01, eps: 1e-7, epsInsideSqrt: false, initialAccumulator: 0 } satisfies Defaults<
  AdaGradOptions
>;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 12), as in the book:
 *
 * $$h \leftarrow h + g \odot g, \qquad W \leftarrow W - \eta \, \frac{g}{\sqrt{h} + \varepsilon}$$
 *
 * where `W` are the parameters, `g` the gradient, `⊙` the element-wise product, `h` the sum of squared gradients
 * (one entry per parameter, starting at `initialAccumulator`), `η` the learning rate and `ε` a small constant.
 * Parameter `i` moves with its own rate η/(√hᵢ + ε).
 *
 * > [!WARNING]
 * > h only grows, so every rate only shrinks: AdaGrad can stall before the minimum. RMSProp and Adam forget.
 *
 * @example One step from (−7, 2) with lr = 1.5: both coordinates move by about η
 * ```ts
 * import { AdaGrad } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const opt = new AdaGrad({ lr: 1.5 });
 * const p = Float64Array.of(-7, 2);
 * opt.update(p, Float64Array.of(-0.7, 4));
 * assert.deepEqual(Array.from(p, (v) => Number(v.toFixed(9))), [-5.500000214, 0.500000037]);
 * assert.deepEqual(Array.from(opt.h, (v) => Number(v.toFixed(12))), [0.49, 16]); // h = g⊙g
 * ```
 */
export class AdaGrad extends Optimizer {
  /** ε in the denominator. */
  readonly eps: number;
  /** Whether ε is added inside the square root. */
  readonly epsInsideSqrt: boolean;
  /** The value h starts at. */
  readonly initialAccumulator: number;
  /** h, the sum of squared gradients per parameter (empty before the first update). */
  h: Float64Array = new Float64Array(0);

  /** AdaGrad with h starting at `initialAccumulator`. @param options See {@linkcode AdaGradOptions}. */
  constructor(options: AdaGradOptions = {}) {
    const o = withDefaults("create AdaGrad", options, defaults);
    super("AdaGrad", o.lr);
    this.eps = positive("create AdaGrad", "eps", o.eps);
    this.epsInsideSqrt = boolean("create AdaGrad", "epsInsideSqrt", o.epsInsideSqrt);
    this.initialAccumulator = nonNegative("create AdaGrad", "initialAccumulator", o.initialAccumulator);
  }

  /** Each parameter's rate in the last update. @returns η/(√h + ε) per parameter, `undefined` before the first. */
  override effectiveRate(): Float64Array | undefined {
    return this.t === 0 ? undefined : this.h.map((h) => this.lastLr / this.#denominator(h));
  }

  #denominator(h: number): number {
    return this.epsInsideSqrt ? Math.sqrt(h + this.eps) : Math.sqrt(h) + this.eps; // √(h + ε) or √h + ε
  }

  /** Starts h at `initialAccumulator` for `n` parameters. */
  protected allocate(n: number): void {
    this.h = new Float64Array(n).fill(this.initialAccumulator);
  }

  /** h ← h + g⊙g, then W ← W − η·g/(√h + ε): the loop the formula above describes. */
  protected step(params: Float64Array, grads: Float64Array, lr: number): void {
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      this.h[i] += g * g; // h ← h + g⊙g
      params[i] -= lr * g / this.#denominator(this.h[i]); // W ← W − η·g/(√h + ε)
    }
  }
}
