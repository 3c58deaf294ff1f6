// How many students one machine serves: a real hub (`./scripts/hub`, as root), classes of growing size, each student
// logging in through the login form and running notebooks 0 and 1 through their server's websocket, all at once.
//
//   deno run -A bench/hub_class.ts [SIZES…]       default: 10 20 30
//
// For each class size: cold start (login → the first cell's first output), memory per student after notebook 1 (PSS
// of the student's processes: JupyterLab's server, the relay, the Deno kernel), and the latency of a short cell while
// the whole class runs notebook 1 again at once (a short cell: one that takes under 100 ms when one student runs the
// notebook again while the others are idle).
// Then one student runs notebook 6 (the course's heaviest), for the memory after it. Not a test: it prints a table.
import { cleanStale, codeCellsOf, Hub, percentile, runNotebook, Student, uidOf } from "../tests/_hub.ts";
import { memoryOf, sharedTotal } from "../tests/_processes.ts";

const sizes = Deno.args.length ? Deno.args.map(Number) : [10, 20, 30];
const folder = "lr-course/notebooks";
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** A student's memory by process kind: the server, the relay, Deno. */
function studentMemory(name: string): { server: number; relay: number; deno: number; total: number } {
  const parts = { server: 0, relay: 0, deno: 0, total: 0 };
  for (const p of memoryOf({ uid: uidOf(name)! }, { proportional: true })) {
    parts[p.role === "relay" ? "relay" : p.role === "kernel" ? "deno" : "server"] += p.proportional;
    parts.total += p.proportional;
  }
  return parts;
}

interface Row {
  size: number;
  coldP50: number;
  coldMax: number;
  memory: ReturnType<typeof studentMemory>;
  shortP50: number;
  shortP95: number;
  allP95: number;
  hub: number;
  lost: number;
}

async function measure(size: number): Promise<Row> {
  await cleanStale();
  const hub = new Hub();
  const names = Array.from({ length: size }, (_, i) => `${hub.prefix}s${String(i + 1).padStart(2, "0")}`);
  try {
    await hub.start();
    await Deno.writeTextFile(`${hub.dir}/names.txt`, names.join("\n") + "\n");
    const added = await hub.script(["add-students", `${hub.dir}/names.txt`]);
    if (added.code !== 0) throw new Error(added.stderr);
    const passwords = new Map(
      (await Deno.readTextFile(`${hub.dir}/names.txt.passwords`)).split("\n").filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split(":") as [string, string]),
    );
    const students = names.map((n) => new Student(hub.url, n, passwords.get(n)!));
    const cold: number[] = [];
    let lost = 0;
    // The class arrives: login, server, notebooks 0 and 1, all at once; kernels stay up.
    const kernels = await Promise.all(students.map(async (student) => {
      const t0 = performance.now();
      await (await student.login()).body?.cancel();
      await student.startServer(600_000);
      const first = await runNotebook(student, `${folder}/00_start_here.ipynb`);
      cold.push(first.cells[0].startedAt + (first.cells[0].firstOutputMs ?? NaN) - t0);
      return await runNotebook(student, `${folder}/01_learning_rate.ipynb`, { keepKernel: true });
    }));
    const memories = names.map(studentMemory);
    const median = (key: keyof ReturnType<typeof studentMemory>) => percentile(memories.map((m) => m[key]), 50);
    // Which cells are short: under 100 ms when the first student runs notebook 1 again while the others are idle.
    const sources = await codeCellsOf(students[0], `${folder}/01_learning_rate.ipynb`);
    const solo = await runNotebook(students[0], `${folder}/01_learning_rate.ipynb`, { sources });
    const short = new Set(solo.cells.filter((c) => c.latencyMs < 100).map((c) => c.index));
    // The whole class runs notebook 1 again, in the same kernels, at once.
    const again = await Promise.all(
      students.map((student) => runNotebook(student, `${folder}/01_learning_rate.ipynb`, { sources })),
    );
    const shortLatencies = again.flatMap((r) => r.cells.filter((c) => short.has(c.index)).map((c) => c.latencyMs));
    const all = again.flatMap((r) => r.cells.map((c) => c.latencyMs));
    for (const r of [...kernels, ...again]) lost += r.cells.reduce((n, c) => n + c.late, 0);
    for (const k of kernels) await k.dispose();
    return {
      size,
      coldP50: percentile(cold, 50),
      coldMax: Math.max(...cold),
      memory: { server: median("server"), relay: median("relay"), deno: median("deno"), total: median("total") },
      shortP50: percentile(shortLatencies, 50),
      shortP95: percentile(shortLatencies, 95),
      allP95: percentile(all, 95),
      hub: sharedTotal({ pids: hub.ownPids() }),
      lost,
    };
  } finally {
    await hub.cleanUp(names);
  }
}

