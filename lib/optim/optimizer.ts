/**
 * What every optimizer shares: a learning rate that is a number or a schedule,
 * a step counter `t`, in-place `update(params, grads)`, and `reset()`.
 *
 * @module
 */
import { finiteParamsAndGrads, formatValue, positive } from "../validate.ts";
import { describeLearningRate, type LearningRate } from "./schedules.ts";

/**
 * The base class of the optimizers in this module. A subclass allocates its
 * state in {@linkcode Optimizer.allocate} and writes one step in
 * {@linkcode Optimizer.step}; this class checks the input, evaluates the
 * learning rate for the step, and counts steps.
 *
 * To add an optimizer: write one file beside `sgd.ts` with a class that
 * extends this one (state, then `step()` with one plain loop), add its name
 * and one row to the table in `registry.ts`, export it from `mod.ts`, and
 * give it a colour in `lib/plot/colors.ts` and its η and knobs in
 * `lib/playground/settings.ts` (the compiler asks for these three).
 *
 * @example A minimal optimizer: plain gradient descent with half the step
 * ```ts
 * import { Optimizer } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * class HalfStep extends Optimizer {
 *   constructor(lr = 0.1) {
 *     super("HalfStep", lr);
 *   }
 *   protected allocate(): void {}
 *   protected step(params: Float64Array, grads: Float64Array, lr: number): void {
 *     for (let i = 0; i < params.length; i++) params[i] -= 0.5 * lr * grads[i]; // W ← W − η·g/2
 *   }
 * }
 * const p = Float64Array.of(1);
 * new HalfStep(0.2).update(p, Float64Array.of(1));
 * assert.equal(p[0], 0.9);
 * ```
 */
export abstract class Optimizer {
  /** The class name, used in legends and error messages. */
  readonly name: string;
  /** The learning rate as given: a number or a schedule. */
  readonly lr: LearningRate;
  #t = 0;
  #size = -1;
  #lastLr = Number.NaN;

  /**
   * Checks the learning rate; a subclass checks its own options.
   *
   * @param name The optimizer's name, for messages.
   * @param lr The learning rate, checked here.
   */
  protected constructor(name: string, lr: LearningRate) {
    this.name = name;
    if (typeof lr !== "function") positive(`create ${name}`, "lr", lr);
    this.lr = lr;
  }

  /** How many updates were made since construction or the last `reset()`. */
  get t(): number {
    return this.#t;
  }

  /** The parameter count fixed by the first update, or -1 before it. */
  get size(): number {
    return this.#size;
  }

  /** The learning rate the last update used (NaN before the first update). */
  get lastLr(): number {
    return this.#lastLr;
  }

  /**
   * The learning rate at step `t` (a schedule evaluated, or the fixed
   * number), checked to be a positive finite number.
   *
   * @param t The step count, 0 for the first update.
   * @returns The rate for that step.
   */
  lrAt(t: number): number {
    if (typeof this.lr === "number") return this.lr;
    const rate = this.lr(t);
    if (typeof rate !== "number" || !(Number.isFinite(rate) && rate > 0)) {
      throw new RangeError(
        `Cannot update ${this.name} as the schedule 'lr' must return a positive finite number, but at step t = ${t} it did not: current value is ${
          formatValue(rate)
        }`,
      );
    }
    return rate;
  }

  /**
   * Takes one step: changes `params` in place, using `grads` (the gradient of
   * the loss at `params`). The first call fixes the parameter count; call
   * `reset()` before using the optimizer on parameters of another size.
   * Throws on NaN or ±Infinity in `params` or `grads`.
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient at `params`, same length.
   */
  update(params: Float64Array, grads: Float64Array): void {
    const action = `update ${this.name}`;
    if (!(params instanceof Float64Array)) {
      throw new TypeError(
        `Cannot ${action} as 'params' must be a Float64Array: current value is ${formatValue(params)}`,
      );
    }
    if (!(grads instanceof Float64Array)) {
      throw new TypeError(`Cannot ${action} as 'grads' must be a Float64Array: current value is ${formatValue(grads)}`);
    }
    if (params.length !== grads.length) {
      throw new RangeError(
        `Cannot ${action} as 'params' and 'grads' must have the same length: current values are ${params.length} and ${grads.length}`,
      );
    }
    if (params.length === 0) {
      throw new RangeError(`Cannot ${action} as 'params' must not be empty: current value is ${formatValue(params)}`);
    }
    finiteParamsAndGrads(action, params, grads); // NaN or ±Infinity in, NaN out: say so at the door instead
    if (this.#size === -1) {
      this.#size = params.length;
      this.allocate(params.length);
    } else if (params.length !== this.#size) {
      throw new RangeError(
        `Cannot ${action} as 'params' changed length since the first update (call reset() to start over): current value is ${params.length}, was ${this.#size}`,
      );
    }
    const lr = this.lrAt(this.#t);
    this.step(params, grads, lr, this.#t);
    this.#lastLr = lr;
    this.#t++;
  }

  /** Forgets all state: the next update is a first update again. */
  reset(): void {
    this.#t = 0;
    this.#size = -1;
    this.#lastLr = Number.NaN;
    this.allocate(0);
  }

  /**
   * The per-parameter learning rate of the last update, where the optimizer
   * scales its step per parameter (AdaGrad, RMSProp, Adam); `undefined` for
   * optimizers with one rate for all parameters.
   *
   * @returns One rate per parameter, or `undefined`.
   */
  effectiveRate(): Float64Array | undefined {
    return undefined;
  }

  /**
   * A short label for legends, such as `AdaGrad(lr=1.5)`.
   *
   * @returns The label.
   */
  toString(): string {
    return `${this.name}(lr=${describeLearningRate(this.lr)})`;
  }

  /**
   * Sets the state up for `n` parameters (n = 0 on reset: drop the state).
   *
   * @param n The parameter count.
   */
  protected abstract allocate(n: number): void;

  /**
   * Updates `params` in place with rate `lr` at step `t` (0 for the first).
   *
   * @param params The parameters, updated in place.
   * @param grads The gradient at `params`.
   * @param lr The learning rate of this step.
   * @param t The step count, 0 for the first update.
   */
  protected abstract step(params: Float64Array, grads: Float64Array, lr: number, t: number): void;
}
