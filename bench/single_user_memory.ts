// The memory one student needs: a JupyterLab server of the course's environment with the "Deno (course)"
// kernel, driven the way JupyterLab drives it (a session per notebook through the REST API, every code cell
// sent over the kernel's websocket, the next cell sent once the last one's outputs and idle have arrived),
// while the resident memory (VmRSS) of the server's whole process tree is sampled every 50 ms from /proc.
// Kernels stay open, as in JupyterLab when a student opens one notebook after another, so the last
// notebook runs beside the kernels of the earlier ones. The peak of the sum is what a memory limit must
// cover (Zero to JupyterHub: binder/z2jh/config.yaml); summed RSS counts shared libraries once per process,
// so it errs high.
// Run after ./scripts/course has set things up once (it uses the course's environment and kernelspec):
//   deno run -A bench/single_user_memory.ts [notebook …]   (default: 01_learning_rate 06_comparing_optimizers)
import { jupyter, type Notebook, root, text } from "../tests/_notebook.ts";
import { memoryOf } from "../tests/_processes.ts";

const names = Deno.args.length > 0 ? Deno.args : ["01_learning_rate.ipynb", "06_comparing_optimizers.ipynb"];
for (const name of names) {
  try {
    Deno.statSync(`${root}notebooks/${name}`);
  } catch {
    throw new Error(`Cannot measure as 'notebook' must name a file in notebooks/: current value is ${name}`);
  }
}

type Role = "server" | "relay" | "kernel" | "other";
const roles: Role[] = ["server", "relay", "kernel", "other"];
type Sample = Record<Role, number>;
/** Processes counted as "other", by command, for the note under the table. */
const others = new Set<string>();
/** CPU time (user + system) of the tree at the last sample, in seconds. */
let cpuSeconds = 0;

/** The RSS in MiB of every process under `top` (itself included), summed by role; updates `cpuSeconds`. */
function sample(top: number): Sample {
  const mb: Sample = { server: 0, relay: 0, kernel: 0, other: 0 };
  cpuSeconds = 0;
  for (const p of memoryOf({ root: top })) {
    cpuSeconds += p.cpuSeconds;
    const role: Role = p.pid === top ? "server" : p.role;
    mb[role] += p.resident / 2 ** 20;
    if (role === "other") others.add(p.command.slice(0, 100));
  }
  return mb;
}

const total = (s: Sample) => roles.reduce((sum, r) => sum + s[r], 0);

try {
  Deno.statSync(jupyter);
} catch {
  throw new Error(
    `Cannot measure as the course's Jupyter is missing: current value is ${jupyter} (run ./scripts/course once)`,
  );
}

