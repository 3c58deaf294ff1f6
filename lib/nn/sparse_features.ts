/**
 * Made-up data where a few features are rare but informative, the kind of
 * data AdaGrad was invented for (Duchi, Hazan and Singer, 2011: words in
 * text, most of them rare). Seeded, so a rerun gives the same data.
 *
 * @module
 */
import { seededNormal, seededRandom } from "../random.ts";
import { type Defaults, integer, positive, withDefaults } from "../validate.ts";
import type { Digits } from "./digits.ts";

/** Options of {@linkcode sparseFeatures}. */
export interface SparseFeaturesOptions {
  /** Examples in the training set. @default {2000} */
  train?: number;
  /** Examples in the test set. @default {2000} */
  test?: number;
  /** Common features, each present in half of the examples and weakly informative. @default {10} */
  common?: number;
  /** Rare features, each present in a share `rarity` of the examples and strongly informative. @default {10} */
  rare?: number;
  /** The share of examples in which each rare feature is present, in (0, 1). @default {0.02} */
  rarity?: number;
  /** Seed of the data. @default {1} */
  seed?: number;
}

const sparseFeaturesDefaults = {
  train: 2000,
  test: 2000,
  common: 10,
  rare: 10,
  rarity: 0.02,
  seed: 1,
} satisfies Defaults<SparseFeaturesOptions>;

/** The true weights: common features ±0.5, rare ones ±4, alternating in sign so the classes balance. */
export const sparseFeatureWeights = { common: 0.5, rare: 4 } as const;

/** Sets from {@linkcode sparseFeatures}; `train()` reads each row of features where it reads a digit's pixels. */
export interface SparseData {
  /** The training set: features in `images` (`common + rare` per example, 0 or 1), labels 0 or 1. */
  train: Digits;
  /** The test set, drawn the same way. */
  test: Digits;
  /** The test examples that have at least one rare feature: where learning the rare weights pays. */
  testRare: Digits;
  /** The indices of the rare features: `common … common + rare − 1`. */
  rareFeatures: number[];
}

/**
 * Binary examples whose label is decided by a hidden linear rule: label 1
 * when Σⱼ w*ⱼ xⱼ + ξ > 0, with ξ ~ N(0, 0.5²), common features' w* = ±0.5
 * and rare features' w* = ±4 ({@linkcode sparseFeatureWeights}). A rare
 * feature, where present, nearly decides the label; a learner sees it in
 * only a share `rarity` of the examples.
 *
 * @param options See {@linkcode SparseFeaturesOptions}.
 * @returns The training, test and rare-feature test sets.
 *
 * @example
 * ```ts
 * import { sparseFeatures } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = sparseFeatures({ train: 100, test: 50 });
 * assert.deepEqual([data.train.count, data.test.count, data.train.images.length], [100, 50, 100 * 20]);
 * assert.deepEqual(data.rareFeatures, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
 * ```
 */
export function sparseFeatures(options: SparseFeaturesOptions = {}): SparseData {
  const action = "make sparseFeatures";
  const o = withDefaults(action, options, sparseFeaturesDefaults);
  const trainCount = integer(action, "train", o.train, 1);
  const testCount = integer(action, "test", o.test, 1);
  const common = integer(action, "common", o.common, 0);
  const rare = integer(action, "rare", o.rare, 1);
  const rarity = positive(action, "rarity", o.rarity);
  if (rarity >= 1) throw new RangeError(`Cannot ${action} as 'rarity' must be below 1: current value is ${rarity}`);
  const seed = integer(action, "seed", o.seed, 0);
  const d = common + rare;
  const weight = (j: number) =>
    (j % 2 === 0 ? 1 : -1) * (j < common ? sparseFeatureWeights.common : sparseFeatureWeights.rare);
  const random = seededRandom(seed);
  const noise = seededNormal(seed + 1);
  const draw = (count: number): Digits => {
    const images = new Float64Array(count * d);
    const labels = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      let z = 0.5 * noise();
      for (let j = 0; j < d; j++) {
        const on = random() < (j < common ? 0.5 : rarity) ? 1 : 0;
        images[n * d + j] = on;
        z += weight(j) * on;
      }
      labels[n] = z > 0 ? 1 : 0;
    }
    return { images, labels, count };
  };
  const train = draw(trainCount);
  const test = draw(testCount);
  const hasRare = Array.from({ length: test.count }, (_, n) => n).filter((n) =>
    test.images.subarray(n * d + common, (n + 1) * d).some((v) => v === 1)
  );
  const testRare: Digits = {
    images: Float64Array.from(hasRare.flatMap((n) => Array.from(test.images.subarray(n * d, (n + 1) * d)))),
    labels: Uint8Array.from(hasRare.map((n) => test.labels[n])),
    count: hasRare.length,
  };
  return { train, test, testRare, rareFeatures: Array.from({ length: rare }, (_, i) => common + i) };
}
