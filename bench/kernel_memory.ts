// Peak resident memory of one student's kernel per notebook: the course's
// relay (Python) plus Deno's kernel behind it, sampled every 50 ms from /proc
// while `jupyter nbconvert --execute` runs the notebook in a fresh "Deno
// (course)" kernel. A class hub is sized by these numbers (bench/README.md).
//
//   deno task bench:memory [NOTEBOOK ...]   # deno run --allow-all: Deno asks for it to read /proc
//
// With no NOTEBOOK, every notebooks/*.ipynb. Needs JUPYTER (scripts/setup.sh:
// ensure_jupyter, ensure_kernel); Linux only (/proc).

const jupyter = Deno.env.get("JUPYTER") ?? "jupyter";
const kernel = Deno.env.get("LR_COURSE_KERNEL") ?? "deno";
const every = 50; // ms between samples

/** One process's resident memory now and its own peak (VmHWM), in kB; undefined once it is gone. */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | undefined> {
  try {
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** Every process's parent, from /proc. */
async function parents(): Promise<Map<number, { parent: number; command: string }>> {
  const found = new Map<number, { parent: number; command: string }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`)).replaceAll("\0", " ");
      found.set(Number(entry.name), { parent, command });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** The relay and Deno's kernel among the descendants of `root`. */
async function kernelProcesses(root: number): Promise<{ relay?: number; deno?: number }> {
  const all = await parents();
  const below = (pid: number): boolean => {
    for (let p = all.get(pid)?.parent; p !== undefined && p > 1; p = all.get(p)?.parent) if (p === root) return true;
    return false;
  };
  const mine = [...all].filter(([pid]) => below(pid));
  return {
    relay: mine.find(([, p]) => p.command.includes("lr_course_jupyter.relay"))?.[0],
    deno: mine.find(([, p]) => / jupyter /.test(p.command) && /deno/.test(p.command.split(" ")[0]))?.[0],
  };
}

interface Peak {
  notebook: string;
  seconds: number;
  deno: number; // kB, Deno's VmHWM
  relay: number; // kB, the relay's VmHWM
  sum: number; // kB, the largest sampled sum of the two
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
  let pids: { relay?: number; deno?: number } = {};
  let done = false;
  const status = child.status.then((s) => {
    done = true;
    return s;
  });
  while (!done) {
    if (pids.deno === undefined || pids.relay === undefined) pids = await kernelProcesses(child.pid);
    const [relay, deno] = await Promise.all([
      pids.relay ? memoryOf(pids.relay) : undefined,
      pids.deno ? memoryOf(pids.deno) : undefined,
    ]);
    peak.relay = Math.max(peak.relay, relay?.hwm ?? 0);
    peak.deno = Math.max(peak.deno, deno?.hwm ?? 0);
    peak.sum = Math.max(peak.sum, (relay?.rss ?? 0) + (deno?.rss ?? 0));
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
const mb = (kb: number) => (kb / 1024).toFixed(0);
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
