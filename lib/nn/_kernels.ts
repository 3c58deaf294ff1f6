// The numeric kernels of the networks (matrix products) and of the optimizers
// (element-wise updates), in two swappable backends:
//
// - `typescriptKernels`: plain loops, the reference a student reads;
// - `wasmKernels`: the same operations in WebAssembly with 128-bit SIMD
//   (lib/nn/_wasm/kernels.wat), working on arrays that live in its own shared
//   memory. It is the default wherever it loads (Deno, and browsers that allow
//   shared memory); where it does not, everything uses the plain loops.
//
// Why WebAssembly SIMD and not the alternatives (measured on this course's
// machine, bench/README.md): V8 does not vectorise JavaScript, and the
// WebAssembly products run 5–10× faster than the plain loops on one thread,
// in float64; TensorFlow.js's WebAssembly backend is at most 1.1× faster, in
// float32 only, and does not skip the zero pixels. So the course keeps
// float64 end to end and needs no library or native code. Large calls are
// split between this thread and a second one (class Helper) on two cores.
//
// The fast backend computes only on arrays in its memory: `kernelArray(n)`
// hands them out. Each kernel checks where its arrays live and falls back to
// the plain loop otherwise, so a caller never gets a wrong answer, only a
// slower one. Memory is given back when the array handed out is garbage
// collected: keep that array, not only a subarray of it, alive while in use.
import { kernelsWasmBase64 } from "./_wasm/kernels_wasm.ts";

// Deno's node:worker_threads, for the second thread (browsers have none: there, one thread).
const workerThreads = "Deno" in globalThis ? await import("node:worker_threads") : undefined;

/** Matrix products on row-major matrices stored in Float64Arrays; each adds into `c`. */
export interface MatrixKernels {
  /** `"wasm"` or `"typescript"`. */
  readonly name: string;
  /** A zeroed array this backend computes on at full speed. */
  array(n: number): Float64Array;
  /**
   * c[m×n] += a[m×k]·b[k×n]. `sparse` says that a has many zeros (digit
   * pixels), which the fast backend then skips row by row.
   */
  matmul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number, sparse?: boolean): void;
  /** c[k×n] += a[m×k]ᵀ·b[m×n] (the weight gradient xᵀ·δ). */
  matmulTransA(
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    m: number,
    k: number,
    n: number,
    sparse?: boolean,
  ): void;
  /** c[m×k] += a[m×n]·b[k×n]ᵀ (the input gradient δ·Wᵀ). */
  matmulTransB(a: Float64Array, b: Float64Array, c: Float64Array, m: number, n: number, k: number): void;
  /** Whether this backend computes on `a` at full speed (it lives where the backend works). */
  owns(a: Float64Array): boolean;
  /** a ← ReLU(a) = max(a, 0), in place. */
  relu(a: Float64Array): void;
  /** δ ← 0 where z ≤ 0 (ReLU's backward pass), in place. */
  reluMask(delta: Float64Array, z: Float64Array): void;
  /** out[j] += Σᵢ a[i, j] for a[m×n] (the bias gradient). */
  sumRows(a: Float64Array, out: Float64Array, m: number, n: number): void;
}

/** The reference: one multiply-add per line, zeros of `a` skipped (they add nothing). */
export const typescriptKernels: MatrixKernels = {
  name: "typescript",
  array: (n) => new Float64Array(n),
  matmul(a, b, c, m, k, n) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        if (x === 0) continue;
        for (let j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j]; // cᵢⱼ += aᵢₚ·bₚⱼ
      }
    }
  },
  matmulTransA(a, b, c, m, k, n) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        if (x === 0) continue;
        for (let j = 0; j < n; j++) c[p * n + j] += x * b[i * n + j]; // cₚⱼ += aᵢₚ·bᵢⱼ
      }
    }
  },
  matmulTransB(a, b, c, m, n, k) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * b[p * n + j]; // cᵢₚ += Σⱼ aᵢⱼ·bₚⱼ
        c[i * k + p] += s;
      }
    }
  },
  owns: () => true,
  relu(a) {
    for (let i = 0; i < a.length; i++) if (a[i] < 0) a[i] = 0; // z = max(a, 0)
  },
  reluMask(delta, z) {
    for (let i = 0; i < delta.length; i++) if (z[i] <= 0) delta[i] = 0; // δ passes only where z > 0
  },
  sumRows(a, out, m, n) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a[i * n + j]; // outⱼ += Σᵢ aᵢⱼ
  },
};

