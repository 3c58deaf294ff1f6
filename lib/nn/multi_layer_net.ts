/**
 * The book's deep network (chapter 6, `common/multi_layer_net.py`): Affine →
 * ReLU repeated for every hidden layer, then Affine → softmax with
 * cross-entropy, with He's initial weights. The book compares SGD, Momentum,
 * AdaGrad and Adam on it (784-100-100-100-100-10, batches of 128, 2000
 * updates), which is why its matrix products run in a fast backend.
 *
 * @module
 */
import { seededNormal } from "../random.ts";
import { type Defaults, formatValue, integer, withDefaults } from "../validate.ts";
import { type MatrixKernels, typescriptKernels, wasmAvailable, type WasmPlan, wasmWorkspace } from "../kernels/mod.ts";
import { batchSize } from "./_batch.ts";
import { predictedClass, softmaxCrossEntropy, softmaxCrossEntropyGradient } from "./_softmax.ts";

/** Options of {@linkcode MultiLayerNet}. */
export interface MultiLayerNetOptions {
  /** Inputs per example. @default {784} */
  inputSize?: number;
  /** Units of each hidden layer, in order (the book's `hidden_size_list`). @default {[100, 100, 100, 100]} */
  hiddenSizes?: number[];
  /** Classes. @default {10} */
  outputSize?: number;
  /** Seed of the initial weights. @default {1} */
  seed?: number;
  /**
   * Where the matrix products run: `"wasm"` (WebAssembly SIMD) or
   * `"typescript"` (the plain loops, the reference). The two differ only by
   * rounding (tests hold them to 1e-12); a training step on the plain loops
   * takes 5–8× as long (bench/README.md). The WebAssembly backend computes in
   * one workspace memory shared by all networks (about 7 MB for the book's),
   * copying the parameters in and the gradient out.
   * @default {"wasm" where it loads, else "typescript"}
   */
  backend?: "wasm" | "typescript";
}

const multiLayerNetDefaults = {
  inputSize: 784, // the 28 × 28 pixels of an MNIST digit
  hiddenSizes: [100, 100, 100, 100],
  outputSize: 10,
  seed: 1,
  backend: wasmAvailable() ? "wasm" : "typescript",
} satisfies Defaults<MultiLayerNetOptions>;

/** Examples per piece: a larger batch is computed piece by piece, so the network's buffers never grow. */
const piece = 256;

/**
 * The book's `MultiLayerNet` with ReLU: for each layer l,
 *
 * $$a_l = z_{l-1} W_l + b_l, \qquad z_l = \max(0, a_l), \qquad y = \mathrm{softmax}(a_L)$$
 *
 * where `z₀` is the input batch (one example per row), `W_l` and `b_l` the
 * weights and biases of layer l, and `L` the number of layers; the loss is the
 * mean cross-entropy −log y_t. Backpropagation goes the other way:
 * δ_L = (y − t)/N, ∂W_l = z_{l−1}ᵀ δ_l, ∂b_l = Σ δ_l, and
 * δ_{l−1} = δ_l W_lᵀ where a_{l−1} > 0, else 0.
 *
 * All parameters live in one Float64Array, `params = [W1, b1, W2, b2, …]`, so
 * an optimizer updates the whole network with one `update(params, grads)`.
 * The book's options for sigmoid, Xavier, other initial weights and weight decay are left out.
 *
 * @example The gradient from backpropagation matches the numerical one
 * ```ts
 * import { MultiLayerNet, numericalGradient } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = new MultiLayerNet({ inputSize: 3, hiddenSizes: [4, 5], outputSize: 2 });
 * const x = Float64Array.of(0.1, 0.5, 0.9, 0.3, 0.0, 0.7);
 * const t = Uint8Array.of(1, 0);
 * const grads = new Float64Array(net.params.length);
 * net.lossAndGradient(x, t, grads);
 * const numeric = numericalGradient((p) => net.loss(x, t, p), net.params);
 * const worst = Math.max(...grads.map((g, i) => Math.abs(g - numeric[i])));
 * assert.ok(worst < 1e-8, `largest difference ${worst}`);
 * ```
 */
export class MultiLayerNet {
  /** Inputs per example. */
  readonly inputSize: number;
  /** Units of each hidden layer. */
  readonly hiddenSizes: readonly number[];
  /** Classes. */
  readonly outputSize: number;
  /** Seed of the initial weights. */
  readonly seed: number;
  /** Where the matrix products run. */
  readonly backend: "wasm" | "typescript";
  /** W1, b1, W2, b2, … one after the other. */
  readonly params: Float64Array;
  readonly #sizes: number[]; // inputs, hidden layers, classes
  readonly #wAt: number[] = []; // where W_l starts in params
  readonly #bAt: number[] = []; // where b_l starts
  readonly #plan: WasmPlan; // the buffers of one call, for a piece of at most `piece` examples
  #plain: Buffers | undefined; // the typescript backend's buffers, kept