// The server, on a free port, serving the course folder, as ./scripts/course starts it.
const port = (() => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
})();
const token = crypto.randomUUID();
const base = `http://127.0.0.1:${port}`;
const server = new Deno.Command(jupyter, {
  args: [
    "lab",
    "--no-browser",
    `--port=${port}`,
    "--ip=127.0.0.1",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${root}`,
    ...(Deno.uid() === 0 ? ["--allow-root"] : []),
  ],
  stdout: "null",
  stderr: "null",
}).spawn();
const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };

type Phase = { phase: string; peak: Sample; peakTotal: number; seconds: number; outputs: number; cpu: number };
const phases: (Phase & { peakCores: number })[] = [];
let current = { peak: { server: 0, relay: 0, kernel: 0, other: 0 } as Sample, peakTotal: 0 };
// The busiest second: CPU time over the last 20 samples (≈ 1 s).
let window: { at: number; cpuSeconds: number }[] = [];
let peakCores = 0;
const timer = setInterval(() => {
  const s = sample(server.pid);
  const t = total(s);
  if (t > current.peakTotal) current = { peak: s, peakTotal: t };
  window = [...window.slice(-19), { at: performance.now(), cpuSeconds }];
  const [first, last] = [window[0], window.at(-1)!];
  if (last.at - first.at >= 900) {
    peakCores = Math.max(peakCores, (last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000));
  }
}, 50);

/** Runs `phase` with its own peak; records it as a row of the table. */
async function measure(phase: string, run: () => Promise<number>): Promise<void> {
  current = { peak: sample(server.pid), peakTotal: 0 };
  current.peakTotal = total(current.peak);
  const [started, cpuBefore] = [performance.now(), cpuSeconds];
  peakCores = 0;
  const outputs = await run();
  sample(server.pid);
  const seconds = (performance.now() - started) / 1000;
  phases.push({ phase, ...current, seconds, outputs, cpu: cpuSeconds - cpuBefore, peakCores });
}

/** Every code cell of `name` in a new kernel of that notebook's session; returns the count of outputs. */
async function runNotebook(name: string): Promise<number> {
  const nb: Notebook = JSON.parse(await Deno.readTextFile(`${root}notebooks/${name}`));
  const response = await fetch(`${base}/api/sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ path: `notebooks/${name}`, type: "notebook", name, kernel: { name: "deno" } }),
  });
  if (!response.ok) throw new Error(`Cannot start a kernel for ${name}: ${response.status} ${await response.text()}`);
  const kernel = (await response.json()).kernel.id;
  const session = crypto.randomUUID();
  const ws = new WebSocket(
    `${base.replace("http", "ws")}/api/kernels/${kernel}/channels?session_id=${session}&token=${token}`,
  );
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  type Waiting = { outputs: number; reply: boolean; idle: boolean; done: () => void; fail: (e: Error) => void };
  const waiting = new Map<string, Waiting>();
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    const cell = waiting.get(msg.parent_header?.msg_id);
    if (!cell) return;
    if (msg.channel === "shell" && msg.msg_type === "execute_reply") cell.reply = true;
    if (msg.msg_type === "status" && msg.content.execution_state === "idle") cell.idle = true;
    if (["stream", "display_data", "execute_result"].includes(msg.msg_type)) cell.outputs++;
    if (msg.msg_type === "error") {
      cell.fail(new Error(`${name}: a cell raised ${msg.content.ename}: ${msg.content.evalue}`));
    }
    if (cell.reply && cell.idle) cell.done();
  };
  let outputs = 0;
  for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
    const id = crypto.randomUUID();
    await new Promise<void>((done, fail) => {
      waiting.set(id, { outputs: 0, reply: false, idle: false, done, fail });
      ws.send(JSON.stringify({
        header: { msg_id: id, session, username: "bench", msg_type: "execute_request", version: "5.3", date: "" },
        parent_header: {},
        metadata: {},
        content: { code: text(cell.source), silent: false, store_history: true, allow_stdin: false },
        channel: "shell",
        buffers: [],
      }));
    });
    outputs += waiting.get(id)!.outputs;
  }
  ws.close();
  return outputs;
}

try {
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    up = await fetch(`${base}/api/status`, { headers }).then((r) => (r.body?.cancel(), r.ok), () => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  if (!up) throw new Error(`Cannot measure as JupyterLab did not answer on ${base} within 30 s`);
  await measure("JupyterLab started, /lab loaded", async () => {
    await fetch(`${base}/lab`, { headers }).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 1000));
    return 0;
  });
  for (const name of names) await measure(`${name} run (earlier kernels still open)`, () => runNotebook(name));
} finally {
  clearInterval(timer);
  server.kill("SIGTERM");
  await server.status;
}

const commit = new TextDecoder().decode(
  (await new Deno.Command("git", { args: ["-C", root, "rev-parse", "--short", "HEAD"] }).output()).stdout,
).trim();
console.log(
  `Peak resident memory (VmRSS, MiB) of one student's JupyterLab + relays + Deno kernels, sampled every 50 ms`,
);
console.log(`${new Date().toISOString().slice(0, 10)}, commit ${commit}, ${Deno.build.os} ${Deno.build.arch}\n`);
console.log(
  "| phase | server | relays | kernels | other | total at peak | seconds | CPU seconds | busiest second (cores) | outputs |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const p of phases) {
  const mb = (v: number) => v.toFixed(0);
  console.log(
    `| ${p.phase} | ${mb(p.peak.server)} | ${mb(p.peak.relay)} | ${mb(p.peak.kernel)} | ${mb(p.peak.other)} | ${
      mb(p.peakTotal)
    } | ${p.seconds.toFixed(1)} | ${p.cpu.toFixed(1)} | ${p.peakCores.toFixed(2)} | ${p.outputs} |`,
  );
}
console.log(`\n"other": ${[...others].join("; ") || "none"}`);
