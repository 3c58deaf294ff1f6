// What the optimizers import from lib/nn/_kernels.ts, for the browser bundle:
// no WebAssembly backend, so every update runs the readable loop of its
// optimizer (the reference, bit for bit the same as the fast path; see
// tests/nn_kernels_test.ts). bundle.ts swaps this file in with an import map,
// which keeps Deno's worker threads and the wasm blob out of the page.
import type * as Kernels from "../nn/_kernels.ts";

/** A zeroed array; in the browser, an ordinary one. */
export const kernelArray: typeof Kernels.kernelArray = (n) => new Float64Array(n);

/** No fast updates in the browser: the optimizers take their plain loops. */
export const updateKernels: typeof Kernels.updateKernels = undefined;
