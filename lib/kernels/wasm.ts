/**
 * The WebAssembly SIMD backend of {@linkcode MatrixKernels}: the kernels of
 * `kernels.wat` (assembled into `_kernels_wasm.ts`), on arrays that live in a
 * memory of their own.
 *
 * Why WebAssembly SIMD (bench/README.md has the numbers): V8 does not
 * vectorise JavaScript, and these products run 5–10× faster than the plain
 * loops, in float64, skipping a digit's zero pixels, with no library or
 * native code.
 *
 * Memory: one workspace for the whole process ({@linkcode wasmWorkspace}), not
 * shared between threads, grown to the largest request it has had (the book's
 * network: about 7 MB) and never beyond. A network copies its parameters in
 * and its gradient out on each call, so its own arrays are ordinary ones that
 * go with it: a notebook that trains 72 networks holds one workspace, not 72.
 *
 * @module
 */
import { kernelsWasmBase64 } from "./_kernels_wasm.ts";
import { type MatrixKernels, typescriptKernels } from "./matrix.ts";

interface WasmExports {
  gemm(m: number, k: number, n: number, a: number, b: number, c: number): void;
  gemmSparse(m: number, k: number, n: number, a: number, b: number, c: number, lists: number): void;
  rowLists(m: number, k: number, a: number, lists: number): void;
  transpose(rows: number, cols: number, src: number, dst: number): void;
  relu(n: number, a: number): void;
  reluMask(n: number, d: number, z: number): void;
  sumRows(m: number, n: number, a: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined; // null: WebAssembly SIMD is not available here

/** The compiled kernels, compiled the first time they are asked for; `undefined` where WebAssembly SIMD is missing. */
function kernelsModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(kernelsWasmBase64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

/**
 * Whether the WebAssembly backend can run here (it needs WebAssembly SIMD).
 *
 * @returns `true` in Deno and in current browsers.
 *
 * @example
 * ```ts
 * import { wasmAvailable } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(wasmAvailable(), true);
 * ```
 */
export function wasmAvailable(): boolean {
  return kernelsModule() !== undefined;
}

/** What a WebAssembly backend is made for: its owner's arrays and the scratch space of its largest products. */
export interface WasmPlan {
  /** The length of each array to hand out, in order. */
  arrays: readonly number[];
  /**
   * Doubles of scratch space for transposes: at least m·k for the largest
   * `matmulTransA` (its a) and k·n for the largest `matmulTransB` (its b).
   */
  transposed: number;
  /**
   * 32-bit integers of scratch space for sparse products: at least m·(k + 1)
   * for the largest sparse `matmul`, and k·(m + 1) for the largest sparse
   * `matmulTransA`.
   */
  sparseLists: number;
}

/** The WebAssembly backend and the arrays it computes on, valid until the next {@linkcode wasmWorkspace} call. */
export interface WasmArena {
  /** The kernels; on arrays outside this memory, or products beyond the plan, they run the plain loops. */
  readonly kernels: MatrixKernels;
  /** Arrays of the plan's lengths, in its order, in the workspace (their contents are left from earlier calls). */
  readonly arrays: Float64Array[];
  /** The size of the workspace's memory, in bytes. */
  readonly bytes: number;
}

const pageBytes = 65536;
const align = 64; // a cache line: SIMD loads never straddle one needlessly
const aligned = (bytes: number) => Math.ceil(bytes / align) * align;

let workspace: { memory: WebAssembly.Memory; wasm: WasmExports } | undefined;

/**
 * The WebAssembly backend on the process's one workspace, laid out for
 * `plan`: the arrays it asks for and the scratch space of its products. The
 * memory grows when a plan needs more than it has had (which invalidates the
 * arrays of earlier calls: take them afresh on each call, as a network does).
 *
 * @param plan The arrays to hand out and the scratch space to keep.
 * @returns The kernels and the arrays, or `undefined` where WebAssembly SIMD is not available.
 *
 * @example A product on the workspace's arrays
 * ```ts
 * import { wasmWorkspace } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { kernels, arrays: [a, b, c] } = wasmWorkspace({ arrays: [4, 4, 4], transposed: 4, sparseLists: 6 })!;
 * a.set([1, 2, 3, 4]);
 * b.set([5, 6, 7, 8]);
 * c.fill(0);
 * kernels.matmul(a, b, c, 2, 2, 2);
 * assert.deepEqual(Array.from(c), [19, 22, 43, 50]);
 * ```
 */
export function wasmWorkspace(plan: WasmPlan): WasmArena | undefined {
  const module = kernelsModule();
  if (!module) return undefined;
  let top = align; // byte 0 stays unused
  const take = (bytes: number) => {
    const at = top;
    top += aligned(Math.max(bytes, 1));
    return at;
  };
  const arrayAt = plan.arrays.map((n) => take(n * 8));
  const scratchAt = take(plan.transposed * 8);
  const listsAt = take(plan.sparseLists * 4);
  const pages = Math.ceil(top / pageBytes);
  if (!workspace) {
    const memory = new WebAssembly.Memory({ initial: pages });
    workspace = {
      memory,
      wasm: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports,
    };
  } else if (workspace.memory.buffer.byteLength < pages * pageBytes) {
    workspace.memory.grow(pages - workspace.memory.buffer.byteLength / pageBytes);
  }
  const { memory, wasm } = workspace;
  const buffer = memory.buffer;
  const arrays = plan.arrays.map((n, i) => new Float64Array(buffer, arrayAt[i], n));
  const owned = (...all: Float64Array[]) => all.every((a) => a.buffer === buffer);
  // c += a·b, skipping the zeros of a row by row when sparse (and when its lists fit).
  const gemm = (a: number, b: number, c: number, m: number, k: number, n: number, sparse: boolean) => {
    if (sparse && m * (k + 1) <= plan.sparseLists) {
      wasm.rowLists(m, k, a, listsAt);
      wasm.gemmSparse(m, k, n, a, b, c, listsAt);
    } else {
      wasm.gemm(m, k, n, a, b, c);
    }
  };
  const kernels: MatrixKernels = Object.freeze(
    {
      name: "wasm",
      matmul(a, b, c, m, k, n, sparse = false) {
        if (!owned(a, b, c)) return typescriptKernels.matmul(a, b, c, m, k, n);
        gemm(a.byteOffset, b.byteOffset, c.byteOffset, m, k, n, sparse);
      },
      matmulTransA(a, b, c, m, k, n, sparse = false) {
        if (!owned(a, b, c) || m * k > plan.transposed) return typescriptKernels.matmulTransA(a, b, c, m, k, n);
        wasm.transpose(m, k, a.byteOffset, scratchAt);
        gemm(scratchAt, b.byteOffset, c.byteOffset, k, m, n, sparse);
      },
      matmulTransB(a, b, c, m, n, k) {
        if (!owned(a, b, c) || k * n > plan.transposed) return typescriptKernels.matmulTransB(a, b, c, m, n, k);
        wasm.transpose(k, n, b.byteOffset, scratchAt);
        gemm(a.byteOffset, scratchAt, c.byteOffset, m, n, k, false);
      },
      relu(a) {
        if (!owned(a)) return typescriptKernels.relu(a);
        wasm.relu(a.length, a.byteOffset);
      },
      reluMask(delta, z) {
        if (!owned(delta, z) || z.length < delta.length) return typescriptKernels.reluMask(delta, z);
        wasm.reluMask(delta.length, delta.byteOffset, z.byteOffset);
      },
      sumRows(a, out, m, n) {
        if (!owned(a, out)) return typescriptKernels.sumRows(a, out, m, n);
        wasm.sumRows(m, n, a.byteOffset, out.byteOffset);
      },
    } satisfies MatrixKernels,
  );
  return { kernels, arrays, bytes: buffer.byteLength };
}