/** One student alone through notebook 6: the memory after the course's heaviest notebook. */
async function notebookFive(): Promise<ReturnType<typeof studentMemory>> {
  await cleanStale();
  const hub = new Hub();
  const name = `${hub.prefix}s01`;
  try {
    await hub.start();
    await Deno.writeTextFile(`${hub.dir}/names.txt`, name + "\n");
    await hub.script(["add-students", `${hub.dir}/names.txt`]);
    const password = (await Deno.readTextFile(`${hub.dir}/names.txt.passwords`)).split("\n")[1].split(":")[1];
    const student = new Student(hub.url, name, password);
    await (await student.login()).body?.cancel();
    await student.startServer();
    const run = await runNotebook(student, `${folder}/06_comparing_optimizers.ipynb`, { keepKernel: true });
    const errors = run.cells.flatMap((c) =>
      c.kinds.filter((k) => k.startsWith("error:")).map((k) => `cell ${c.index} ${k}`)
    );
    if (errors.length) throw new Error(`notebook 6 failed in the hub: ${errors.join(", ")}`);
    const memory = studentMemory(name);
    await run.dispose();
    return memory;
  } finally {
    await hub.cleanUp([name]);
  }
}

if (Deno.uid() !== 0) {
  throw new Error("Cannot run bench/hub_class.ts as a user other than root: the hub's students are Unix users");
}
const rows: Row[] = [];
for (const size of sizes) {
  console.error(`[bench] a class of ${size}…`);
  rows.push(await measure(size));
  console.error(`[bench] ${JSON.stringify(rows.at(-1))}`);
}
console.error("[bench] one student through notebook 6…");
const five = await notebookFive();
const cores = navigator.hardwareConcurrency;
const memoryGiB = (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(0);
console.log(
  `\nA class on one hub (${cores} cores, ${memoryGiB} GiB, Deno ${Deno.version.deno}), notebooks 0 and 1 for everyone at once\n`,
);
console.log(
  "| students | cold start p50 / max | memory per student after notebook 1 (server + relay + Deno) | short cell p50 / p95, whole class running notebook 1 | any cell p95 | hub + proxy | outputs late |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.size} | ${(r.coldP50 / 1000).toFixed(1)} s / ${(r.coldMax / 1000).toFixed(1)} s | ${
      mb(r.memory.total)
    } MB ` +
      `(${mb(r.memory.server)} + ${mb(r.memory.relay)} + ${mb(r.memory.deno)}) | ${r.shortP50.toFixed(0)} ms / ` +
      `${r.shortP95.toFixed(0)} ms | ${(r.allP95 / 1000).toFixed(1)} s | ${mb(r.hub)} MB | ${r.lost} |`,
  );
}
const fits = rows.filter((r) => r.shortP95 < 1000).map((r) => r.size);
console.log(`\nLargest class measured with a short cell's p95 under 1 s: ${fits.length ? Math.max(...fits) : "none"}`);
console.log(
  `Memory per student after notebook 6 (one student): ${mb(five.total)} MB (${mb(five.server)} + ${mb(five.relay)} + ${
    mb(five.deno)
  })`,
);
