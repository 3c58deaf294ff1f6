// The fast backend's second thread: it runs the other half of a large kernel
// call on the same shared memory while the calling thread runs the first half
// (lib/nn/_kernels.ts, class Helper). Started with node:worker_threads, whose
// workers can be unref'd, so that a script that used it still exits.
import { workerData } from "node:worker_threads";
import { kernelsWasmBase64 } from "./_wasm/kernels_wasm.ts";

const { memory, control, names } = workerData as { memory: WebAssembly.Memory; control: number; names: string[] };
const bytes = Uint8Array.from(atob(kernelsWasmBase64), (c) => c.charCodeAt(0));
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
const exports = instance.exports as Record<string, (...args: number[]) => void>;
const kernels = names.map((name) => exports[name]);
// The control block: [posted job, finished job, kernel index, argument count, ready, failed], then the arguments.
const ctl = new Int32Array(memory.buffer, control, 8);
const args = new Float64Array(memory.buffer, control + 32, 12);

Atomics.store(ctl, 4, 1);
Atomics.notify(ctl, 4);
let seen = 0;
for (;;) {
  // Kernel calls come in bursts (a training step makes about 25): spin a little before sleeping, as
  // waking a sleeping thread costs 10–50 µs, more than many of the calls.
  for (let spin = 0; spin < 20_000 && Atomics.load(ctl, 0) === seen; spin++);
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  try {
    kernels[ctl[2]](...args.subarray(0, ctl[3]));
  } catch {
    Atomics.store(ctl, 5, 1);
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
