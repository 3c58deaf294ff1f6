// The class's hub under test: `./scripts/hub` started as root with its own state, ports and Unix users (a prefix of
// its own, removed at the end), and simulated students who log in through the hub's real login form, hold their
// cookies like a browser, and run notebooks through their server's Jupyter API with @jupyterlab/services, as
// JupyterLab does.
import { KernelManager, ServerConnection, SessionManager } from "@jupyterlab/services";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import { freePort } from "./_lab.ts";
import { root } from "./_notebook.ts";
import { commandLine, pidsOf } from "./_processes.ts";

/** Where `./scripts/hub` installs for the whole machine. */
export const courseHome = "/opt/lr-course";
/** The Unix user names of every test run start with this; a run's own prefix adds three letters. */
export const userPrefix = "lrht";
/** Where each run keeps its hub's state; a crashed run's folder is cleaned by the next. */
export const statePrefix = "/tmp/lr_hub_test_";

/** Runs a command, returning its exit code and output. */
export async function run(
  cmd: string,
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd, {
    args,
    env: options.env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** The uid of a Unix user, or undefined. */
export function uidOf(name: string): number | undefined {
  for (const line of Deno.readTextFileSync("/etc/passwd").split("\n")) {
    const [user, , uid] = line.split(":");
    if (user === name) return Number(uid);
  }
  return undefined;
}

function kill(pid: number, signal: Deno.Signal = "SIGKILL") {
  try {
    Deno.kill(pid, signal);
  } catch { /* gone */ }
}

/** Removes a Unix user the tests made, after ending its processes (by their ids). */
export async function removeUser(name: string): Promise<void> {
  const uid = uidOf(name);
  if (uid === undefined) return;
  for (const pid of pidsOf({ uid })) kill(pid);
  await new Promise((r) => setTimeout(r, 200));
  const out = await run("userdel", ["--remove", name]);
  if (out.code !== 0 && uidOf(name) !== undefined) throw new Error(`userdel ${name} failed: ${out.stderr}`);
}

/** Whether the run whose state folder is `dir` still has its hub or its proxy running. */
function alive(dir: string): boolean {
  for (const file of ["state/jupyterhub.pid", "state/proxy.pid"]) {
    try {
      const pid = Number(Deno.readTextFileSync(`${dir}/${file}`).trim());
      if (/jupyterhub|configurable-http-proxy/.test(commandLine(pid))) return true;
    } catch { /* none */ }
  }
  return false;
}

/** Ends what an earlier run of these tests (or of the benchmark) left behind: its proxy, its users, its state
 * folder. A run whose hub or proxy is still running is left alone, so a test and a benchmark can run side by side. */
export async function cleanStale(): Promise<void> {
  const live = new Set<string>();
  for (const entry of Deno.readDirSync("/tmp")) {
    const dir = `/tmp/${entry.name}`;
    if (!dir.startsWith(statePrefix)) continue;
    if (alive(dir)) {
      live.add(dir.slice(statePrefix.length));
      continue;
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  for (const line of Deno.readTextFileSync("/etc/passwd").split("\n")) {
    const name = line.split(":")[0];
    if (name.startsWith(userPrefix) && !live.has(name.slice(0, userPrefix.length + 3))) await removeUser(name);
  }
}

/** Options of {@linkcode Hub.start}. */
export interface HubOptions {
  /** Seconds of idleness before the culler stops a server. @default {3600} */
  idleTimeout?: number;
  /** Seconds between the culler's looks. @default {300} */
  cullEvery?: number;
}

/** A hub started by `./scripts/hub` for a test, with its own state folder, ports and users. */
export class Hub {
  readonly prefix: string;
  readonly dir: string;
  readonly port = freePort();
  readonly hubPort = freePort();
  readonly proxyApiPort = freePort();
  readonly token = crypto.randomUUID().replaceAll("-", "");
  readonly teacher: string;
  #process?: Deno.ChildProcess;
  #log: string[] = [];

  constructor() {
    const letters = "abcdefghijklmnopqrstuvwxyz";
    this.prefix = userPrefix + Array.from({ length: 3 }, () => letters[Math.floor(Math.random() * 26)]).join("");
    this.dir = `${statePrefix}${this.prefix}`;
    this.teacher = `${this.prefix}teacher`;
    Deno.mkdirSync(this.dir, { recursive: true });
    // Students read the course's repository through it.
    Deno.chmodSync(this.dir, 0o755);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment `./scripts/hub` runs with. */
  env(options: HubOptions = {}): Record<string, string> {
    return {
      COURSE_HUB_STATE: `${this.dir}/state`,
      COURSE_HUB_REPO_DIR: `${this.dir}/course.git`,
      COURSE_HUB_IP: "127.0.0.1",
      COURSE_HUB_PORT: String(this.port),
      COURSE_HUB_HUB_PORT: String(this.hubPort),
      COURSE_HUB_PROXY_API_PORT: String(this.proxyApiPort),
      COURSE_HUB_API_TOKEN: this.token,
      COURSE_HUB_TEACHER: this.teacher,
      COURSE_HUB_IDLE_TIMEOUT: String(options.idleTimeout ?? 3600),
      COURSE_HUB_CULL_EVERY: String(options.cullEvery ?? 300),
    };
  }

  /** Runs `./scripts/hub ARGS` to its end (install, add-students, update-notebooks). */
  script(args: string[], options: HubOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(`${root}scripts/hub`, args, { env: this.env(options) });
  }

  /** Starts `./scripts/hub --port N` (the argument goes to jupyterhub) and waits until the hub answers. */
  async start(options: HubOptions = {}): Promise<void> {
    // The port comes from the argument alone: without it the hub would listen on the config's default, 8000.
    const { COURSE_HUB_PORT: _, ...env } = this.env(options);
    this.#process = new Deno.Command(`${root}scripts/hub`, {
      args: ["--port", String(this.port)],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    for (const stream of [this.#process.stdout, this.#process.stderr]) {
      (async () => {
        for await (const chunk of stream.pipeThrough(new TextDecoderStream())) this.#log.push(chunk);
      })();
    }
    const deadline = Date.now() + 120_000;
    while (true) {
      try {
        const response = await fetch(`${this.url}/hub/api/`);
        await response.body?.cancel();
        if (response.ok) return;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`the hub did not answer in 120 s:\n${this.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Stops the hub (SIGTERM, as a teacher's Ctrl+C); the proxy and the students' servers keep running. */
  async stop(): Promise<void> {
    if (!this.#process) return;
    kill(this.#process.pid, "SIGTERM");
    await this.#process.status;
    this.#process = undefined;
  }

  /** The hub's own processes: jupyterhub, the proxy, the culler. */
  ownPids(): number[] {
    const pids: number[] = [];
    if (this.#process) pids.push(this.#process.pid);
    try {
      pids.push(Number(Deno.readTextFileSync(`${this.dir}/state/proxy.pid`).trim()));
    } catch { /* not started */ }
    for (const pid of pidsOf({ uid: 0 })) {
      if (
        commandLine(pid).includes("jupyterhub_idle_culler") &&
        Deno.readTextFileSync(`/proc/${pid}/environ`).includes(this.token)
      ) {
        pids.push(pid);
      }
    }
    return pids;
  }

  /** What the hub printed. */
  log(): string {
    return this.#log.join("");
  }

  /** A request to the hub's REST API with the admin token. */
  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}/hub/api${path}`, {
      method,
      headers: { Authorization: `token ${this.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Stops every server, the hub and its proxy, and removes the run's users and state. */
  async cleanUp(users: string[]): Promise<void> {
    for (const name of users) await this.api("DELETE", `/users/${name}/server`).catch(() => {});
    await this.stop().catch(() => {});
    for (const pid of this.ownPids()) kill(pid);
    for (const name of [...users, this.teacher]) await removeUser(name);
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** A cookie as a browser keeps it: name, value, path. */
interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** A student with a browser's cookie jar, talking to the hub and to their own server. */
export class Student {
  readonly cookies: Cookie[] = [];

  constructor(readonly hubUrl: string, readonly name: string, readonly password: string) {}

  #cookieHeader(path: string): string {
    return this.cookies.filter((c) => path.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join("; ");
  }

  #xsrf(path: string): string | undefined {
    // The most specific _xsrf cookie for the path (the hub's, or the server's).
    return this.cookies.filter((c) => c.name === "_xsrf" && path.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)[0]?.value;
  }

  #keep(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1).replace(/^"|"$/g, "");
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=.*1970/i.test(a));
      const i = this.cookies.findIndex((c) => c.name === name && c.path === path);
      if (i >= 0) this.cookies.splice(i, 1);
      if (!expired) this.cookies.push({ name, value, path });
    }
  }

  /** A request with this student's cookies (and the _xsrf header a page's script adds), following redirects. */
  async fetch(url: string, init: RequestInit = {}, follow = true): Promise<Response> {
    let target = new URL(url, this.hubUrl);
    let request = init;
    for (let hop = 0; hop < 10; hop++) {
      const headers = new Headers(request.headers);
      const cookie = this.#cookieHeader(target.pathname);
      if (cookie) headers.set("Cookie", cookie);
      const xsrf = this.#xsrf(target.pathname);
      if (xsrf && !headers.has("X-XSRFToken")) headers.set("X-XSRFToken", xsrf);
      const response = await fetch(target, { ...request, headers, redirect: "manual" });
      this.#keep(response);
      const location = response.headers.get("location");
      if (!follow || response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      target = new URL(location, target);
      request = {};
    }
    throw new Error(`too many redirects for ${this.name} from ${url}`);
  }

  /** Logs in through the hub's login form (with its _xsrf field); returns the response to the POST. */
  async login(password = this.password): Promise<Response> {
    const page = await (await this.fetch("/hub/login")).text();
    const xsrf = page.match(/name="_xsrf"\s+value="([^"]+)"/)?.[1];
    if (!xsrf) throw new Error(`the login page has no _xsrf field:\n${page.slice(0, 500)}`);
    const body = new URLSearchParams({ _xsrf: xsrf, username: this.name, password });
    return await this.fetch("/hub/login", { method: "POST", body }, false);
  }

  /** Starts this student's server as the hub's home page button does, then opens it (OAuth, as a browser). */
  async startServer(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const started = await this.fetch(`/hub/api/users/${this.name}/server`, { method: "POST" });
      await started.body?.cancel();
      if (started.status === 201 || started.status === 202 || started.status === 400) break;
      // Past the hub's concurrent_spawn_limit it answers 429 with Retry-After; its spawn page has a student retry.
      if (started.status !== 429 || Date.now() > deadline) {
        throw new Error(`starting ${this.name}'s server answered ${started.status}`);
      }
      await new Promise((r) => setTimeout(r, 1000 * Number(started.headers.get("retry-after") ?? 5)));
    }
    while (true) {
      const response = await this.fetch(`/hub/api/users/${this.name}`);
      const user = await response.json();
      if (user.servers?.[""]?.ready) break;
      if (Date.now() > deadline) throw new Error(`${this.name}'s server did not start: ${JSON.stringify(user)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // The server's OAuth handshake with the hub gives the cookie for /user/NAME/.
    const lab = await this.fetch(`/user/${this.name}/lab`);
    await lab.body?.cancel();
    if (lab.status !== 200) throw new Error(`${this.name}'s JupyterLab answered ${lab.status}`);
  }

  /** The @jupyterlab/services settings for this student's server, with this student's cookies. */
  settings(user = this.name): ServerConnection.ISettings {
    const cookieFor = (path: string) => this.#cookieHeader(path);
    const base = `${this.hubUrl}/user/${user}/`;
    class CookieWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        const cookie = cookieFor(new URL(url).pathname);
        // Deno's WebSocket takes headers as a browser sends its cookies.
        super(url, { protocols, headers: { Cookie: cookie } } as unknown as string[]);
      }
    }
    return ServerConnection.makeSettings({
      baseUrl: base,
      wsUrl: base.replace(/^http/, "ws"),
      appendToken: false,
      token: "",
      fetch: (input: RequestInfo, init?: RequestInit) => {
        const request = new Request(input, init);
        return this.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ? request.clone().body : undefined,
        });
      },
      WebSocket: CookieWebSocket as unknown as typeof WebSocket,
    });
  }
}

/** One output of a cell, as a list of its kind: `stream:stdout`, `display_data:text/html,text/plain`, `error:E`. */
export function outputKind(output: { output_type: string; name?: string; data?: object; ename?: string }): string {
  if (output.output_type === "stream") return `stream:${output.name}`;
  if (output.output_type === "error") return `error:${output.ename}`;
  return `${output.output_type}:${Object.keys(output.data ?? {}).sort().join(",")}`;
}

/** The kinds of a cell's outputs, consecutive stream pieces of one name counted once (frontends join them). */
export function outputKinds(
  outputs: { output_type: string; name?: string; data?: object; ename?: string }[],
): string[] {
  const kinds: string[] = [];
  for (const output of outputs) {
    const kind = outputKind(output);
    if (kind.startsWith("stream:") && kinds.at(-1) === kind) continue;
    kinds.push(kind);
  }
  return kinds;
}

/** What running one cell gave. */
export interface CellRun {
  index: number;
  /** When the request was sent (performance.now()). */
  startedAt: number;
  /** From the request to the reply and idle, in ms. */
  latencyMs: number;
  /** From the request to the first output, in ms (undefined without output). */
  firstOutputMs?: number;
  outputs: KernelMessage.IIOPubMessage["content"][];
  kinds: string[];
  /** Outputs that arrived after the cell's idle. */
  late: number;
}

const outputTypes = new Set(["stream", "display_data", "execute_result", "error"]);

/** Opens a notebook of this student's as JupyterLab does (a session with the notebook's kernel) and runs every code
 * cell in order through the kernel's websocket, collecting each cell's outputs by its request's id. */
export async function runNotebook(
  student: Student,
  path: string,
  options: { keepKernel?: boolean; sources?: string[] } = {},
): Promise<{ cells: CellRun[]; kernel: Kernel.IKernelConnection; sessionId: string; dispose: () => Promise<void> }> {
  const settings = student.settings();
  const kernels = new KernelManager({ serverSettings: settings });
  const sessions = new SessionManager({ serverSettings: settings, kernelManager: kernels });
  const sources = options.sources ?? await codeCellsOf(student, path);
  const session = await sessions.startNew({
    path,
    type: "notebook",
    name: path.split("/").at(-1)!,
    kernel: { name: "deno" },
  });
  const kernel = session.kernel!;
  const byParent = new Map<string, { outputs: CellRun["outputs"]; idle: boolean; late: number; first?: number }>();
  kernel.iopubMessage.connect((_, msg) => {
    const entry = byParent.get((msg.parent_header as KernelMessage.IHeader).msg_id);
    if (!entry) return;
    if (outputTypes.has(msg.header.msg_type)) {
      entry.outputs.push({ output_type: msg.header.msg_type, ...msg.content } as never);
      entry.first ??= performance.now();
      if (entry.idle) entry.late++;
    }
  });
  const cells: CellRun[] = [];
  for (const [index, code] of sources.entries()) {
    const started = performance.now();
    const future = kernel.requestExecute({ code, stop_on_error: true });
    const entry = { outputs: [] as CellRun["outputs"], idle: false, late: 0, first: undefined as number | undefined };
    byParent.set(future.msg.header.msg_id, entry);
    await future.done;
    entry.idle = true;
    cells.push({
      index,
      startedAt: started,
      latencyMs: performance.now() - started,
      firstOutputMs: entry.first === undefined ? undefined : entry.first - started,
      outputs: entry.outputs,
      kinds: [],
      late: 0,
    });
  }
  // Late outputs, if any, would come now: JupyterLab keeps listening after idle.
  await new Promise((r) => setTimeout(r, 500));
  for (const [i, [, entry]] of [...byParent].entries()) {
    cells[i].kinds = outputKinds(entry.outputs as never);
    cells[i].late = entry.late;
  }
  const dispose = async () => {
    await session.shutdown().catch(() => {});
    sessions.dispose();
    kernels.dispose();
  };
  if (!options.keepKernel) await dispose();
  return { cells, kernel, sessionId: session.id, dispose };
}

/** The code cells of a notebook in the student's home, read through their server's contents API. */
export async function codeCellsOf(student: Student, path: string): Promise<string[]> {
  const response = await student.fetch(`/user/${student.name}/api/contents/${path}?content=1`);
  if (!response.ok) throw new Error(`reading ${path} as ${student.name} answered ${response.status}`);
  const model = await response.json();
  return (model.content.cells as { cell_type: string; source: string }[])
    .filter((c) => c.cell_type === "code").map((c) => c.source);
}

/** The output kinds of every code cell of the notebooks, from `jupyter nbconvert --execute` in the hub's own
 * environment (its kernelspec alone: an empty JUPYTER_DATA_DIR hides the user's). */
export async function referenceKinds(notebooks: string[]): Promise<Map<string, string[][]>> {
  const out = await Deno.makeTempDir({ prefix: "hub_reference_" });
  const data = await Deno.makeTempDir({ prefix: "hub_reference_data_" });
  try {
    const result = await run(`${courseHome}/venv/bin/jupyter`, [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.timeout=300",
      `--output-dir=${out}`,
      ...notebooks.map((n) => `${root}notebooks/${n}`),
    ], {
      // Root's own Deno cache (scripts/test fills it): the students' shared one stays as installed.
      env: { JUPYTER_DATA_DIR: data, PATH: `${courseHome}/venv/bin:${Deno.env.get("PATH")}` },
    });
    if (result.code !== 0) throw new Error(`nbconvert failed:\n${result.stderr.slice(-3000)}`);
    const kinds = new Map<string, string[][]>();
    for (const name of notebooks) {
      const nb = JSON.parse(await Deno.readTextFile(`${out}/${name}`));
      kinds.set(
        name,
        nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")
          .map((c: { outputs: never[] }) => outputKinds(c.outputs)),
      );
    }
    return kinds;
  } finally {
    await Deno.remove(out, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
