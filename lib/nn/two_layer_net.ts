/**
 * The book's two-layer perceptron (chapter 5, `two_layer_net.py`: Affine →
 * ReLU → Affine → softmax with cross-entropy), with backpropagation, so the
 * optimizers can be compared on more than two parameters.
 *
 * @module
 */
import { seededNormal } from "../random.ts";
import { type Defaults, formatValue, integer, positive, withDefaults } from "../validate.ts";
import { batchSize } from "./_batch.ts";
import { predictedClass, softmaxCrossEntropy, softmaxCrossEntropyGradient } from "./_softmax.ts";

/** Options of {@linkcode TwoLayerNet}. */
export interface TwoLayerNetOptions {
  /** Inputs per example. @default {784} */
  inputSize?: number;
  /** Hidden units. @default {50} */
  hiddenSize?: number;
  /** Classes. @default {10} */
  outputSize?: number;
  /** Standard deviation of the initial weights, as in the book. @default {0.01} */
  weightInitStd?: number;
  /** Seed of the initial weights. @default {1} */
  seed?: number;
}

const twoLayerNetDefaults = {
  inputSize: 784, // the 28 × 28 pixels of an MNIST digit
  hiddenSize: 50,
  outputSize: 10,
  weightInitStd: 0.01,
  seed: 1,
} satisfies Defaults<TwoLayerNetOptions>;

/**
 * The book's `TwoLayerNet`: y = softmax(ReLU(x·W1 + b1)·W2 + b2), trained on
 * the cross-entropy loss. All parameters live in one Float64Array,
 * `params = [W1, b1, W2, b2]`, so an optimizer updates the whole network
 * with one `update(params, grads)`.
 *
 * @example The gradient from backpropagation matches the numerical one
 * ```ts
 * import { numericalGradient, TwoLayerNet } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = new TwoLayerNet({ inputSize: 3, hiddenSize: 4, outputSize: 2, weightInitStd: 0.5 });
 * const x = Float64Array.of(0.1, 0.5, 0.9, 0.3, 0.0, 0.7);
 * const t = Uint8Array.of(1, 0);
 * const grads = new Float64Array(net.params.length);
 * net.lossAndGradient(x, t, grads);
 * const numeric = numericalGradient((p) => net.loss(x, t, p), net.params);
 * const worst = Math.max(...grads.map((g, i) => Math.abs(g - numeric[i])));
 * assert.ok(worst < 1e-9, `largest difference ${worst}`);
 * ```
 */
export class TwoLayerNet {
  /** Inputs per example. */
  readonly inputSize: number;
  /** Hidden units. */
  readonly hiddenSize: number;
  /** Classes. */
  readonly outputSize: number;
  /** Standard deviation of the initial weights. */
  readonly weightInitStd: number;
  /** Seed of the initial weights. */
  readonly seed: number;
  /** W1, b1, W2, b2, one after the other. */
  readonly params: Float64Array;

  /**
   * A network with the book's small random initial weights and zero biases.
   *
   * @param options See {@linkcode TwoLayerNetOptions}.
   */
  constructor(options: TwoLayerNetOptions = {}) {
    const action = "create TwoLayerNet";
    const o = withDefaults(action, options, twoLayerNetDefaults);
    this.inputSize = integer(action, "inputSize", o.inputSize, 1);
    this.hiddenSize = integer(action, "hiddenSize", o.hiddenSize, 1);
    this.outputSize = integer(action, "outputSize", o.outputSize, 2);
    this.weightInitStd = positive(action, "weightInitStd", o.weightInitStd);
    this.seed = integer(action, "seed", o.seed, 0);
    const { inputSize: I, hiddenSize: H, outputSize: O } = this;
    this.params = new Float64Array(I * H + H + H * O + O);
    this.reset();
  }

  /** Draws the initial weights again (same seed, same weights) and zeroes the biases. */
  reset(): void {
    const { inputSize: I, hiddenSize: H, outputSize: O } = this;
    const normal = seededNormal(this.seed);
    this.params.fill(0);
    for (let i = 0; i < I * H; i++) this.params[i] = this.weightInitStd * normal();
    const w2 = I * H + H;
    for (let i = 0; i < H * O; i++) this.params[w2 + i] = this.weightInitStd * normal();
  }

