// Input checks shared by every public entry. Messages follow one pattern:
// "Cannot <action> as '<option>' <must be ...>: current value is <value>".

/** Formats a value for an error message, so `NaN`, `"0.1"` and `[1, 2]` read as typed. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `a function ${value.name || "(anonymous)"}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${(value as Float64Array).length}`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
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
