// Peak resident memory of one student's kernel per notebook: the course's
// relay (Python) plus Deno's kernel behind it, sampled every 50 ms from /proc
// while `jupyter nbconvert --execute` runs the notebook in a fresh "Deno
// (course)" kernel. A class hub is sized by these numbers (bench/README.md).
//
//   deno task bench:memory [NOTEBOOK ...]   # deno run --allow-all: Deno asks for it to read /proc
//
// With no NOTEBOOK, every notebooks/*.ipynb. Needs JUPYTER (scripts/setup.sh:
// ensure_jupyter, ensure_kernel); Linux only (/proc).

import { memoryOf } from "../tests/_processes.ts";

const jupyter = Deno.env.get("JUPYTER") ?? "jupyter";
const kernel = Deno.env.get("LR_COURSE_KERNEL") ?? "deno";
const every = 50; // ms between samples

interface Peak {
  notebook: string;
  seconds: number;
  deno: number; // bytes, Deno's VmHWM
  relay: number; // bytes, the relay's VmHWM
  sum: number; // bytes, the largest sampled sum of the two
  ok: boolean;
}

async function measure(notebook: string): Promise<Peak> {
  const out = await Deno.makeTempDir({ prefix: "kernel_memory_" });
  const start = performance.now();
  const child = new Deno.Command(jupyter, {
    args: [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      `--ExecutePreprocessor.kernel_name=${kernel}`,
      "--ExecutePreprocessor.timeout=1200",
      "--output-dir",
      out,
      notebook,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text(); // read as it comes: a full pipe would stall the run
  const peak = { deno: 0, relay: 0, sum: 0 };
  let done = false;
  const status = child.status.then((s) => {
    done = true;
    return s;
  });
  while (!done) {
    const processes = memoryOf({ root: child.pid });
    const relay = processes.find((p) => p.role === "relay");
    const deno = processes.find((p) => p.role === "kernel");
    peak.relay = Math.max(peak.relay, relay?.peak ?? 0);
    peak.deno = Math.max(peak.deno, deno?.peak ?? 0);
    peak.sum = Math.max(peak.sum, (relay?.resident ?? 0) + (deno?.resident ?? 0));
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  const { success } = await status;
  if (!success) console.error(`${notebook} failed:\n${(await stderr).slice(-2000)}`);
  await Deno.remove(out, { recursive: true });
  return { notebook, seconds: (performance.now() - start) / 1000, ...peak, ok: success };
}

const notebooks = Deno.args.length > 0 ? Deno.args : [...Deno.readDirSync("notebooks")]
  .map((e) => `notebooks/${e.name}`)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
console.log(`Measured ${new Date().toISOString().slice(0, 16)}Z, kernel "${kernel}", sampled every ${every} ms.`);
console.log(`Load average (1, 5, 15 min) at the start: ${Deno.loadavg().map((l) => l.toFixed(2)).join(", ")}.\n`);
console.log("| notebook | seconds | Deno peak (MB) | relay peak (MB) | relay + Deno, peak sample (MB) |");
console.log("| --- | ---: | ---: | ---: | ---: |");
let failed = false;
for (const notebook of notebooks) {
  const p = await measure(notebook);
  failed ||= !p.ok;
  const name = notebook.split("/").at(-1)!;
  console.log(
    `| ${name}${p.ok ? "" : " (failed)"} | ${p.seconds.toFixed(0)} | ${mb(p.deno)} | ${mb(p.relay)} | ${mb(p.sum)} |`,
  );
}
console.log(`\nLoad average at the end: ${Deno.loadavg().map((l) => l.toFixed(2)).join(", ")}.`);
if (failed) Deno.exit(1);
