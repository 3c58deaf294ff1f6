// Headless Chromium (Debian's package) driven over the DevTools protocol with
// Deno's own WebSocket: no npm package, and no browser download.

/** What the page printed as errors: console.error, uncaught exceptions, failed loads. */
export interface PageErrors {
  messages: string[];
}

type Pending = { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void };

/** A headless Chromium with one page open. */
export class Browser {
  #process: Deno.ChildProcess;
  #socket: WebSocket;
  #session = "";
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];
  #profile: string;
  /** Errors seen on the page since the last navigation. */
  readonly errors: string[] = [];

  private constructor(process: Deno.ChildProcess, socket: WebSocket, profile: string) {
    this.#process = process;
    this.#socket = socket;
    this.#profile = profile;
    socket.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.id !== undefined) {
        const pending = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) pending?.reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else pending?.resolve(msg.result);
      } else {
        for (const listener of this.#listeners) listener(msg.method, msg.params);
      }
    };
  }

  /** Starts Chromium with the flags this machine needs and opens a blank page. */
  static async launch(width = 1200, height = 900): Promise<Browser> {
    const binary = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
    const profile = await Deno.makeTempDir({ prefix: "chromium_profile_" });
    const process = new Deno.Command(binary, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-unsafe-swiftshader", // WebGL (the 3-D surface) in software
        `--user-data-dir=${profile}`,
        "--remote-debugging-port=0",
        `--window-size=${width},${height}`,
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const endpoint = await readEndpoint(process.stderr);
    const socket = new WebSocket(endpoint);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`cannot connect to Chromium at ${endpoint}`));
    });
    const browser = new Browser(process, socket, profile);
    const { targetId } = await browser.#send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await browser.#send("Target.attachToTarget", { targetId, flatten: true });
    browser.#session = sessionId as string;
    browser.#listeners.push((method, params) => browser.#collectError(method, params));
    await browser.send("Page.enable");
    await browser.send("Runtime.enable");
    await browser.send("Log.enable");
    await browser.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    return browser;
  }

  #collectError(method: string, params: Record<string, unknown>) {
    if (method === "Runtime.exceptionThrown") {
      const details = params.exceptionDetails as { text: string; exception?: { description?: string } };
      this.errors.push(`exception: ${details.exception?.description ?? details.text}`);
    } else if (method === "Runtime.consoleAPICalled" && params.type === "error") {
      const args = params.args as { value?: unknown; description?: string }[];
      this.errors.push(`console.error: ${args.map((a) => a.value ?? a.description).join(" ")}`);
    } else if (method === "Log.entryAdded") {
      const entry = params.entry as { level: string; text: string; url?: string };
      if (entry.level === "error") this.errors.push(`log: ${entry.text} ${entry.url ?? ""}`.trim());
    }
  }

  #send(method: string, params: Record<string, unknown> = {}, session?: string): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const message = { id, method, params, ...(session ? { sessionId: session } : {}) };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify(message));
    });
  }

  /** Sends a DevTools command to the page. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.#send(method, params, this.#session);
  }

  /** Opens `url` and waits for its load event. */
  async open(url: string, timeoutMs = 60_000): Promise<void> {
    this.errors.length = 0;
    const loaded = new Promise<void>((resolve) => {
      const listener = (method: string) => {
        if (method === "Page.loadEventFired") {
          this.#listeners.splice(this.#listeners.indexOf(listener), 1);
          resolve();
        }
      };
      this.#listeners.push(listener);
    });
    await this.send("Page.navigate", { url });
    await withTimeout(loaded, timeoutMs, `loading ${url}`);
  }

  /** Evaluates `expression` in the page (awaiting a promise) and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (result.exceptionDetails) {
      const details = result.exceptionDetails as { text: string; exception?: { description?: string } };
      throw new Error(`page threw: ${details.exception?.description ?? details.text}`);
    }
    return (result.result as { value: T }).value;
  }

  /** Polls `expression` until it is truthy; returns its value. */
  async waitFor<T>(expression: string, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const value = await this.evaluate<T>(expression);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Saves a PNG of the whole page. */
  async screenshot(path: string): Promise<void> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    const bytes = Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0));
    await Deno.writeFile(path, bytes);
  }

  /** Saves a PNG of the `index`-th element matching `selector`. */
  async screenshotElement(selector: string, index: number, path: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number; width: number; height: number }>(
      `(() => { const r = document.querySelectorAll(${JSON.stringify(selector)})[${index}].getBoundingClientRect();
        return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })()`,
    );
    const { data } = await this.send("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      clip: { ...box, scale: 1 },
    });
    await Deno.writeFile(path, Uint8Array.from(atob(data as string), (c) => c.charCodeAt(0)));
  }

  /** Closes Chromium and removes its profile. */
  async close(): Promise<void> {
    try {
      this.#socket.close();
    } catch { /* already closed */ }
    try {
      this.#process.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#process.status;
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}

async function readEndpoint(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
    if (match) {
      // Keep draining stderr so Chromium never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* discard */ }
      })();
      return match[1];
    }
  }
  throw new Error(`Chromium did not report a DevTools endpoint; it printed:\n${seen}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
    }),
  ]);
}

/** Page-side expression: how many figures of lib/plot/display.ts Plotly has drawn on the page. */
export const drawnFigures =
  `Array.from(document.querySelectorAll(".lrc-figure")).filter((el) => el.querySelector(".main-svg")).length`;

/** Page-side expression: the page has exactly `count` figures and Plotly has drawn them all. */
export function allDrawn(count: number): string {
  return `(document.querySelectorAll(".lrc-figure").length === ${count} && ${drawnFigures} === ${count})`;
}

/**
 * Inspects every figure of lib/plot/display.ts on the page: whether Plotly drew
 * it, and how many contour lines, markers, 3-D scenes and slider steps it has.
 */
export const figureReport = `(() => Array.from(document.querySelectorAll(".lrc-figure")).map((el) => ({
  id: el.id,
  drawn: !!el.querySelector(".main-svg"),
  title: el.querySelector(".gtitle")?.textContent ?? "",
  contourLines: el.querySelectorAll(".contourlevel path").length,
  points: el.querySelectorAll(".scatterlayer .point").length,
  lines: el.querySelectorAll(".scatterlayer .js-line").length,
  gl: el.querySelectorAll(".gl-container canvas, .gl-canvas").length,
  sliderSteps: el.querySelectorAll(".slider-container .slider-tick-rect").length,
  buttons: el.querySelectorAll(".updatemenu-button").length,
  message: el.querySelector(".plotly-notifier, .js-plotly-plot .gl-error")?.textContent ?? (el.querySelector(".main-svg") ? "" : el.textContent.slice(0, 200)),
})))()`;

/** One entry of {@linkcode figureReport}. */
export interface FigureState {
  id: string;
  drawn: boolean;
  title: string;
  contourLines: number;
  points: number;
  lines: number;
  gl: number;
  sliderSteps: number;
  buttons: number;
  message: string;
}
