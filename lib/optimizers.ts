/**
 * Every optimizer of the course by name, for tables and comparisons that loop
 * over them.
 *
 * @module
 */
import { show } from "./_validate.ts";
import { AdaGrad } from "./adagrad.ts";
import { Adam } from "./adam.ts";
import { Momentum } from "./momentum.ts";
import { Nesterov } from "./nesterov.ts";
import type { LearningRate, Optimizer } from "./optimizer.ts";
import { RMSProp } from "./rmsprop.ts";
import { SGD } from "./sgd.ts";

/** The optimizers' names, in the order the course meets them. */
export const optimizerNames = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"] as const;

/** The name of one of the course's optimizers. */
export type OptimizerName = typeof optimizerNames[number];

/**
 * A new optimizer of the named kind with learning rate `lr` and the book's
 * other defaults.
 *
 * @param name One of {@linkcode optimizerNames}.
 * @param lr The learning rate, a number or a schedule.
 * @returns The optimizer.
 *
 * @example
 * ```ts
 * import { makeOptimizer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(makeOptimizer("AdaGrad", 1.5).toString(), "AdaGrad(lr=1.5)");
 * ```
 */
export function makeOptimizer(name: OptimizerName | string, lr: LearningRate): Optimizer {
  switch (name) {
    case "SGD":
      return new SGD({ lr });
    case "Momentum":
      return new Momentum({ lr });
    case "Nesterov":
      return new Nesterov({ lr });
    case "AdaGrad":
      return new AdaGrad({ lr });
    case "RMSProp":
      return new RMSProp({ lr });
    case "Adam":
      return new Adam({ lr });
  }
  throw new RangeError(
    `Cannot make an optimizer as 'name' must be one of ${optimizerNames.join(", ")}: current value is ${show(name)}`,
  );
}
