// The side-by-side table of bench/README.md, measured in one run on this
// machine: the book's MultiLayerNet in Deno on one thread (the WebAssembly
// kernels, and the plain loops) and every optimizer's readable update,
// against the same work in numpy (bench/multi_layer_net.py, bench/book_update.py).
//
//   deno task bench                 # about 2 minutes
//   deno task bench --numpy-full    # also times the book's whole comparison in numpy (1–2 more minutes)
import {
  loadDigits,
  makeOptimizer,
  MultiLayerNet,
  type OptimizerName,
  optimizerNames,
  SGD,
  train,
} from "../lib/mod.ts";
import { npmFilePath } from "../lib/npm.ts";
import { seededRandom } from "../lib/random.ts";

const numpyFull = Deno.args.includes("--numpy-full");
const python = Deno.env.get("PYTHON") ?? "python3";

/**
 * Milliseconds per call of `fn`: the fastest of `reps` single calls after 3
 * warm-up calls. Others share this machine; the fastest call is the time the
 * work takes when nothing else runs (multi_layer_net.py times numpy the same
 * way), while a whole run, as in the book's comparison, pays for the sharing.
 */
function best(fn: () => void, reps: number): number {
  for (let i = 0; i < 3; i++) fn();
  let fastest = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

async function runPython(args: string[]): Promise<Record<string, unknown>> {
  const out = await new Deno.Command(python, { args, stdout: "piped", stderr: "inherit" }).output();
  if (!out.success) throw new Error(`Cannot run ${python} ${args.join(" ")}: it exited with code ${out.code}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const fixed = (x: number, digits = 2) => x.toFixed(digits);

const lscpu = await new Deno.Command("lscpu", { stdout: "piped" }).output().catch(() => undefined);
const cpu = new TextDecoder().decode(lscpu?.stdout).match(/Model name:\s*(.*)/)?.[1] ?? "unknown CPU";
console.log(`Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpu} (${navigator.hardwareConcurrency} cores),`);
console.log(`Deno ${Deno.version.deno} (V8 ${Deno.version.v8}); numpy from \`${python}\`.`);
const load = () => Deno.loadavg().map((l) => l.toFixed(2)).join(", ");
console.log(`Load average (1, 5, 15 min) at the start: ${load()}.\n`);

// 1. One training step of the book's network.
const digitsFolder = npmFilePath("benchmark", "mnist").replace(/[^/]+$/, "digits/");
const numpyNet = await runPython(["bench/multi_layer_net.py", digitsFolder, ...(numpyFull ? ["--full"] : [])]);
const data = loadDigits({ train: 9000, test: 1000 });
const x = data.train.images.subarray(0, 128 * 784);
const t = data.train.labels.subarray(0, 128);
function stepMs(backend: "wasm" | "typescript"): number {
  const net = new MultiLayerNet({ backend });
  const sgd = new SGD({ lr: 0.01 });
  const grads = new Float64Array(net.params.length);
  const ms = best(() => {
    net.lossAndGradient(x, t, grads);
    sgd.update(net.params, grads);
  }, backend === "wasm" ? 200 : 10);
  return ms;
}
const numpyStep = numpyNet.stepMs as number;
console.log(
  "One training step of MultiLayerNet 784-100-100-100-100-10 (float64, batch 128: forward, backward, SGD update):\n",
);
console.log(row(["implementation", "ms per step", "× numpy"]));
console.log(row(["---", "---:", "---:"]));
console.log(row([`numpy ${numpyNet.numpy} (OpenBLAS, its default threads)`, fixed(numpyStep), "1.00"]));
for (
  const [label, backend] of [
    ["Deno, WebAssembly SIMD, 1 thread (the default)", "wasm"],
    ["Deno, plain TypeScript loops, 1 thread", "typescript"],
  ] as const
) {
  const ms = stepMs(backend);
  console.log(row([label, fixed(ms), fixed(ms / numpyStep)]));
}

// 2. The book's comparison (ch06/optimizer_compare_mnist.py): 4 optimizers × 2000 updates.
console.log("\nThe book's comparison: SGD, Momentum, AdaGrad, Adam (book defaults) × 2000 updates of batch 128:\n");
const book: [OptimizerName, number][] = [["SGD", 0.01], ["Momentum", 0.01], ["AdaGrad", 0.01], ["Adam", 0.001]];
const start = performance.now();
const runs = book.map(([name, lr]) =>
  train(new MultiLayerNet(), makeOptimizer(name, lr), data, { steps: 2000, batchSize: 128 })
);
const denoFull = (performance.now() - start) / 1000;
const loadAfterFull = load();
console.log(row(["implementation", "seconds", "final batch loss (SGD, Momentum, AdaGrad, Adam)"]));
console.log(row(["---", "---:", "---"]));
console.log(row(["Deno, train() × 4", fixed(denoFull, 1), runs.map((r) => fixed(r.loss.at(-1)!, 3)).join(", ")]));
if (numpyFull) {
  const losses = (numpyNet.finalLoss as number[]).map((l) => fixed(l, 3)).join(", ");
  console.log(row(["numpy, the book's loop", fixed(numpyNet.fullSeconds as number, 1), losses]));
}
console.log(`\nLoad average after the Deno run: ${loadAfterFull}.`);
console.log(
  `Test accuracy after 2000 updates: ${runs.map((r) => `${r.optimizer} ${fixed(r.testAccuracy, 3)}`).join(", ")}.`,
);

// 3. Every optimizer's readable update at n = 1e7 (the only update there is: train() runs it too).
const n = 1e7;
const random = seededRandom(1);
const filled = () => Float64Array.from({ length: n }, () => random() - 0.5);
const [p, g] = [filled(), filled()];
const numpyUpdate = await runPython(["bench/book_update.py", "--json"]) as Record<string, Record<string, number>>;
const perParam = (ms: number) => (ms * 1e6) / n;
console.log("\nOne update at n = 1e7 parameters, ns per parameter:\n");
console.log(row(["optimizer", "Deno (lib/optim/)", "numpy in-place", "numpy book"]));
console.log(row(["---", "---:", "---:", "---:"]));
for (const name of optimizerNames) {
  const readable = makeOptimizer(name, 1e-3);
  const ms = perParam(best(() => readable.update(p, g), 5));
  const np = numpyUpdate[name] ?? {};
  const show = (v: number | undefined) => (v === undefined ? "—" : fixed(v));
  console.log(row([name, fixed(ms), show(np["in-place"]), show(np.book)]));
}