interface WasmExports {
  gemm(m: number, k: number, n: number, a: number, b: number, c: number): void;
  gemmSparse(m: number, k: number, n: number, a: number, b: number, c: number, lists: number): void;
  rowLists(m: number, k: number, a: number, lists: number): void;
  transpose(rows: number, cols: number, src: number, dst: number): void;
  relu(n: number, a: number): void;
  reluMask(n: number, d: number, z: number): void;
  sumRows(m: number, n: number, a: number, out: number): void;
  sgd(n: number, w: number, g: number, lr: number): void;
  momentum(n: number, w: number, g: number, v: number, lr: number, alpha: number): void;
  nesterov(n: number, w: number, g: number, v: number, lr: number, alpha: number, alpha2: number, step: number): void;
  adagrad(n: number, w: number, g: number, h: number, lr: number, epsIn: number, epsOut: number): void;
  rmsprop(n: number, w: number, g: number, h: number, lr: number, rho: number, keep: number, eps: number): void;
  adam(n: number, w: number, g: number, m: number, v: number, lrT: number, k1: number, k2: number, eps: number): void;
  stream(n: number, g: number, a: number, b: number, c: number): void;
}

const pageBytes = 65536;
const align = 64; // a cache line: SIMD loads never straddle one needlessly

/**
 * The WebAssembly instance, its memory and a first-fit allocator over it.
 * The memory is shared so that growing it never detaches the arrays already
 * handed out (growing an unshared memory would empty every one of them).
 */
class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly exports: WasmExports;
  #buffers = new WeakSet<ArrayBufferLike>();
  #top = align; // byte 0 stays unused
  #free: { at: number; bytes: number }[] = [];
  #registry = new FinalizationRegistry<{ at: number; bytes: number }>((block) => this.#release(block));

  constructor() {
    const bytes = Uint8Array.from(atob(kernelsWasmBase64), (c) => c.charCodeAt(0));
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as WasmExports;
    this.#buffers.add(this.memory.buffer);
  }

  /** Whether `a` lives in this memory. */
  owns(a: ArrayBufferView): boolean {
    return this.#buffers.has(a.buffer);
  }

  /** A zeroed Float64Array in this memory, given back when it is garbage collected. */
  array(n: number): Float64Array {
    const bytes = Math.max(align, Math.ceil((n * 8) / align) * align);
    const at = this.#take(bytes);
    const a = new Float64Array(this.memory.buffer, at, n);
    a.fill(0);
    this.#registry.register(a, { at, bytes });
    return a;
  }

  /** An Int32Array in this memory that the caller keeps for good (scratch). */
  int32s(n: number): Int32Array {
    const bytes = Math.max(align, Math.ceil((n * 4) / align) * align);
    const at = this.#take(bytes); // first: taking may grow the memory, and memory.buffer with it
    return new Int32Array(this.memory.buffer, at, n);
  }

  #take(bytes: number): number {
    const i = this.#free.findIndex((block) => block.bytes >= bytes);
    if (i >= 0) {
      const block = this.#free[i];
      if (block.bytes === bytes) this.#free.splice(i, 1);
      else this.#free[i] = { at: block.at + bytes, bytes: block.bytes - bytes };
      return block.at;
    }
    const at = this.#top;
    const end = at + bytes;
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / pageBytes));
      this.#buffers.add(this.memory.buffer); // a new SharedArrayBuffer object over the same, longer memory
    }
    this.#top = end;
    return at;
  }

  #release(block: { at: number; bytes: number }): void {
    // Insert in address order and merge with the neighbours it touches.
    let i = this.#free.findIndex((b) => b.at > block.at);
    if (i < 0) i = this.#free.length;
    this.#free.splice(i, 0, { ...block });
    const next = this.#free[i + 1];
    if (next && block.at + block.bytes === next.at) {
      this.#free[i].bytes += next.bytes;
      this.#free.splice(i + 1, 1);
    }
    const prev = this.#free[i - 1];
    if (prev && prev.at + prev.bytes === block.at) {
      prev.bytes += this.#free[i].bytes;
      this.#free.splice(i, 1);
    }
  }
}

