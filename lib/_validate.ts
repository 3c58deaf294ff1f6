// Input checks shared by every public entry. Messages follow one pattern:
// "Cannot <action> as '<option>' <must be ...>: current value is <value>".

/** Formats a value for an error message, so `NaN`, `"0.1"` and `[1, 2]` read as typed. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `a function ${value.name || "(anonymous)"}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as Float64Array).length}`;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  return String(value);
}

/** Throws unless `value` is a finite number greater than 0. */
export function positive(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a positive finite number: current value is ${show(value)}`,
    );
  }
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a positive finite number: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a finite number that is 0 or more. */
export function nonNegative(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as '${name}' must be a finite number >= 0: current value is ${show(value)}`);
  }
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`Cannot ${action} as '${name}' must be a finite number >= 0: current value is ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` lies in [0, 1): a decay or momentum coefficient. */
export function unitInterval(action: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot ${action} as '${name}' must be a number in [0, 1): current value is ${show(value)}`);
  }
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(`Cannot ${action} as '${name}' must be a number in [0, 1): current value is ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is a whole number of at least `min`. */
export function integer(action: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as '${name}' must be a whole number >= ${min}: current value is ${show(value)}`,
    );
  }
  if (!(Number.isInteger(value) && value >= min)) {
    throw new RangeError(
      `Cannot ${action} as '${name}' must be a whole number >= ${min}: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a boolean. */
export function boolean(action: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot ${action} as '${name}' must be true or false: current value is ${show(value)}`);
  }
  return value;
}

/**
 * Throws on an option name that is not in `known`, so a typo such as
 * `{ learningRate: 0.1 }` is an error instead of a silently ignored default.
 */
export function knownOptions(action: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`Cannot ${action} as the options must be an object: current value is ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`Cannot ${action} as '${key}' is not an option: the options are ${known.join(", ")}`);
    }
  }
}

/** Throws unless `value` is a non-empty Float64Array whose entries are all finite. */
export function finiteVector(action: string, name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`Cannot ${action} as '${name}' must be a Float64Array: current value is ${show(value)}`);
  }
  if (value.length === 0) {
    throw new RangeError(`Cannot ${action} as '${name}' must not be empty: current value is ${show(value)}`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i])) {
      throw new RangeError(
        `Cannot ${action} as '${name}' must hold finite numbers: current value at index ${i} is ${show(value[i])}`,
      );
    }
  }
  return value;
}
