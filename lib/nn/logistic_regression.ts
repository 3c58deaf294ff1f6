/**
 * Logistic regression: the smallest model with many parameters, one weight per
 * feature, where AdaGrad's per-parameter rates were first put to work (Duchi,
 * Hazan and Singer, 2011, on sparse text features).
 *
 * @module
 */
import { type Defaults, formatValue, integer, withDefaults } from "../validate.ts";
import { batchSize } from "./_batch.ts";

/** Options of {@linkcode LogisticRegression}. */
export interface LogisticRegressionOptions {
  /** Features per example. @default {20} */
  inputSize?: number;
}

const logisticRegressionDefaults = { inputSize: 20 } satisfies Defaults<LogisticRegressionOptions>;

/**
 * A binary classifier p = σ(w·x + b), trained on the cross-entropy loss
 *
 * $$L = \frac{1}{N}\sum_n \big[\log(1 + e^{z_n}) - t_n z_n\big], \qquad z_n = w \cdot x_n + b,$$
 *
 * where `x_n` are the features of example n, `t_n ∈ {0, 1}` its label, `w` one
 * weight per feature and `b` the bias; its gradient is (p − t)·x for w and
 * p − t for b, averaged over the batch. The parameters are `[w, b]` in one
 * Float64Array, starting at 0, so {@linkcode train} can train it like a network.
 *
 * @example The gradient of one example from w = 0: (p − t)·x with p = σ(0) = 0.5
 * ```ts
 * import { LogisticRegression } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new LogisticRegression({ inputSize: 3 });
 * const grads = new Float64Array(4);
 * const loss = model.lossAndGradient(Float64Array.of(1, 0, 1), Uint8Array.of(1), grads);
 * assert.deepEqual(Array.from(grads), [-0.5, 0, -0.5, -0.5]);
 * assert.equal(loss.toFixed(6), Math.log(2).toFixed(6));
 * ```
 */
export class LogisticRegression {
  /** Features per example. */
  readonly inputSize: number;
  /** w (one weight per feature), then b. */
  readonly params: Float64Array;

  /**
   * A model with every weight and the bias at 0, so it predicts p = 0.5 for every example.
   *
   * @param options See {@linkcode LogisticRegressionOptions}.
   */
  constructor(options: LogisticRegressionOptions = {}) {
    const o = withDefaults("create LogisticRegression", options, logisticRegressionDefaults);
    this.inputSize = integer("create LogisticRegression", "inputSize", o.inputSize, 1);
    this.params = new Float64Array(this.inputSize + 1);
  }

  /** Sets every weight and the bias back to 0. */
  reset(): void {
    this.params.fill(0);
  }

  #batch(action: string, x: Float64Array, t: Uint8Array): number {
    return batchSize(action, x, t, this.inputSize, 2); // labels 0 or 1
  }

  #score(x: Float64Array, n: number): number {
    const { inputSize: d, params: p } = this;
    let z = p[d]; // z = w·x + b
    for (let j = 0; j < d; j++) z += p[j] * x[n * d + j];
    return z;
  }

  /**
   * The mean loss on a batch, and its gradient written into `grads`.
   *
   * @param x The features, `batch × inputSize` numbers.
   * @param t The labels, 0 or 1.
   * @param grads Receives ∂L/∂[w, b]; its length is `inputSize + 1`.
   * @returns The loss.
   */
  lossAndGradient(x: Float64Array, t: Uint8Array, grads: Float64Array): number {
    const batch = this.#batch("compute the gradient", x, t);
    const d = this.inputSize;
    if (!(grads instanceof Float64Array) || grads.length !== d + 1) {
      throw new RangeError(
        `Cannot compute the gradient as 'grads' must be a Float64Array of length ${d + 1}: current value is ${
          formatValue(grads)
        }`,
      );
    }
    grads.fill(0);
    let loss = 0;
    for (let n = 0; n < batch; n++) {
      const z = this.#score(x, n);
      loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t[n] * z; // log(1 + eᶻ) − t·z, without overflow
      const error = (1 / (1 + Math.exp(-z)) - t[n]) / batch; // (p − t)/N
      for (let j = 0; j < d; j++) grads[j] += error * x[n * d + j];
      grads[d] += error;
    }
    return loss / batch;
  }

  /**
   * The share of examples whose predicted class (p > 0.5) is the label.
   *
   * @param x The features.
   * @param t The labels.
   * @returns A number in [0, 1].
   */
  accuracy(x: Float64Array, t: Uint8Array): number {
    const batch = this.#batch("compute the accuracy", x, t);
    let right = 0;
    for (let n = 0; n < batch; n++) if ((this.#score(x, n) > 0 ? 1 : 0) === t[n]) right++;
    return right / batch;
  }
}
