/**
 * Every optimizer of the course in one table: its name and its class. The
 * name list, {@linkcode makeOptimizer} and the benchmark are derived from this
 * table, so adding an optimizer is its own file plus its name and one row here
 * (and its colour in `lib/plot/colors.ts`, which the compiler asks for).
 *
 * @module
 */
import { formatValue } from "../validate.ts";
import { AdaGrad } from "./adagrad.ts";
import { Adam } from "./adam.ts";
import { Momentum } from "./momentum.ts";
import { Nesterov } from "./nesterov.ts";
import type { Optimizer } from "./optimizer.ts";
import { RMSProp } from "./rmsprop.ts";
import type { LearningRate } from "./schedules.ts";
import { SGD } from "./sgd.ts";

/** One row of {@linkcode optimizerTable}. */
export interface OptimizerEntry {
  /** The class; `new optimizer({ lr })` makes one with the book's other defaults. */
  readonly optimizer: new (options: { lr?: LearningRate; [option: string]: unknown }) => Optimizer;
}

/** Options of an optimizer besides its rate, by their names in its class (`momentum`, `decayRate`, `beta1`, …). */
export type OptimizerSettings = Readonly<Record<string, number | boolean>>;

/** The name of one of the course's optimizers: a key of {@linkcode optimizerTable}. */
export type OptimizerName = "SGD" | "Momentum" | "Nesterov" | "AdaGrad" | "RMSProp" | "Adam";

/**
 * The course's optimizers by name, in the order the course meets them. The
 * key is the class's `name`. A name without a row, a row without a name, and
 * a row without a class are compile errors; every list of
 * optimizers in lib/ and bench/ is derived from this table.
 */
export const optimizerTable: Readonly<Record<OptimizerName, OptimizerEntry>> = Object.freeze({
  SGD: { optimizer: SGD },
  Momentum: { optimizer: Momentum },
  Nesterov: { optimizer: Nesterov },
  AdaGrad: { optimizer: AdaGrad },
  RMSProp: { optimizer: RMSProp },
  Adam: { optimizer: Adam },
});

/** The optimizers' names, in the order the course meets them. */
export const optimizerNames: readonly OptimizerName[] = Object.freeze(
  Object.keys(optimizerTable) as OptimizerName[],
);

/**
 * A new optimizer of the named kind with learning rate `lr`, its other
 * options from `settings` and the book's defaults for the rest.
 *
 * @param name One of {@linkcode optimizerNames}.
 * @param lr The learning rate, a number or a schedule.
 * @param settings Options of that optimizer's class besides `lr`, checked by its constructor. @default {{}}
 * @returns The optimizer.
 *
 * @example
 * ```ts
 * import { makeOptimizer, Momentum } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(makeOptimizer("AdaGrad", 1.5).toString(), "AdaGrad(lr=1.5)");
 * assert.equal((makeOptimizer("Momentum", 0.1, { momentum: 0.5 }) as Momentum).momentum, 0.5);
 * assert.throws(() => makeOptimizer("SGD", 0.1, { momentum: 0.5 }), /'momentum' is not an option/);
 * ```
 */
export function makeOptimizer(name: OptimizerName, lr: LearningRate, settings: OptimizerSettings = {}): Optimizer {
  if (!Object.hasOwn(optimizerTable, name)) {
    throw new RangeError(
      `Cannot make an optimizer as 'name' must be one of ${optimizerNames.join(", ")}: current value is ${
        formatValue(name)
      }`,
    );
  }
  return new optimizerTable[name].optimizer({ ...settings, lr });
}

/**
 * One optimizer per entry of `rates`, in the order given, each made by
 * {@linkcode makeOptimizer}: the way a comparison loops over optimizers, with
 * the names checked.
 *
 * @param rates A learning rate (number or schedule) per optimizer name.
 * @param settings Other options per optimizer name (`{ Momentum: { momentum: 0.5 } }`); a name without a rate is left out. @default {{}}
 * @returns The optimizers.
 *
 * @example
 * ```ts
 * import { makeOptimizers, Momentum } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const optimizers = makeOptimizers({ SGD: 0.95, AdaGrad: 1.5 });
 * assert.deepEqual(optimizers.map(String), ["SGD(lr=0.95)", "AdaGrad(lr=1.5)"]);
 * const [momentum] = makeOptimizers({ Momentum: 0.1 }, { Momentum: { momentum: 0.5 }, Adam: { beta1: 0.8 } });
 * assert.equal((momentum as Momentum).momentum, 0.5);
 * ```
 */
export function makeOptimizers(
  rates: Readonly<Partial<Record<OptimizerName, LearningRate>>>,
  settings: Readonly<Partial<Record<OptimizerName, OptimizerSettings>>> = {},
): Optimizer[] {
  if (rates === null || typeof rates !== "object" || Array.isArray(rates)) {
    throw new TypeError(
      `Cannot make optimizers as 'rates' must be an object of learning rates by name: current value is ${
        formatValue(rates)
      }`,
    );
  }
  return Object.entries(rates).map(([name, lr]) =>
    makeOptimizer(name as OptimizerName, lr, settings[name as OptimizerName])
  );
}
