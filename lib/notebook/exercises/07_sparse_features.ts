/**
 * The prediction checks of notebook 7 (where AdaGrad shines: sparse
 * features). Each trains what it asks about on data drawn anew from the
 * notebook's knobs, so the answer never sits in a cell a student can read
 * before answering; the notebook's own sweep and fitted AdaGrad come in only
 * for the explanation ("before").
 *
 * @module
 */
import { LogisticRegression } from "../../nn/logistic_regression.ts";
import { type SparseData, sparseFeatures } from "../../nn/sparse_features.ts";
import { train } from "../../nn/train.ts";
import type { Optimizer } from "../../optim/optimizer.ts";
import { makeOptimizer, type OptimizerName } from "../../optim/registry.ts";
import { between, formatValue, integer, positive } from "../../validate.ts";
import { type ExerciseCheck, predict } from "../predict.ts";
import { revealOf } from "./shared.ts";

/** The knobs of notebook 7 that draw its data sets and train on them. */
export interface SparseKnobs {
  /** The share of examples in which each rare feature appears (the notebook's `rarity`). */
  rarity: number;
  /** The sweep's data seeds (the notebook's `seeds`). */
  seeds: readonly number[];
  /** Updates per run (the notebook's `steps`). */
  steps: number;
  /** Examples per update (the notebook's `batchSize`). */
  batchSize: number;
  /** Training examples (the notebook's `trainSize`). */
  trainSize: number;
  /** Test examples (the notebook's `testSize`). */
  testSize: number;
  /** Common features (the notebook's `common`). */
  common: number;
  /** Rare features (the notebook's `rare`). */
  rare: number;
  /** Show the answer and its explanation whatever was written (the notebook's `showAnswers`). @default {false} */
  reveal?: boolean;
}

/** One row of notebook 7's sweep: an optimizer at one rate, its mean accuracies over the data sets of `seeds`. */
export interface SweepRow {
  /** The optimizer's name. */
  name: string;
  /** The learning rate. */
  lr: number;
  /** Accuracy on all test examples. */
  all: { mean: number };
  /** Accuracy on the test examples with a rare feature. */
  rare: { mean: number };
}

/** Context of {@linkcode exercises07.rarerSgd}: the knobs, the rate grid and the notebook's sweep. */
export interface RarerSgdContext extends SparseKnobs {
  /** The learning rates of the sweep (the notebook's `rateGrid`). */
  rateGrid: readonly number[];
  /** The notebook's sweep (its `sweep`), for the explanation. */
  sweep: readonly SweepRow[];
}

/** Context of {@linkcode exercises07.commonerFactor}: the knobs, the data set shown and AdaGrad fitted on it. */
export interface CommonerFactorContext extends SparseKnobs {
  /** The seed of the data set shown (the notebook's `dataSeed`). */
  dataSeed: number;
  /** The data set shown (the notebook's `data`). */
  data: SparseData;
  /** AdaGrad as fitted on `data` at its best rate of the sweep (the notebook's `adagrad`). */
  adagrad: { lr: number; optimizer: Optimizer };
}

/** The validated knobs, and a function that trains an optimizer on a data set drawn with them. */
function knobs(action: string, context: SparseKnobs) {
  const rarity = between(action, "rarity", context?.rarity, 0.0001, 1);
  if (!Array.isArray(context.seeds) || context.seeds.length === 0) {
    throw new TypeError(
      `Cannot ${action} as 'seeds' must be a list of seeds: current value is ${formatValue(context.seeds)}`,
    );
  }
  const seeds = context.seeds.map((s, i) => integer(action, `seeds[${i}]`, s, 0));
  const steps = integer(action, "steps", context.steps, 1);
  const batchSize = integer(action, "batchSize", context.batchSize, 1);
  const sizes = {
    train: integer(action, "trainSize", context.trainSize, 1),
    test: integer(action, "testSize", context.testSize, 1),
    common: integer(action, "common", context.common, 1),
    rare: integer(action, "rare", context.rare, 1),
  };
  const reveal = revealOf(action, context);
  const draw = (rarity: number, seed: number) => sparseFeatures({ ...sizes, rarity, seed });
  const fit = (name: OptimizerName, lr: number, set: SparseData) => {
    const model = new LogisticRegression({ inputSize: sizes.common + sizes.rare });
    const optimizer = makeOptimizer(name, lr);
    const run = train(model, optimizer, set, { steps, batchSize });
    return { all: run.testAccuracy, rare: model.accuracy(set.testRare.images, set.testRare.labels), optimizer };
  };
  return { rarity, seeds, common: sizes.common, reveal, draw, fit };
}