  #check(action: string, x: Float64Array, t: Uint8Array): number {
    return batchSize(action, x, t, this.inputSize, this.outputSize);
  }

  /**
   * The scores of each class for each example of `x`, and the hidden
   * activations (kept for backpropagation).
   */
  #forward(x: Float64Array, batch: number, p: Float64Array): { hidden: Float64Array; scores: Float64Array } {
    const { inputSize: I, hiddenSize: H, outputSize: O } = this;
    const b1 = I * H, w2 = b1 + H, b2 = w2 + H * O;
    const hidden = new Float64Array(batch * H);
    const scores = new Float64Array(batch * O);
    for (let n = 0; n < batch; n++) {
      const h = hidden.subarray(n * H, (n + 1) * H);
      h.set(p.subarray(b1, b1 + H)); // a1 = x·W1 + b1
      for (let i = 0; i < I; i++) {
        const xi = x[n * I + i];
        if (xi === 0) continue; // most pixels are 0
        const row = i * H;
        for (let j = 0; j < H; j++) h[j] += xi * p[row + j];
      }
      for (let j = 0; j < H; j++) if (h[j] < 0) h[j] = 0; // z1 = ReLU(a1)
      const s = scores.subarray(n * O, (n + 1) * O);
      s.set(p.subarray(b2, b2 + O)); // a2 = z1·W2 + b2
      for (let j = 0; j < H; j++) {
        const hj = h[j];
        if (hj === 0) continue;
        for (let k = 0; k < O; k++) s[k] += hj * p[w2 + j * O + k];
      }
    }
    return { hidden, scores };
  }

  /**
   * The mean cross-entropy loss on a batch.
   *
   * @param x The inputs, `batch × inputSize` numbers.
   * @param t The labels, one per example.
   * @param params The parameters to evaluate at. @default {this.params}
   * @returns The loss.
   */
  loss(x: Float64Array, t: Uint8Array, params: Float64Array = this.params): number {
    const batch = this.#check("compute the loss", x, t);
    return softmaxCrossEntropy(this.#forward(x, batch, params).scores, t, batch, this.outputSize) / batch;
  }

  /**
   * The loss on a batch, and its gradient by backpropagation, written into
   * `grads` (the same layout as `params`).
   *
   * @param x The inputs, `batch × inputSize` numbers.
   * @param t The labels, one per example.
   * @param grads Receives ∂loss/∂params; its length is `params.length`.
   * @returns The loss.
   */
  lossAndGradient(x: Float64Array, t: Uint8Array, grads: Float64Array): number {
    const batch = this.#check("compute the gradient", x, t);
    if (!(grads instanceof Float64Array) || grads.length !== this.params.length) {
      throw new RangeError(
        `Cannot compute the gradient as 'grads' must be a Float64Array of length ${this.params.length}: current value is ${
          formatValue(grads)
        }`,
      );
    }
    const { inputSize: I, hiddenSize: H, outputSize: O, params: p } = this;
    const b1 = I * H, w2 = b1 + H, b2 = w2 + H * O;
    const { hidden, scores } = this.#forward(x, batch, p);
    const loss = softmaxCrossEntropy(scores, t, batch, O) / batch; // scores are now the probabilities y
    const dScores = new Float64Array(batch * O);
    softmaxCrossEntropyGradient(scores, t, batch, O, batch, dScores); // ∂loss/∂a2
    grads.fill(0);
    const dHidden = new Float64Array(H);
    for (let n = 0; n < batch; n++) {
      const h = hidden.subarray(n * H, (n + 1) * H);
      dHidden.fill(0);
      for (let k = 0; k < O; k++) {
        const dk = dScores[n * O + k];
        grads[b2 + k] += dk;
        for (let j = 0; j < H; j++) {
          grads[w2 + j * O + k] += h[j] * dk; // ∂W2 = z1ᵀ·da2
          dHidden[j] += p[w2 + j * O + k] * dk; // dz1 = da2·W2ᵀ
        }
      }
      for (let j = 0; j < H; j++) if (h[j] <= 0) dHidden[j] = 0; // ReLU passes the gradient only where it was active
      for (let j = 0; j < H; j++) grads[b1 + j] += dHidden[j];
      for (let i = 0; i < I; i++) {
        const xi = x[n * I + i];
        if (xi === 0) continue;
        const row = i * H;
        for (let j = 0; j < H; j++) grads[row + j] += xi * dHidden[j]; // ∂W1 = xᵀ·da1
      }
    }
    return loss;
  }

  /**
   * The share of examples whose highest-scoring class is the label.
   *
   * @param x The inputs.
   * @param t The labels.
   * @returns A number in [0, 1].
   */
  accuracy(x: Float64Array, t: Uint8Array): number {
    const batch = this.#check("compute the accuracy", x, t);
    const { scores } = this.#forward(x, batch, this.params);
    let right = 0;
    for (let n = 0; n < batch; n++) if (predictedClass(scores, n, this.outputSize) === t[n]) right++;
    return right / batch;
  }
}
