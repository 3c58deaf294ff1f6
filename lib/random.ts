// The one seeded random generator of lib/ and bench/: a rerun draws the same
// batches, the same initial weights and the same benchmark inputs.

/**
 * A pseudo-random number generator (mulberry32): the same seed gives the same
 * numbers, so a rerun draws the same batches and the same plot.
 *
 * @param seed Any whole number.
 * @returns A function giving numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal numbers (mean 0, standard deviation 1) from {@linkcode seededRandom}, by the Box–Muller transform;
 * each draw uses two uniform numbers, so the same seed gives the same numbers.
 *
 * @param seed Any whole number.
 * @returns A function giving normal numbers.
 */
export function seededNormal(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