/** AdaGrad's mean rate on the rare features over its mean rate on the common ones. */
function rateFactor(set: SparseData, optimizer: Optimizer, common: number): number {
  const r = optimizer.effectiveRate();
  if (!r) {
    throw new TypeError(
      `Cannot compute a rate factor as the optimizer has no rates yet: current value is ${formatValue(r)}`,
    );
  }
  const meanOf = (js: number[]) => js.reduce((s, j) => s + r[j], 0) / js.length;
  return meanOf(set.rareFeatures) / meanOf(Array.from({ length: common }, (_, j) => j));
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The prediction checks of notebook 7, one method per exercise (see {@linkcode exercises07}). */
export interface Exercises07 {
  /**
   * Exercise 1: with `rarity` halved, SGD's best rate of `rateGrid` on the
   * whole test set (as its index in the grid, exact) and its accuracy there on
   * the examples with a rare feature (within 0.05), both over the data sets of `seeds`.
   *
   * @param answer The student's variable, `{ myRarerSgd }`: `[rateGrid.indexOf(rate), accuracy]`.
   * @param context The notebook's knobs, `rateGrid`, `sweep` and `reveal`.
   * @returns The verdict.
   */
  rarerSgd(answer: Record<string, unknown>, context: RarerSgdContext): ExerciseCheck;

  /**
   * Exercise 2: the factor between AdaGrad's mean rates for rare and for
   * common features on data set `dataSeed` drawn with `rarity` four times as
   * large, AdaGrad keeping its rate from the sweep; within 15%.
   *
   * @param answer The student's variable, `{ myCommonerFactor }`.
   * @param context The notebook's knobs, `dataSeed`, `data`, `adagrad` and `reveal`.
   * @returns The verdict.
   */
  commonerFactor(answer: Record<string, unknown>, context: CommonerFactorContext): ExerciseCheck;
}

/**
 * The prediction checks of notebook 7, one method per exercise.
 *
 * @example
 * ```ts
 * import { exercises07 } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const knobs = { rarity: 0.02, seeds: [1], steps: 20, batchSize: 20, trainSize: 200, testSize: 1000, common: 10, rare: 10 };
 * const context = { ...knobs, rateGrid: [0.1, 1], sweep: [] };
 * assert.equal(exercises07.rarerSgd({ myRarerSgd: undefined }, context).status, "unanswered");
 * ```
 */
export const exercises07: Exercises07 = Object.freeze({
  rarerSgd(answer: Record<string, unknown>, context: RarerSgdContext): ExerciseCheck {
    const action = "check exercise 1 of notebook 7";
    const { rarity, seeds, reveal, draw, fit } = knobs(action, context);
    if (!Array.isArray(context.rateGrid) || context.rateGrid.length === 0) {
      throw new TypeError(
        `Cannot ${action} as 'rateGrid' must be a list of rates: current value is ${formatValue(context.rateGrid)}`,
      );
    }
    const rateGrid = context.rateGrid.map((lr, i) => positive(action, `rateGrid[${i}]`, lr));
    if (!Array.isArray(context.sweep)) {
      throw new TypeError(
        `Cannot ${action} as 'sweep' must be the notebook's sweep: current value is ${formatValue(context.sweep)}`,
      );
    }
    const sgdRows = context.sweep.filter((r) => r?.name === "SGD");
    const before = sgdRows.length > 0 ? sgdRows.reduce((a, b) => (b.all.mean > a.all.mean ? b : a)) : undefined;
    const rarerSets = seeds.map((seed) => draw(rarity / 2, seed));
    const rows = rateGrid.map((lr, index) => {
      const fits = rarerSets.map((set) => fit("SGD", lr, set));
      return { index, lr, all: mean(fits.map((f) => f.all)), rare: mean(fits.map((f) => f.rare)) };
    });
    const retuned = rows.reduce((a, b) => (b.all > a.all ? b : a));
    const beforeText = before
      ? `With rarity ${rarity}, SGD does best at η = ${before.lr}: ${
        before.all.mean.toFixed(3)
      } of all test examples, ${before.rare.mean.toFixed(3)} of those with a rare feature. `
      : "";
    return predict(answer, {
      expected: [retuned.index, retuned.rare],
      tolerance: 0.05,
      hint:
        "a rare feature's weight moves only in the updates whose batch contains it, and halving the rarity halves those. Which way does that pull the rate that does best on the whole test set? Then read the accuracy on the examples with a rare feature off SGD's table at that rate, and ask whether half as many updates of each rare weight can keep it.",
      explanation: `${beforeText}With ${
        rarity / 2
      }, re-tuned, it does best at η = ${retuned.lr} (rateGrid[${retuned.index}]): ${retuned.all.toFixed(3)} and ${
        retuned.rare.toFixed(3)
      }. Half as many appearances mean about half as many updates of each rare weight; the rare examples, now fewer, weigh less in the whole test set, but a larger rate that feeds the rare weights can still pay off there. Re-tuning moves SGD's one rate, and what it gains for one kind of feature it risks on the other.`,
      reveal,
    });
  },

  commonerFactor(answer: Record<string, unknown>, context: CommonerFactorContext): ExerciseCheck {
    const action = "check exercise 2 of notebook 7";
    const { rarity, seeds, common, reveal, draw, fit } = knobs(action, context);
    const dataSeed = integer(action, "dataSeed", context.dataSeed, 0);
    const lr = positive(action, "adagrad.lr", context.adagrad?.lr);
    if (!context.data?.rareFeatures) {
      throw new TypeError(
        `Cannot ${action} as 'data' must be the notebook's data set: current value is ${formatValue(context.data)}`,
      );
    }
    const factorNow = rateFactor(context.data, context.adagrad.optimizer, common);
    const factorOn = (seed: number) => {
      const set = draw(4 * rarity, seed);
      return rateFactor(set, fit("AdaGrad", lr, set).optimizer, common);
    };
    const factor = factorOn(dataSeed);
    const others = seeds.filter((s) => s !== dataSeed).map(factorOn);
    const spread = others.length > 0
      ? ` On the other data sets of \`seeds\` it is ${others.reduce((a, b) => Math.min(a, b)).toFixed(1)} to ${
        others.reduce((a, b) => Math.max(a, b)).toFixed(1)
      }: which data set is drawn moves it by about a tenth, hence the 15% the check allows.`
      : "";
    return predict(answer, {
      expected: factor,
      relTolerance: 0.15,
      hint:
        "h_j adds one squared gradient for each example in which feature j is present: what do four times as many appearances do to a rare feature's √h? And when rare features, which nearly decide the label, are in four times as many examples, what happens to the errors (p − t), and so to the common features' h?",
      explanation: `The factor is ${factorNow.toFixed(1)} with rarity ${rarity} and ${factor.toFixed(1)} with ${
        4 * rarity
      }. A rare feature present four times as often collects four times as many squared gradients, so its √h grows about twofold and its rate falls. At the same time the common features' h grows more slowly: with more examples decided by a rare feature the model errs less on them, and their squared errors (p − t)² are smaller. Both push the factor down, by more than the twofold that counting appearances alone gives.${spread}`,
      reveal,
    });
  },
});
