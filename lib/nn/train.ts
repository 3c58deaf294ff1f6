/**
 * The training loop of the book's `common/trainer.py`, cut to what the
 * course compares: random batches, one update per batch, the loss of every
 * batch, and the accuracies at the end.
 *
 * @module
 */
import { seededRandom } from "../random.ts";
import { type Defaults, formatValue, integer, withDefaults } from "../validate.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { type ScheduleKind, scheduleKind } from "../optim/schedules.ts";
import type { Divergence } from "../run/minimize.ts";
import type { Digits } from "./digits.ts";

/**
 * What {@linkcode train} needs of a network; {@linkcode TwoLayerNet} and
 * {@linkcode MultiLayerNet} both are one.
 */
export interface Network {
  /** Inputs per example. */
  readonly inputSize: number;
  /** All parameters in one array, updated in place by the optimizer. */
  readonly params: Float64Array;
  /** Draws the initial weights again. */
  reset(): void;
  /** The loss on a batch; writes its gradient into `grads`. */
  lossAndGradient(x: Float64Array, t: Uint8Array, grads: Float64Array): number;
  /** The share of examples classified right. */
  accuracy(x: Float64Array, t: Uint8Array): number;
}

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** Updates to make. @default {100} */
  steps?: number;
  /** Examples per update. @default {100} */
  batchSize?: number;
  /** Seed of the batches: the same seed gives every optimizer the same batches. @default {1} */
  seed?: number;
  /** Also measure the test accuracy after every this many updates, for a learning curve (0: only at the end). @default {0} */
  evaluateEvery?: number;
}

/** What {@linkcode train} records. */
export interface TrainingRun {
  /** A legend label, such as `Adam(lr=0.001)`. */
  label: string;
  /** The optimizer's class name. */
  optimizer: string;
  /** The kind of schedule the learning rate is (figures colour the run by it); absent for a fixed rate. */
  schedule?: ScheduleKind;
  /** The loss of the batch each update was computed on. */
  loss: number[];
  /** Accuracy on the training set after the last update. */
  trainAccuracy: number;
  /** Accuracy on the test set after the last update. */
  testAccuracy: number;
  /**
   * `false`, or where and why the run was stopped: after update `step` (1 for
   * the first) the batch loss was not finite, as {@linkcode Trajectory}
   * counts it.
   */
  diverged: false | Divergence;
  /** With `evaluateEvery`: the test accuracy at step 0 and after every `evaluateEvery` updates. */
  curve?: { step: number[]; testAccuracy: number[] };
}

const trainDefaults = { steps: 100, batchSize: 100, seed: 1, evaluateEvery: 0 } satisfies Defaults<TrainOptions>;

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
 *
 * @example Twenty updates of plain SGD on 500 digits
 * ```ts
 * import { loadDigits, SGD, train, TwoLayerNet } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = train(new TwoLayerNet({ hiddenSize: 10 }), new SGD({ lr: 0.1 }), loadDigits({ train: 500, test: 100 }), {
 *   steps: 20,
 *   batchSize: 50,
 * });
 * assert.deepEqual([run.loss.length, run.diverged], [20, false]);
 * ```
 */
export function train(
  net: Network,
  optimizer: Optimizer,
  data: { train: Digits; test: Digits },
  options: TrainOptions = {},
): TrainingRun {
  const action = "train";
  const o = withDefaults(action, options, trainDefaults);
  const steps = integer(action, "steps", o.steps, 1);
  const batchSize = integer(action, "batchSize", o.batchSize, 1);
  const random = seededRandom(integer(action, "seed", o.seed, 0));
  const every = integer(action, "evaluateEvery", o.evaluateEvery, 0);
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
  const curve = { step: [] as number[], testAccuracy: [] as number[] };
  const evaluate = (step: number) => {
    curve.step.push(step);
    curve.testAccuracy.push(net.accuracy(data.test.images, data.test.labels));
  };
  if (every > 0) evaluate(0);
  let diverged: false | Divergence = false;
  for (let step = 0; step < steps; step++) {
    for (let b = 0; b < batchSize; b++) {
      const n = Math.floor(random() * data.train.count);
      x.set(data.train.images.subarray(n * I, (n + 1) * I), b * I);
      t[b] = data.train.labels[n];
    }
    const value = net.lossAndGradient(x, t, grads);
    if (!Number.isFinite(value)) { // a learning rate too large: the run stops and says so
      diverged = { step, reason: `the loss became ${formatValue(value)}` }; // update number `step` led here
      break;
    }
    loss.push(value);
    optimizer.update(net.params, grads);
    if (every > 0 && (step + 1) % every === 0) evaluate(step + 1);
  }
  return {
    label: optimizer.toString(),
    optimizer: optimizer.name,
    ...(scheduleKind(optimizer.lr) ? { schedule: scheduleKind(optimizer.lr) } : {}),
    loss,
    trainAccuracy: net.accuracy(data.train.images, data.train.labels),
    testAccuracy: net.accuracy(data.test.images, data.test.labels),
    diverged,
    ...(every > 0 ? { curve } : {}),
  };
}