/** Kernels a second thread may run, by index in the control block. */
const splittable = ["gemm", "gemmSparse", "rowLists", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];

/**
 * A second thread (the machine this course is measured on has two cores)
 * running the same WebAssembly on the same memory. `post` hands it one kernel
 * call and returns at once; `wait` blocks until it is done. The two halves of
 * a split call write disjoint rows or elements, each computed exactly as in one
 * call, so splitting never changes a bit of the result.
 */
class Helper {
  #ctl: Int32Array;
  #args: Float64Array;
  #job = 0;
  #failed = false;

  constructor(heap: WasmHeap, threads: NonNullable<typeof workerThreads>) {
    const block = heap.int32s(32).fill(0); // kept for good; zeroed, as memory given back may be reused
    this.#ctl = block.subarray(0, 8);
    this.#args = new Float64Array(block.buffer, block.byteOffset + 32, 12);
    const worker = new threads.Worker(new URL("./_kernels_worker.ts", import.meta.url), {
      workerData: { memory: heap.memory, control: block.byteOffset, names: splittable },
    });
    worker.unref(); // an idle helper does not keep the process alive
    if (Atomics.wait(this.#ctl, 4, 0, 10_000) === "timed-out") {
      void worker.terminate();
      throw new Error("the kernels' second thread did not start within 10 s");
    }
  }

  post(kernel: string, args: number[]): void {
    this.#ctl[2] = splittable.indexOf(kernel);
    this.#ctl[3] = args.length;
    this.#args.set(args);
    Atomics.store(this.#ctl, 0, ++this.#job);
    Atomics.notify(this.#ctl, 0);
  }

  wait(): void {
    for (let spin = 0; spin < 20_000 && Atomics.load(this.#ctl, 1) !== this.#job; spin++); // the halves end close together
    while (Atomics.load(this.#ctl, 1) !== this.#job) {
      if (Atomics.wait(this.#ctl, 1, this.#job - 1, 60_000) === "timed-out") this.#failed = true;
      if (this.#failed) break;
    }
    if (this.#failed || this.#ctl[5] !== 0) {
      this.#failed = true;
      throw new Error("Cannot finish a kernel as its second thread failed or hung; restart to use two threads again");
    }
  }

  get usable(): boolean {
    return !this.#failed;
  }
}

function loadHeap(): WasmHeap | undefined {
  try {
    return new WasmHeap();
  } catch {
    return undefined; // no WebAssembly SIMD or no shared memory here: the plain loops serve
  }
}

const heap = loadHeap();

/** Threads the kernels use: 2 where a second thread can start (Deno), else 1. */
let threads = workerThreads ? 2 : 1;
let helper: Helper | undefined;

/**
 * Sets how many threads the kernels use, 1 or 2 (for benchmarks and tests:
 * the result is the same bits either way).
 *
 * @param count 1 or 2; 2 needs node:worker_threads (Deno).
 * @param adaptive With 2, stop splitting for a while whenever it stopped
 * paying (others keep the second core busy); `false` always splits.
 */
export function setKernelThreads(count: 1 | 2, adaptive = true): void {
  if (!(count === 1 || (count === 2 && workerThreads))) {
    throw new RangeError(
      `Cannot set the kernels' threads as 'count' must be 1${workerThreads ? " or 2" : ""}: current value is ${count}`,
    );
  }
  threads = count;
  Object.assign(pacing, { splits: 0, worked: 0, waited: 0, resumeAt: adaptive ? pacing.calls : Infinity, adaptive });
}

/** Threads the kernels use now: 1 after a second thread failed to start. */
export function kernelThreads(): number {
  return threads;
}

/**
 * Runs kernel `name` on two halves of its work: `first` here, `second` on the
 * helper thread at the same time when there is one, else one after the other.
 */
function split(heap: WasmHeap, name: string, first: number[], second: number[]): void {
  const wasm = heap.exports as unknown as Record<string, (...args: number[]) => void>;
  if (threads === 2 && !helper && workerThreads) {
    try {
      helper = new Helper(heap, workerThreads);
    } catch {
      threads = 1; // no second thread after all: one does the whole
    }
  }
  if (threads === 2 && helper?.usable && (pacing.calls >= pacing.resumeAt || !pacing.adaptive)) {
    const start = performance.now();
    helper.post(name, second);
    let mine = 0;
    try {
      wasm[name](...first);
      mine = performance.now() - start;
    } finally {
      helper.wait();
    }
    // Splitting pays while the helper ends its half about when this thread ends its own. When others
    // keep the second core busy it does not: if, over the last 32 splits, this thread waited more than
    // half as long as it worked, it works alone for the next 4096 calls (about 160 training steps).
    pacing.splits++;
    pacing.worked += mine;
    pacing.waited += performance.now() - start - mine;
    if (pacing.splits === 32) {
      if (pacing.waited > 0.5 * pacing.worked && pacing.adaptive) pacing.resumeAt = pacing.calls + 4096;
      Object.assign(pacing, { splits: 0, worked: 0, waited: 0 });
    }
  } else {
    wasm[name](...first);
    wasm[name](...second);
  }
  pacing.calls++;
}

/** Whether the second thread has been paying lately (see `split`). */
const pacing = { calls: 0, splits: 0, worked: 0, waited: 0, resumeAt: 0, adaptive: true };

/** Work (multiply-adds, or parameters) below which one thread does it all: the hand-over costs about 20 µs. */
const splitAbove = { gemm: 200_000, update: 50_000 };

/** Scratch space of the wasm backend, grown on demand and kept. */
class Scratch {
  #doubles: Float64Array = new Float64Array(0);
  #ints: Int32Array = new Int32Array(0);
  constructor(readonly heap: WasmHeap) {}
  doubles(n: number): Float64Array {
    if (this.#doubles.length < n) this.#doubles = this.heap.array(Math.max(n, 2 * this.#doubles.length));
    return this.#doubles;
  }
  ints(n: number): Int32Array {
    if (this.#ints.length < n) this.#ints = this.heap.int32s(Math.max(n, 2 * this.#ints.length));
    return this.#ints;
  }
}

function makeWasmKernels(heap: WasmHeap): MatrixKernels {
  const wasm = heap.exports;
  const scratch = new Scratch(heap);
  const owned = (...arrays: Float64Array[]) => arrays.every((a) => heap.owns(a));
  // c += a·b, skipping the zeros of a row by row when sparse; large products
  // in two halves of rows (a multiple of 4), one per thread.
  const gemm = (a: number, b: number, c: number, m: number, k: number, n: number, sparse: boolean) => {
    const half = (m >> 3) << 2;
    const twoHalves = half > 0 && m * k * n >= splitAbove.gemm;
    const [a2, c2] = [a + half * k * 8, c + half * n * 8];
    if (sparse) {
      const lists = scratch.ints(m * (k + 1)).byteOffset;
      const lists2 = lists + half * (k + 1) * 4;
      if (twoHalves) {
        split(heap, "rowLists", [half, k, a, lists], [m - half, k, a2, lists2]);
        split(heap, "gemmSparse", [half, k, n, a, b, c, lists], [m - half, k, n, a2, b, c2, lists2]);
      } else {
        wasm.rowLists(m, k, a, lists);
        wasm.gemmSparse(m, k, n, a, b, c, lists);
      }
    } else if (twoHalves) {
      split(heap, "gemm", [half, k, n, a, b, c], [m - half, k, n, a2, b, c2]);
    } else {
      wasm.gemm(m, k, n, a, b, c);
    }
  };
  return {
    name: "wasm",
    array: (n) => arrayIn(heap, n),
    matmul(a, b, c, m, k, n, sparse = false) {
      if (!owned(a, b, c)) return typescriptKernels.matmul(a, b, c, m, k, n);
      gemm(a.byteOffset, b.byteOffset, c.byteOffset, m, k, n, sparse);
    },
    matmulTransA(a, b, c, m, k, n, sparse = false) {
      if (!owned(a, b, c)) return typescriptKernels.matmulTransA(a, b, c, m, k, n);
      const aT = scratch.doubles(m * k);
      wasm.transpose(m, k, a.byteOffset, aT.byteOffset);
      gemm(aT.byteOffset, b.byteOffset, c.byteOffset, k, m, n, sparse);
    },
    matmulTransB(a, b, c, m, n, k) {
      if (!owned(a, b, c)) return typescriptKernels.matmulTransB(a, b, c, m, n, k);
      const bT = scratch.doubles(k * n);
      wasm.transpose(k, n, b.byteOffset, bT.byteOffset);
      gemm(a.byteOffset, bT.byteOffset, c.byteOffset, m, n, k, false);
    },
    owns: (a) => heap.owns(a),
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
  };
}

/** The WebAssembly backend, or `undefined` where WebAssembly SIMD with shared memory is not available. */
export const wasmKernels: MatrixKernels | undefined = heap && makeWasmKernels(heap);

/** The backend used by default: WebAssembly where it loads, else the plain loops. */
export const defaultKernels: MatrixKernels = wasmKernels ?? typescriptKernels;

/**
 * A zeroed Float64Array where the fast optimizer updates can work on it (the
 * WebAssembly memory when it loaded, else an ordinary array). Optimizers
 * allocate their state with it.
 */
export function kernelArray(n: number): Float64Array {
  return heap ? arrayIn(heap, n) : new Float64Array(n);
}

/** A zeroed array in `heap`, or an ordinary one when the memory cannot grow enough (4 GiB at most): then slower, not wrong. */
function arrayIn(heap: WasmHeap, n: number): Float64Array {
  try {
    return heap.array(n);
  } catch (e) {
    if (e instanceof RangeError) return new Float64Array(n);
    throw e;
  }
}

/**
 * The optimizers' element-wise updates in WebAssembly SIMD. Each returns
 * `false`, doing nothing, unless the parameters and the state live in the
 * WebAssembly memory (the gradient may live anywhere: it is copied in); the
 * caller then runs its readable loop. Each performs the readable loop's exact
 * operations in the same order, so the results are the same bits.
 */
export interface UpdateKernels {
  /** W ← W − η·g */
  sgd(w: Float64Array, g: Float64Array, lr: number): boolean;
  /** v ← αv − η·g; W ← W + v */
  momentum(w: Float64Array, g: Float64Array, v: Float64Array, lr: number, alpha: number): boolean;
  /** W ← W + α²v − (1 + α)·η·g; v ← αv − η·g (α² = α·α and (1 + α)·η precomputed as in the loop) */
  nesterov(w: Float64Array, g: Float64Array, v: Float64Array, lr: number, alpha: number): boolean;
  /** h ← h + g⊙g; W ← W − η·g/(√(h + ε_in) + ε_out) */
  adagrad(w: Float64Array, g: Float64Array, h: Float64Array, lr: number, epsIn: number, epsOut: number): boolean;
  /** h ← ρh + (1 − ρ)·g⊙g; W ← W − η·g/(√h + ε) */
  rmsprop(w: Float64Array, g: Float64Array, h: Float64Array, lr: number, rho: number, eps: number): boolean;
  /** m ← m + (1 − β₁)(g − m); v ← v + (1 − β₂)(g⊙g − v); W ← W − ηₜ·m/(√v + ε) */
  adam(
    w: Float64Array,
    g: Float64Array,
    m: Float64Array,
    v: Float64Array,
    lrT: number,
    beta1: number,
    beta2: number,
    eps: number,
  ): boolean;
}

function makeUpdateKernels(heap: WasmHeap): UpdateKernels {
  const wasm = heap.exports;
  const scratch = new Scratch(heap);
  // The byte offset of g in the memory, copying it into scratch space when it lives elsewhere.
  const inMemory = (g: Float64Array) => {
    if (heap.owns(g)) return g.byteOffset;
    const copy = scratch.doubles(g.length);
    copy.set(g);
    return copy.byteOffset;
  };
  const ready = (w: Float64Array, ...state: Float64Array[]) =>
    heap.owns(w) && state.every((s) => heap.owns(s) && s.length === w.length);
  // One update over n parameters: its arrays' byte offsets, then its numbers;
  // large ones in two halves (an even split), one per thread.
  const run = (name: string, n: number, arrays: number[], numbers: number[]) => {
    if (n < splitAbove.update) {
      (wasm as unknown as Record<string, (...args: number[]) => void>)[name](n, ...arrays, ...numbers);
      return true;
    }
    const half = (n >> 2) << 1;
    split(heap, name, [half, ...arrays, ...numbers], [n - half, ...arrays.map((at) => at + half * 8), ...numbers]);
    return true;
  };
  return {
    sgd: (w, g, lr) => ready(w) && run("sgd", w.length, [w.byteOffset, inMemory(g)], [lr]),
    momentum: (w, g, v, lr, alpha) =>
      ready(w, v) && run("momentum", w.length, [w.byteOffset, inMemory(g), v.byteOffset], [lr, alpha]),
    nesterov: (w, g, v, lr, alpha) =>
      ready(w, v) &&
      run("nesterov", w.length, [w.byteOffset, inMemory(g), v.byteOffset], [
        lr,
        alpha,
        alpha * alpha,
        (1 + alpha) * lr,
      ]),
    adagrad: (w, g, h, lr, epsIn, epsOut) =>
      ready(w, h) && run("adagrad", w.length, [w.byteOffset, inMemory(g), h.byteOffset], [lr, epsIn, epsOut]),
    rmsprop: (w, g, h, lr, rho, eps) =>
      ready(w, h) && run("rmsprop", w.length, [w.byteOffset, inMemory(g), h.byteOffset], [lr, rho, 1 - rho, eps]),
    adam: (w, g, m, v, lrT, beta1, beta2, eps) =>
      ready(w, m, v) &&
      run("adam", w.length, [w.byteOffset, inMemory(g), m.byteOffset, v.byteOffset], [
        lrT,
        1 - beta1,
        1 - beta2,
        eps,
      ]),
  };
}

/** The fast optimizer updates, or `undefined` where WebAssembly did not load. */
export const updateKernels: UpdateKernels | undefined = heap && makeUpdateKernels(heap);

/**
 * For bench/ only: the memory-bandwidth floor of an update. Reads `g` and adds
 * it into each of `into` (1 to 3 arrays from {@linkcode kernelArray}, of even
 * length), moving the bytes an update moves with none of its arithmetic.
 */
export function streamFloor(g: Float64Array, ...into: Float64Array[]): void {
  const arrays = [g, ...into];
  if (!heap || into.length < 1 || into.length > 3 || !arrays.every((a) => heap.owns(a) && a.length === g.length)) {
    throw new Error("Cannot run streamFloor as its 2 to 4 arrays must come from kernelArray() with one length");
  }
  const [a, b, c] = into.map((x) => x.byteOffset);
  heap.exports.stream(g.length, g.byteOffset, a, b ?? 0, c ?? 0);
}
