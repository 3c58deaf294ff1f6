// The input check every network shares: whole examples in x, one label per example in t, each a class it knows.
import { formatValue } from "../validate.ts";

/**
 * The number of examples in a batch, after checking that `x` holds whole examples of `inputSize` inputs and `t` one
 * label for each, below `classes`.
 *
 * @param action What the caller was doing, for the error message.
 * @param x The inputs, one example after another.
 * @param t The labels.
 * @param inputSize Inputs per example.
 * @param classes The number of classes: every label must be below it.
 * @returns The batch size.
 */
export function batchSize(action: string, x: Float64Array, t: Uint8Array, inputSize: number, classes: number): number {
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % inputSize !== 0) {
    throw new RangeError(
      `Cannot ${action} as 'x' must be a Float64Array of whole examples of ${inputSize} inputs: current value is ${
        formatValue(x)
      }`,
    );
  }
  const batch = x.length / inputSize;
  if (!(t instanceof Uint8Array) || t.length !== batch) {
    throw new RangeError(
      `Cannot ${action} as 't' must be a Uint8Array of ${batch} labels: current value is ${formatValue(t)}`,
    );
  }
  const bad = t.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${action} as 't' must hold labels below ${classes}: current value is t[${bad}] = ${t[bad]}`,
    );
  }
  return batch;
}
