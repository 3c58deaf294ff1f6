// Input checks shared by every public entry. Messages follow one pattern:
// "Cannot <action> as '<option>' <must be ...>: current value is <value>".
import type { Range, TestFunction } from "./landscape/test_functions.ts";

/**
 * Freezes `value` and every object and array in it, so that what lib/ shares
 * (figure defaults, test functions) cannot be changed by a notebook cell for
 * every later cell.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** How many items of a list, and characters of a string, an error message shows before it says "…". */
const shown = 8;

/**
 * Formats a value for an error message, so `NaN`, `"0.1"` and `[1, 2]` read as
 * typed. A class reads as `the class SGD`, a plain object as its keys
 * (`{points, label}`), and a long list or string is cut short, so a message
 * about a million-entry array stays one line.
 */
export function formatValue(value: unknown): string {
  if (typeof value === "string") {
    return value.length > 4 * shown
      ? `${JSON.stringify(value.slice(0, 4 * shown))}… (${value.length} characters)`
      : JSON.stringify(value);
  }
  if (typeof value === "function") {
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    return `${isClass ? "the class" : "a function"} ${value.name || "(anonymous)"}`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as Float64Array).length}`;
  if (Array.isArray(value)) {
    const head = value.slice(0, shown).map(formatValue).join(", ");
    return value.length > shown ? `[${head}, … (${value.length} items)]` : `[${head}]`;
  }
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    const head = keys.slice(0, shown).join(", ") + (keys.length > shown ? ", …" : "");
    return name && name !== "Object" ? `a ${name}` : `{${head}}`;
  }
  return String(value);
}

/** Throws unless `value` is a finite number greater than 0. */
export function positive(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a positive finite number: current value is ${formatValue(value)}`,
    );
  }
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a positive finite number: current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a finite number that is 0 or more. */
export function nonNegative(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a finite number >= 0: current value is ${formatValue(value)}`,
    );
  }
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a finite number >= 0: current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` lies in [0, 1): a decay or momentum coefficient. */
export function unitInterval(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a number in [0, 1): current value is ${formatValue(value)}`,
    );
  }
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a number in [0, 1): current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a whole number of at least `min`. */
export function integer(action: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a whole number >= ${min}: current value is ${formatValue(value)}`,
    );
  }
  if (!(Number.isInteger(value) && value >= min)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a whole number >= ${min}: current value is ${formatValue(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a boolean. */
export function boolean(action: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot ${action} as '${name}' must be true or false: current value is ${formatValue(value)}`);
  }
  return value;
}

/**
 * Every option of an options interface `O`, each with its default
 * (`undefined` where the caller computes one). A defaults object written
 * `{ … } satisfies Defaults<O>` is the one place a function's options are
 * spelled out: the compiler flags a missing or an extra key, and
 * {@linkcode withDefaults} takes the list of known options from its keys.
 */
export type Defaults<O> = { [K in keyof Required<O>]: O[K] };

/** The options after {@linkcode withDefaults}: an option with a default is never `undefined`. */
export type WithDefaults<O, D> = {
  [K in keyof Required<O>]: undefined extends D[K & keyof D] ? O[K] : Exclude<O[K], undefined>;
};

/**
 * The options with every one that is missing (or `undefined`) taken from
 * `defaults`. Throws on an option name that is not a key of `defaults`, so a
 * typo such as `{ learningRate: 0.1 }` is an error instead of a silently
 * ignored default. Values are not checked here: the caller validates each.
 */
export function withDefaults<O extends object, D extends Defaults<O>>(
  action: string,
  options: O | undefined,
  defaults: D & { [K in Exclude<keyof D, keyof O>]: never },
): WithDefaults<O, D> {
  if (options === undefined) return { ...defaults } as WithDefaults<O, D>;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`Cannot ${action} as the options must be an object: current value is ${formatValue(options)}`);
  }
  const known = Object.keys(defaults);
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`Cannot ${action} as '${key}' is not an option: the options are ${known.join(", ")}`);
    }
    if (value !== undefined) merged[key] = value;
  }
  return merged as WithDefaults<O, D>;
}

/** Throws unless `value` is a non-empty Float64Array whose entries are all finite. */
export function finiteVector(action: string, name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`Cannot ${action} as '${name}' must be a Float64Array: current value is ${formatValue(value)}`);
  }
  if (value.length === 0) {
    throw new RangeError(`Cannot ${action} as '${name}' must not be empty: current value is ${formatValue(value)}`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i])) {
      throw new RangeError(
        `Cannot ${action} as '${name}' must hold finite numbers: current value at index ${i} is ${
          formatValue(value[i])
        }`,
      );
    }
  }
  return value;
}

/** Throws unless `value` is a string (a title, a name, a label). */
export function text(action: string, name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action} as '${name}' must be a string: current value is ${formatValue(value)}`);
  }
  return value;
}

/** The largest size a cell may ask for, and why it is that. */
export interface Limit {
  /** The largest value allowed. */
  readonly max: number;
  /** Where the limit comes from, in a few words for an error message. */
  readonly why: string;
}

/**
 * The largest sizes a cell may ask for, each with its reason. One kernel
 * serves one student on a hub that holds many: a request past these limits
 * would take hundreds of megabytes, or stop the kernel, before it drew
 * anything worth seeing. Checked before anything is allocated.
 */
export const limits: Readonly<Record<"steps" | "grid" | "levels" | "animationSteps" | "sliderRates", Limit>> = Object
  .freeze({
    // The notebooks' longest run is 100,000 steps (notebook 6); 1,000,000 measured 303 MB of heap.
    steps: Object.freeze({ max: 1_000_000, why: "a run records about 300 bytes per step" }),
    // The notebooks use 20 to 100; a 10⁴ grid would be 10⁸ values, 800 MB of float64 alone.
    grid: Object.freeze({ max: 500, why: "a contour holds grid² values, and a figure is about 1,000 pixels wide" }),
    levels: Object.freeze({ max: 100, why: "more contour lines than that fill the plot" }),
    // 300 steps: about 45,000 points in the frames, 1.5 MB of JSON; the notebooks animate 30.
    animationSteps: Object.freeze({
      max: 300,
      why: "frame t repeats steps 0 … t, so the frames hold about steps²/2 points",
    }),
    sliderRates: Object.freeze({ max: 100, why: "one run each, and more stops than a slider can be dragged to" }),
  });

/**
 * Throws unless `value` is a whole number in [min, limit.max]: a size that a
 * cell allocates for (steps, grid points), checked before anything is
 * allocated. The message says where the limit comes from.
 */
export function size(action: string, name: string, value: unknown, min: number, limit: Limit): number {
  const rule = `'${name}' must be a whole number in [${min}, ${limit.max}] (${limit.why})`;
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as ${rule}: current value is ${formatValue(value)}`);
  }
  if (!(Number.isInteger(value) && value >= min && value <= limit.max)) {
    throw new RangeError(`Cannot ${action} as ${rule}: current value is ${formatValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [min, max]. */
export function between(action: string, name: string, value: unknown, min: number, max: number): number {
  const rule = `'${name}' must be a number in [${min}, ${max}]`;
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as ${rule}: current value is ${formatValue(value)}`);
  }
  if (!(value >= min && value <= max)) {
    throw new RangeError(`Cannot ${action} as ${rule}: current value is ${formatValue(value)}`);
  }
  return value;
}

/** Whether `value` is a list of `n` finite numbers. */
function finitePoint(value: unknown, n: number): boolean {
  return Array.isArray(value) && value.length === n && value.every((v) => typeof v === "number" && Number.isFinite(v));
}

/**
 * Throws unless `value` holds `dim` axis ranges `[min, max]` of finite
 * numbers with min < max (a plotting range).
 */
export function ranges(action: string, name: string, value: unknown, dim: number): readonly Range[] {
  const ok = Array.isArray(value) && value.length === dim &&
    value.every((r) => finitePoint(r, 2) && (r as number[])[0] < (r as number[])[1]);
  if (!ok) {
    const what = `${dim} range${dim === 1 ? "" : "s"} [min, max] of finite numbers with min < max`;
    const error = Array.isArray(value) ? RangeError : TypeError;
    throw new error(`Cannot ${action} as '${name}' must hold ${what}: current value is ${formatValue(value)}`);
  }
  return value as readonly Range[];
}

/**
 * Throws unless `fn` is a test function: an object with every field a run or
 * a figure reads, each of the right shape (a student may write their own).
 */
export function testFunction(action: string, fn: unknown): TestFunction {
  if (fn === null || typeof fn !== "object" || Array.isArray(fn)) {
    throw new TypeError(
      `Cannot ${action} as 'fn' must be a test function such as course: current value is ${formatValue(fn)}`,
    );
  }
  const record = fn as Record<string, unknown>;
  const check = (key: string, ok: boolean, what: string) => {
    if (!ok) {
      throw new TypeError(
        `Cannot ${action} as 'fn.${key}' must be ${what}: current value is ${formatValue(record[key])}`,
      );
    }
  };
  for (const key of ["id", "name", "description"]) check(key, typeof record[key] === "string", "a string");
  const dim = record.dim as number;
  check("dim", Number.isInteger(dim) && dim >= 1, "a whole number >= 1");
  check("f", typeof record.f === "function", "a function of a Float64Array");
  check("gradient", typeof record.gradient === "function", "a function of a Float64Array");
  const point = `${dim} finite number${dim === 1 ? "" : "s"}`;
  check("start", finitePoint(record.start, dim), `a list of ${point}`);
  check(
    "minima",
    Array.isArray(record.minima) && record.minima.every((m) => finitePoint(m, dim)),
    `a list of points of ${point}`,
  );
  ranges(action, "fn.range", record.range, dim);
  check("contourScale", record.contourScale === "linear" || record.contourScale === "log", '"linear" or "log"');
  return fn as TestFunction;
}

/**
 * Throws unless every entry of `params` and of `grads` (Float64Arrays of one
 * length) is finite. One pass with no branch per entry: v·0 is 0 for every
 * finite v and NaN for NaN and ±Infinity, so the sum is 0 exactly when all are
 * finite; only then is the culprit looked for. For the 109,810 parameters of
 * lib/nn's MultiLayerNet it takes about 0.07 ms, against 4.8 ms for a training
 * step (bench/finite_check_bench.ts).
 */
export function finiteParamsAndGrads(action: string, params: Float64Array, grads: Float64Array): void {
  const n = params.length;
  let probe = 0;
  for (let i = 0; i < n; i++) probe += params[i] * 0 + grads[i] * 0;
  if (probe === 0) return;
  for (const [name, values] of [["params", params], ["grads", grads]] as const) {
    const i = values.findIndex((v) => !Number.isFinite(v));
    if (i !== -1) {
      throw new RangeError(
        `Cannot ${action} as '${name}' must hold finite numbers: current value at index ${i} is ${
          formatValue(values[i])
        }`,
      );
    }
  }
}

/** Half the spacing of float64 numbers just above |v|: the smallest h for which v + h can differ from v. */
function halfSpacing(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1021) return Number.MIN_VALUE / 2; // subnormal spacing
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // log2 rounds near powers of two
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 53);
}

/**
 * Throws unless the step `h` moves every coordinate of `x` both ways
 * (x + h ≠ x and x − h ≠ x in float64): with a smaller h, f(x + h) − f(x − h)
 * is 0 and a central difference says the slope is 0, so a run would never move.
 */
export function movingStep(action: string, name: string, h: number, x: ArrayLike<number>, where: string): number {
  for (let i = 0; i < x.length; i++) {
    if (x[i] + h === x[i] || x[i] - h === x[i]) {
      let bound = 0;
      for (let j = 0; j < x.length; j++) bound = Math.max(bound, halfSpacing(x[j]));
      throw new RangeError(
        `Cannot ${action} as '${name}' must move every coordinate of ${where} (x ± h ≠ x in float64 needs h > ${
          bound.toPrecision(2)
        }): current value is ${formatValue(h)}`,
      );
    }
  }
  return h;
}