  /**
   * A network with He's initial weights and zero biases.
   *
   * @param options See {@linkcode MultiLayerNetOptions}.
   */
  constructor(options: MultiLayerNetOptions = {}) {
    const action = "create MultiLayerNet";
    const o = withDefaults(action, options, multiLayerNetDefaults);
    this.inputSize = integer(action, "inputSize", o.inputSize, 1);
    if (!Array.isArray(o.hiddenSizes)) {
      throw new TypeError(
        `Cannot ${action} as 'hiddenSizes' must be an array of whole numbers >= 1: current value is ${
          formatValue(o.hiddenSizes)
        }`,
      );
    }
    this.hiddenSizes = Object.freeze(o.hiddenSizes.map((h, i) => integer(action, `hiddenSizes[${i}]`, h, 1)));
    this.outputSize = integer(action, "outputSize", o.outputSize, 2);
    this.seed = integer(action, "seed", o.seed, 0);
    if (o.backend !== "wasm" && o.backend !== "typescript" || (o.backend === "wasm" && !wasmAvailable())) {
      throw new RangeError(
        `Cannot ${action} as 'backend' must be ${wasmAvailable() ? '"wasm" or ' : ""}"typescript"${
          wasmAvailable() ? "" : " (WebAssembly SIMD is not available here)"
        }: current value is ${formatValue(o.backend)}`,
      );
    }
    this.backend = o.backend;
    const sizes = this.#sizes = [this.inputSize, ...this.hiddenSizes, this.outputSize];
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.#wAt.push(at);
      at += sizes[l] * sizes[l + 1];
      this.#bAt.push(at);
      at += sizes[l + 1];
    }
    const widest = Math.max(...sizes.slice(1)); // δ is never computed for the inputs
    this.#plan = {
      // params, grads, the inputs x, a_l then z_l = ReLU(a_l) per layer (the last: scores, then y), δ twice
      arrays: [
        at,
        at,
        piece * this.inputSize,
        ...sizes.slice(1).map((units) => piece * units),
        ...[1, 2].map(() => piece * widest),
      ],
      // xᵀ or z_lᵀ of a piece (matmulTransA), W_l of a layer after the first (matmulTransB)
      transposed: Math.max(
        piece * Math.max(...sizes.slice(0, -1)),
        ...sizes.slice(1, -1).map((s, l) => s * sizes[l + 2]),
      ),
      sparseLists: Math.max(piece * (this.inputSize + 1), this.inputSize * (piece + 1)), // the inputs' zeros
    };
    this.params = new Float64Array(at);
    this.reset();
  }

  /** Draws the initial weights again (same seed, same weights) and zeroes the biases. */
  reset(): void {
    const normal = seededNormal(this.seed);
    this.params.fill(0);
    for (let l = 0; l < this.#wAt.length; l++) {
      const inputs = this.#sizes[l];
      const scale = Math.sqrt(2 / inputs); // He et al.: √(2/n_in), which suits ReLU (the book's 'he')
      const end = this.#wAt[l] + inputs * this.#sizes[l + 1];
      for (let i = this.#wAt[l]; i < end; i++) this.params[i] = scale * normal();
    }
  }

  #check(action: string, x: Float64Array, t: Uint8Array): number {
    return batchSize(action, x, t, this.inputSize, this.outputSize);
  }

  /** The buffers of one call, with `params` in them: the workspace's (valid until the next call) or the plain loops'. */
  #buffers(params: Float64Array): Buffers {
    let arrays: Float64Array[], k: MatrixKernels;
    if (this.backend === "wasm") ({ kernels: k, arrays } = wasmWorkspace(this.#plan)!);
    else [k, arrays] = [typescriptKernels, this.#plain?.arrays ?? this.#plan.arrays.map((n) => new Float64Array(n))];
    const layers = this.#sizes.length - 1;
    const b = {
      k,
      arrays,
      p: arrays[0],
      g: arrays[1],
      x: arrays[2],
      z: arrays.slice(3, 3 + layers),
      delta: arrays.slice(-2),
    };
    if (this.backend === "typescript") this.#plain = b;
    b.p.set(params);
    return b;
  }

  /** The inputs of examples from … from + n of `x`, copied into the buffers. */
  #slice(b: Buffers, x: Float64Array, from: number, n: number): Float64Array {
    const input = b.x.subarray(0, n * this.inputSize);
    input.set(x.subarray(from * this.inputSize, (from + n) * this.inputSize));
    return input;
  }

  /** Runs the `n` examples of `x` through the layers; returns the scores a_L. */
  #forward(b: Buffers, x: Float64Array, n: number): Float64Array {
    const sizes = this.#sizes, p = b.p;
    const last = sizes.length - 2;
    let z = x;
    for (let l = 0; l <= last; l++) {
      const [inputs, units] = [sizes[l], sizes[l + 1]];
      const a = b.z[l].subarray(0, n * units);
      const bias = p.subarray(this.#bAt[l], this.#bAt[l] + units);
      for (let r = 0; r < n; r++) a.set(bias, r * units); // a = z·W + b: b first,
      b.k.matmul(z, p.subarray(this.#wAt[l], this.#bAt[l]), a, n, inputs, units, l === 0); // then z·W
      if (l < last) b.k.relu(a); // z = ReLU(a) = max(a, 0), in place
      z = a;
    }
    return z;
  }

  /** Calls `each(from, n)` for the pieces of at most `piece` examples that make up a batch of `batch`. */
  #pieces(batch: number, each: (from: number, n: number) => void): void {
    for (let from = 0; from < batch; from += piece) each(from, Math.min(piece, batch - from));
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
    if (!(params instanceof Float64Array) || params.length !== this.params.length) {
      throw new RangeError(
        `Cannot compute the loss as 'params' must be a Float64Array of length ${this.params.length}: current value is ${
          formatValue(params)
        }`,
      );
    }
    let sum = 0;
    const b = this.#buffers(params);
    this.#pieces(batch, (from, n) => {
      const scores = this.#forward(b, this.#slice(b, x, from, n), n);
      sum += softmaxCrossEntropy(scores, t.subarray(from, from + n), n, this.outputSize);
    });
    return sum / batch;
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
    const b = this.#buffers(this.params);
    b.g.fill(0);
    let loss = 0;
    this.#pieces(batch, (from, n) => {
      const labels = t.subarray(from, from + n);
      const input = this.#slice(b, x, from, n);
      const y = this.#forward(b, input, n);
      loss += softmaxCrossEntropy(y, labels, n, this.outputSize);
      this.#backward(b, input, y, labels, n, batch);
    });
    grads.set(b.g);
    return loss / batch;
  }

  /** Adds the gradient of one piece of `n` examples (of a batch of `batch`) into `b.g`, from its probabilities y. */
  #backward(b: Buffers, input: Float64Array, y: Float64Array, t: Uint8Array, n: number, batch: number): void {
    const sizes = this.#sizes, { k, g } = b;
    let which = 0; // the δ buffer in use
    let delta = b.delta[which].subarray(0, n * this.outputSize);
    softmaxCrossEntropyGradient(y, t, n, this.outputSize, batch, delta); // δ_L = ∂loss/∂a_L
    for (let l = sizes.length - 2; l >= 0; l--) {
      const [inputs, units] = [sizes[l], sizes[l + 1]];
      const z = l === 0 ? input : b.z[l - 1].subarray(0, n * inputs);
      k.matmulTransA(z, delta, g.subarray(this.#wAt[l], this.#bAt[l]), n, inputs, units, l === 0); // ∂W += zᵀ·δ
      k.sumRows(delta, g.subarray(this.#bAt[l], this.#bAt[l] + units), n, units); // ∂b += Σ δ over the piece
      if (l === 0) break;
      which = 1 - which;
      const before = b.delta[which].subarray(0, n * inputs);
      before.fill(0);
      k.matmulTransB(delta, b.p.subarray(this.#wAt[l], this.#bAt[l]), before, n, units, inputs); // δ·Wᵀ
      k.reluMask(before, z); // ReLU passes δ only where it was active (z > 0)
      delta = before;
    }
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
    let right = 0;
    const b = this.#buffers(this.params);
    this.#pieces(batch, (from, n) => {
      const scores = this.#forward(b, this.#slice(b, x, from, n), n);
      for (let r = 0; r < n; r++) if (predictedClass(scores, r, this.outputSize) === t[from + r]) right++;
    });
    return right / batch;
  }
}

/** The arrays of one call: the kernels, params p and gradient g, inputs x, activations z, and the two δ buffers. */
interface Buffers {
  k: MatrixKernels;
  arrays: Float64Array[];
  p: Float64Array;
  g: Float64Array;
  x: Float64Array;
  z: Float64Array[];
  delta: Float64Array[];
}
