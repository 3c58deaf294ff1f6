// The class's hub, for real: `./scripts/hub` as root, JupyterHub with its proxy, PAM logins through the login form,
// one JupyterLab per student as that student's Unix user, the Deno kernel behind the course's relay. Users of this
// test are named lrht<3 letters>…, created by the hub and removed at the end, even on failure; whatever an earlier
// run left is removed first. HUB_TEST_STUDENTS sets the class size (default 20; fewer while developing).
import assert from "node:assert/strict";
import { launch } from "./_browser.ts";
import {
  cleanStale,
  codeCellsOf,
  courseHome,
  Hub,
  percentile,
  referenceKinds,
  run,
  runNotebook,
  Student,
  uidOf,
} from "./_hub.ts";
import { root, stripColors } from "./_notebook.ts";
import { commandLine, memoryOf, pidsOf, sharedTotal } from "./_processes.ts";

const classSize = Number(Deno.env.get("HUB_TEST_STUDENTS") ?? 20);
const notebooks = ["00_start_here.ipynb", "01_learning_rate.ipynb"];
const folder = "lr-course";
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const isRoot = Deno.uid() === 0;

/** A listing of every file under `dir`: path, size, mode, mtime; equal listings mean nothing changed. */
function listing(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const lines: string[] = [];
  const walk = (path: string) => {
    if (skip(path)) return;
    const info = Deno.lstatSync(path);
    lines.push(`${path} ${info.size} ${info.mode?.toString(8)} ${info.mtime?.getTime()}`);
    if (info.isDirectory) { for (const entry of Deno.readDirSync(path)) walk(`${path}/${entry.name}`); }
  };
  walk(dir);
  return lines.sort();
}

/** Polls `check` until it returns a value other than undefined. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

Deno.test({
  name: "A class on one hub: logins, notebooks, isolation, restarts, updates and bad input, for real",
  ignore: !isRoot,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  await cleanStale();
  const hub = new Hub();
  const names = Array.from({ length: classSize }, (_, i) => `${hub.prefix}s${String(i + 1).padStart(2, "0")}`);
  const students: Student[] = [];
  const phase = (what: string, since: number) =>
    console.log(`[hub] ${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);
  try {
    await t.step("./scripts/hub installs once: a second run changes nothing under /opt/lr-course", async () => {
      const first = await hub.script(["install"]);
      assert.equal(first.code, 0, first.stderr);
      const state = `${hub.dir}/state`;
      const before = listing(courseHome);
      const second = await hub.script(["install"]);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(second.stderr.split("\n").filter((l) => /installing|creating|making|published/.test(l)), []);
      assert.deepEqual(listing(courseHome), before);
      // The state is root's alone; the course's repository is readable by all.
      assert.equal(Deno.statSync(state).mode! & 0o777, 0o700);
      assert.equal(Deno.statSync(`${state}/proxy_auth_token`).mode! & 0o777, 0o600);
      assert.equal(Deno.statSync(`${hub.dir}/course.git`).mode! & 0o777, 0o755);
    });

    const started = Date.now();
    await hub.start();
    phase("hub started", started);
    // The teacher's Unix account was created by the hub; a teacher sets its password with passwd.
    assert.ok(uidOf(hub.teacher), `the hub did not create the teacher's account ${hub.teacher}`);

    await t.step("hub security: ports, files and the admin token", async () => {
      const state = `${hub.dir}/state`;
      assert.equal(Deno.statSync(`${state}/jupyterhub_cookie_secret`).mode! & 0o777, 0o600);
      // Only the public port may listen beyond loopback, and here even it is on 127.0.0.1 (COURSE_HUB_IP).
      const ss = await run("ss", ["-Hltn"]);
      for (const port of [hub.port, hub.hubPort, hub.proxyApiPort]) {
        const lines = ss.stdout.split("\n").filter((l) => l.includes(`:${port} `));
        assert.ok(lines.length > 0, `nothing listens on ${port}`);
        for (const line of lines) assert.match(line, new RegExp(`127\\.0\\.0\\.1:${port} `), line);
      }
      const users = await hub.api<{ name: string; admin: boolean }[]>("GET", "/users");
      assert.equal(users.status, 200);
      assert.deepEqual(users.body.map((u) => [u.name, u.admin]), [[hub.teacher, true]]);
      const wrongToken = await fetch(`${hub.url}/hub/api/users`, { headers: { Authorization: "token nope" } });
      await wrongToken.body?.cancel();
      assert.equal(wrongToken.status, 403);
    });

    await t.step("add-students: bad input names the name, and nothing is created", async () => {
      const bad = `${hub.dir}/bad_names.txt`;
      const existing = `${hub.prefix}unix`;
      await run("useradd", [existing]);
      const cases: [string, RegExp][] = [
        [`${names[0]}\nNot A Name\n`, /line 2: 'Not A Name' is not a valid user name/],
        [`${names[0]}\n${names[1]}\n${names[0]}\n`, new RegExp(`line 3: '${names[0]}' is a duplicate of line 1`)],
        [`${names[0]}\n${existing}\n`, new RegExp(`'${existing}' is already a Unix user`)],
        [`${names[0]}\n-x\n${"a".repeat(33)}\n`, /line 2: '-x' is not a valid[\s\S]*line 3: 'a{33}' is not a valid/],
        [`${hub.teacher}\n`, new RegExp(`'${hub.teacher}' is already a student of the hub`)],
        ["# nobody\n\n", /lists no names/],
      ];
      for (const [text, message] of cases) {
        await Deno.writeTextFile(bad, text);
        const out = await hub.script(["add-students", bad]);
        assert.equal(out.code, 1, out.stdout + out.stderr);
        assert.match(out.stderr, message);
        assert.equal(uidOf(names[0]), undefined, `${names[0]} was created for ${JSON.stringify(text)}`);
        await assert.rejects(Deno.stat(`${bad}.passwords`));
      }
      // A failure after the hub created the users (here chpasswd, replaced by one that fails): all undone.
      const fake = `${hub.dir}/fake_bin`;
      await Deno.mkdir(fake, { recursive: true });
      await Deno.writeTextFile(`${fake}/chpasswd`, "#!/bin/sh\necho 'chpasswd: simulated failure' >&2\nexit 1\n");
      await Deno.chmod(`${fake}/chpasswd`, 0o755);
      await Deno.writeTextFile(bad, `${names[0]}\n${names[1]}\n`);
      const halfway = await run(`${root}scripts/hub`, ["add-students", bad], {
        env: { ...hub.env(), PATH: `${fake}:${Deno.env.get("PATH")}` },
      });
      assert.equal(halfway.code, 1, halfway.stdout + halfway.stderr);
      assert.match(halfway.stderr, /nothing was kept: chpasswd: simulated failure/);
      for (const name of names.slice(0, 2)) assert.equal(uidOf(name), undefined, `${name} was left behind`);
      await assert.rejects(Deno.stat(`${bad}.passwords`));
      const users = await hub.api<{ name: string }[]>("GET", "/users");
      assert.deepEqual(users.body.map((u) => u.name), [hub.teacher]);
      const noToken = await run(`${root}scripts/hub`, ["add-students", bad], {
        env: { ...hub.env(), COURSE_HUB_API_TOKEN: "" },
      });
      assert.match(noToken.stderr, /COURSE_HUB_API_TOKEN is not set/);
      await run("userdel", [existing]);
    });

    await t.step(`add-students: a class of ${classSize} from a list of names, passwords in a 0600 file`, async () => {
      const list = `${hub.dir}/names.txt`;
      await Deno.writeTextFile(list, `# the class\n${names.join("\n")}\n`);
      const out = await hub.script(["add-students", list]);
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout, new RegExp(`added ${classSize} students`));
      assert.equal(Deno.statSync(`${list}.passwords`).mode! & 0o777, 0o600);
      const passwords = new Map(
        (await Deno.readTextFile(`${list}.passwords`)).split("\n").filter((l) => l && !l.startsWith("#"))
          .map((l) => l.split(":") as [string, string]),
      );
      for (const name of names) {
        const uid = uidOf(name);
        assert.ok(uid, `no Unix user ${name}`);
        assert.equal(Deno.statSync(`/home/${name}`).mode! & 0o777, 0o700, `/home/${name} is not 0700`);
        students.push(new Student(hub.url, name, passwords.get(name)!));
      }
      // The same list again: every name is a duplicate now, and nothing changes.
      const again = await hub.script(["add-students", list, "--passwords", `${hub.dir}/again.passwords`]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, new RegExp(`'${names[0]}' is already a student of the hub`));
    });

    await t.step("login: a wrong password and an unknown student are refused by the login form", async () => {
      for (const [name, password] of [[names[0], "wrong password"], [`${hub.prefix}nobody`, "x"]]) {
        const student = new Student(hub.url, name, password);
        const response = await student.login();
        const page = await response.text();
        assert.equal(response.status, 403, `${name}: ${response.status}`);
        assert.match(page, /Invalid username or password/);
        assert.ok(!student.cookies.some((c) => c.name === "jupyterhub-hub-login"), `${name} got a login cookie`);
      }
      assert.equal(uidOf(`${hub.prefix}nobody`), undefined);
    });

    const reference = await referenceKinds(notebooks);
    const figures = (kinds: string[][]) =>
      kinds.flat().filter((k) => k.includes("application/vnd.plotly.v1+json")).length;

    await t.step(
      `a class of ${classSize}: each logs in, starts a server, runs notebooks 0 and 1, all at once`,
      async () => {
        const since = Date.now();
        const peaks = new Map<string, number>();
        let hubPeak = 0;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            for (const student of students) {
              const total = sharedTotal({ uid: uidOf(student.name)! });
              peaks.set(student.name, Math.max(peaks.get(student.name) ?? 0, total));
            }
            hubPeak = Math.max(hubPeak, sharedTotal({ pids: hub.ownPids() }));
            await new Promise((r) => setTimeout(r, 1000));
          }
        })();
        const coldStarts: number[] = [];
        const results = await Promise.all(students.map(async (student) => {
          const t0 = performance.now();
          const login = await student.login();
          await login.body?.cancel();
          assert.equal(login.status, 302, `${student.name} could not log in`);
          await student.startServer();
          const runs = [];
          for (const notebook of notebooks) {
            runs.push(await runNotebook(student, `${folder}/notebooks/${notebook}`));
            // Cold start: from the login to the first cell's first output.
            if (runs.length === 1) coldStarts.push(runs[0].cells[0].startedAt + runs[0].cells[0].firstOutputMs! - t0);
          }
          return runs;
        }));
        sampling = false;
        await sampler;
        const latencies: number[] = [];
        let outputs = 0, figuresSeen = 0, late = 0;
        for (const [s, runs] of results.entries()) {
          for (const [n, { cells }] of runs.entries()) {
            const expected = reference.get(notebooks[n])!;
            assert.deepEqual(cells.map((c) => c.kinds), expected, `${students[s].name}, ${notebooks[n]}`);
            figuresSeen += figures(cells.map((c) => c.kinds));
            for (const cell of cells) {
              latencies.push(cell.latencyMs);
              outputs += cell.kinds.length;
              late += cell.late;
            }
          }
        }
        assert.equal(late, 0, "outputs arrived after their cell's idle");
        assert.equal(figuresSeen, classSize * notebooks.reduce((n, nb) => n + figures(reference.get(nb)!), 0));
        const peak = [...peaks.values()];
        console.log(
          `[hub] ${classSize} students: ${outputs} outputs in their cells (${figuresSeen} figures), none late; ` +
            `cell latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${
              percentile(latencies, 95).toFixed(0)
            } ms; ` +
            `cold start (login → first output) p50 ${(percentile(coldStarts, 50) / 1000).toFixed(1)} s, ` +
            `max ${
              (Math.max(...coldStarts) / 1000).toFixed(1)
            } s; peak memory per student (PSS of server + relay + Deno) ` +
            `median ${mb(percentile(peak, 50))} MB, max ${mb(Math.max(...peak))} MB; the hub itself (hub + proxy + ` +
            `culler) ${mb(hubPeak)} MB; ${((Date.now() - since) / 1000).toFixed(0)} s in all`,
        );
        // Where a student's memory goes, after notebook 1 (its kernel shut down: the server and whatever else remains).
        const breakdown = memoryOf({ uid: uidOf(students[0].name)! }, { proportional: true }).map((p) =>
          `${p.command.split(" ").slice(0, 3).join(" ").slice(-60)}: ${mb(p.proportional)} MB`
        );
        console.log(`[hub] ${students[0].name}'s processes now: ${breakdown.join("; ")}`);
        // Each got the course, but not the teacher's guide with the answers.
        for (const student of students) {
          assert.ok(Deno.statSync(`/home/${student.name}/${folder}/deno.json`).isFile);
          await assert.rejects(Deno.stat(`/home/${student.name}/${folder}/notebooks/README.md`));
        }
        // Nothing of a student's was written into the shared Deno cache.
        const written = await run("find", [
          `${courseHome}/deno-dir`,
          "-newer",
          `${hub.dir}/names.txt`,
          "-print",
          "-quit",
        ]);
        assert.equal(written.stdout, "");
      },
    );

    await t.step("two students in Chromium through the hub: login form, Run All, figures drawn", async () => {
      const browser = await launch();
      try {
        await Deno.mkdir(`${root}build/screenshots`, { recursive: true });
        // The first student on notebook 0 (where the hub opens), the second on notebook 1.
        for (const [i, student] of students.slice(0, 2).entries()) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const page = await context.newPage();
          await page.goto(
            `${hub.url}/hub/login?next=${
              encodeURIComponent(`/user/${student.name}/lab/tree/${folder}/notebooks/${notebooks[i]}`)
            }`,
          );
          await page.fill("#username_input", student.name);
          await page.fill("#password_input", student.password);
          await page.click("#login_submit");
          await page.waitForURL(new RegExp(`/user/${student.name}/lab/tree/${folder}/notebooks/${notebooks[i]}`), {
            timeout: 60_000,
          });
          await page.locator(".jp-Notebook").first().waitFor({ timeout: 60_000 });
          await page.getByText("Deno (course) | Idle").waitFor({ timeout: 60_000 });
          await page.getByRole("menuitem", { name: "Run" }).click();
          await page.getByText("Run All Cells", { exact: true }).click();
          // Run All is done when the last cell has its execution count.
          await page.locator(".jp-Cell.jp-CodeCell").last().locator(".jp-InputPrompt", { hasText: /\[\d+\]/ })
            .waitFor({ timeout: 180_000 });
          // Every figure output, and the playground's figures (drawn by its own script in text/html).
          const expected = figures(reference.get(notebooks[i])!);
          const plots = page.locator(".jp-OutputArea .js-plotly-plot");
          const count = await plots.count();
          assert.ok(count >= expected, `${student.name}: ${count} figures in ${notebooks[i]}, expected ${expected}`);
          // Each figure drawn (its SVG, its traces), looked at in view as a student would scroll to it.
          for (let f = count - 1; f >= 0; f--) {
            await plots.nth(f).scrollIntoViewIfNeeded();
            await plots.nth(f).locator(".main-svg").first().waitFor({ timeout: 30_000 });
            const traces = await plots.nth(f).locator(".scatterlayer .trace, .contourlayer path, .heatmaplayer image")
              .count();
            assert.ok(traces > 0, `${student.name}: figure ${f} of ${notebooks[i]} has no traces`);
          }
          await page.screenshot({ path: `${root}build/screenshots/hub_${i + 1}.png` });
          await context.close();
        }
      } finally {
        await browser.close();
      }
    });

    await t.step("isolation: student A's cookie and token against student B's server, every route", async () => {
      const [a, b] = students;
      // B's kernel, running.
      const bRun = await runNotebook(b, `${folder}/notebooks/00_start_here.ipynb`, {
        keepKernel: true,
        sources: ["1"],
      });
      const tokenResponse = await a.fetch(`/hub/api/users/${a.name}/tokens`, {
        method: "POST",
        body: JSON.stringify({ note: "isolation test" }),
        headers: { "Content-Type": "application/json" },
      });
      assert.equal(tokenResponse.status, 201);
      const aToken = (await tokenResponse.json()).token as string;
      const base = `/user/${b.name}`;
      const kernelId = bRun.kernel.id;
      const routes: [string, string][] = [
        ["GET", `${base}/lab`],
        ["GET", `${base}/tree`],
        ["GET", `${base}/api/status`],
        ["GET", `${base}/api/contents`],
        ["GET", `${base}/api/contents/${folder}/notebooks/00_start_here.ipynb`],
        ["PUT", `${base}/api/contents/${folder}/notebooks/evil.ipynb`],
        ["DELETE", `${base}/api/contents/${folder}/deno.json`],
        ["GET", `${base}/files/${folder}/deno.json`],
        ["GET", `${base}/api/kernels`],
        ["GET", `${base}/api/kernels/${kernelId}`],
        ["POST", `${base}/api/kernels`],
        ["POST", `${base}/api/kernels/${kernelId}/interrupt`],
        ["DELETE", `${base}/api/kernels/${kernelId}`],
        ["GET", `${base}/api/sessions`],
        ["POST", `${base}/api/sessions`],
        ["GET", `${base}/api/terminals`],
        ["POST", `${base}/api/terminals`],
        ["GET", `${base}/api/kernelspecs`],
        ["GET", `${base}/api/me`],
        ["GET", `${base}/git-pull?repo=file:///etc`],
        ["GET", `/hub/api/users/${b.name}`],
        ["POST", `/hub/api/users/${b.name}/server`],
        ["DELETE", `/hub/api/users/${b.name}/server`],
        ["GET", `/hub/api/users/${b.name}/tokens`],
        ["POST", `/hub/api/users/${b.name}/tokens`],
        ["GET", `/hub/api/users`],
        ["POST", `/hub/api/users/${a.name}x`],
        ["GET", `/hub/admin`],
        ["GET", `/hub/spawn/${b.name}`],
      ];
      const refused = (status: number) => status === 403 || status === 404;
      for (const [method, path] of routes) {
        const withCookie = await a.fetch(path, { method, body: method === "GET" ? undefined : "{}" });
        await withCookie.body?.cancel();
        assert.ok(refused(withCookie.status), `A's cookie: ${method} ${path} answered ${withCookie.status}`);
        const withToken = await fetch(`${hub.url}${path}`, {
          method,
          headers: { Authorization: `token ${aToken}` },
          body: method === "GET" ? undefined : "{}",
          redirect: "manual",
        });
        await withToken.body?.cancel();
        // A page of the hub sends a visitor without a login cookie to the login page.
        const toLogin = withToken.status === 302 && /\/hub\/login/.test(withToken.headers.get("location") ?? "");
        assert.ok(
          refused(withToken.status) || toLogin || (withToken.status === 302 && path.startsWith(base)),
          `A's token: ${method} ${path} answered ${withToken.status} ${withToken.headers.get("location")}`,
        );
        if (withToken.status === 302 && !toLogin) {
          // The server sends an unknown visitor to the hub's OAuth; with A's token the hub refuses B's server.
          const location = withToken.headers.get("location")!;
          const authorize = await fetch(new URL(location, hub.url), {
            headers: { Authorization: `token ${aToken}` },
            redirect: "manual",
          });
          await authorize.body?.cancel();
          assert.ok(refused(authorize.status), `A's token, OAuth for ${path}: ${authorize.status}`);
        }
      }
      // B's kernel's websocket with A's cookies: refused before it opens.
      const cookie = a.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      const opened = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(
          `${hub.url.replace("http", "ws")}${base}/api/kernels/${kernelId}/channels`,
          { headers: { Cookie: cookie, Authorization: `token ${aToken}` } } as unknown as string[],
        );
        ws.onopen = () => (ws.close(), resolve(true));
        ws.onerror = () => resolve(false);
      });
      assert.equal(opened, false, "A opened B's kernel's websocket");
      // B's kernel still runs, untouched.
      const still = await b.fetch(`${base}/api/kernels/${kernelId}`);
      assert.equal(still.status, 200);
      await still.body?.cancel();
      // Straight to B's server's port, skipping the proxy: no credentials, no entry.
      const user = (await hub.api<{ servers: Record<string, { url: string }> }>("GET", `/users/${b.name}`)).body;
      const port = commandLineListen(b.name);
      const direct = await fetch(`http://127.0.0.1:${port}${user.servers[""].url}api/contents`, {
        headers: { Cookie: cookie },
        redirect: "manual",
      });
      await direct.body?.cancel();
      assert.ok(direct.status === 403 || direct.status === 302, `B's port, direct: ${direct.status}`);
      // The file system: A's kernel runs as A, and B's home is 0700.
      const probe = await runNotebook(a, `${folder}/notebooks/00_start_here.ipynb`, {
        sources: [
          `Deno.readTextFileSync("/home/${b.name}/${folder}/deno.json")`,
          `Deno.readTextFileSync("${hub.dir}/state/jupyterhub_cookie_secret")`,
          `Deno.writeTextFileSync("${courseHome}/deno-dir/evil", "x")`,
          `Deno.writeTextFileSync("${courseHome}/venv/bin/evil", "x")`,
          `Deno.readTextFileSync("${hub.dir}/state/proxy_auth_token")`,
        ],
      });
      for (const cell of probe.cells) {
        assert.deepEqual(cell.kinds, ["error:PermissionDenied"], `cell ${cell.index}: ${JSON.stringify(cell.outputs)}`);
      }
      for (const student of students) {
        const info = Deno.statSync(`/home/${student.name}`);
        assert.equal(info.uid, uidOf(student.name));
        assert.equal(info.mode! & 0o777, 0o700);
      }
      await bRun.dispose();
    });

    await t.step("restarts: the hub restarted while students work; their servers and kernels live on", async () => {
      const [a] = students;
      const work = await runNotebook(a, `${folder}/notebooks/00_start_here.ipynb`, {
        keepKernel: true,
        sources: ["const before = 41 + 1; before"],
      });
      const serverPids = new Map(students.map((s) => [s.name, pidsOf({ uid: uidOf(s.name)! })]));
      await hub.stop();
      // While the hub is down, the proxy keeps serving the students' open servers.
      const during = work.kernel.requestExecute({ code: "before + 1" });
      await during.done;
      const since = Date.now();
      await hub.start();
      phase("hub restarted", since);
      assert.doesNotMatch(
        hub.log(),
        /\[setup\] (installing|creating|making|published)/,
        "the second run changed something",
      );
      for (const student of students) {
        for (const pid of serverPids.get(student.name)!) {
          assert.ok(commandLine(pid) !== "", `${student.name}'s process ${pid} ended with the hub's restart`);
        }
      }
      const user = await hub.api<{ servers: Record<string, { ready: boolean }> }>("GET", `/users/${a.name}`);
      assert.equal(user.body.servers[""]?.ready, true);
      // The same kernel, reconnected: its variables are still there.
      const again = await runNotebook(a, `${folder}/notebooks/00_start_here.ipynb`, {
        keepKernel: true,
        sources: ["before"],
      });
      assert.equal(again.kernel.id, work.kernel.id, "a new kernel was started");
      assert.equal(
        stripColors((again.cells[0].outputs[0] as { data: Record<string, string> }).data["text/plain"]),
        "42",
      );
      await again.dispose();
      await work.dispose().catch(() => {});
    });

    await t.step("updates: the teacher changes notebook 0 and adds one; an edit of notebook 1 is kept", async () => {
      const [a, b] = students;
      const nb1 = `${folder}/notebooks/01_learning_rate.ipynb`;
      const model = await (await a.fetch(`/user/${a.name}/api/contents/${nb1}?content=1`)).json();
      const firstCode = model.content.cells.find((c: { cell_type: string }) => c.cell_type === "code");
      firstCode.source = `// my note: A was here\n${firstCode.source}`;
      const saved = await a.fetch(`/user/${a.name}/api/contents/${nb1}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "notebook", format: "json", content: model.content }),
      });
      assert.equal(saved.status, 200, await saved.text());
      // The teacher's clone: a copy of the course, changed.
      const teacher = `${hub.dir}/teacher`;
      await Deno.mkdir(teacher, { recursive: true });
      for (const path of ["notebooks", "lib", "deno.json", "deno.lock", ".gitignore"]) {
        assert.equal((await run("cp", ["-R", `${root}${path}`, teacher])).code, 0);
      }
      const nb0Path = `${teacher}/notebooks/00_start_here.ipynb`;
      const nb0 = JSON.parse(await Deno.readTextFile(nb0Path));
      nb0.cells.push({ cell_type: "markdown", id: "teacher-update", metadata: {}, source: ["Teacher's update."] });
      await Deno.writeTextFile(nb0Path, JSON.stringify(nb0, null, 1) + "\n");
      const added = {
        ...nb0,
        cells: [{ cell_type: "code", id: "new", metadata: {}, source: ["1 + 1"], outputs: [], execution_count: null }],
      };
      await Deno.writeTextFile(`${teacher}/notebooks/08_extra.ipynb`, JSON.stringify(added, null, 1) + "\n");
      const published = await hub.script(["update-notebooks", teacher]);
      assert.equal(published.code, 0, published.stderr);
      assert.match(published.stderr, /published the course/);
      const unchanged = await hub.script(["update-notebooks", teacher]);
      assert.match(unchanged.stderr, /already up to date/);
      // A gets it at the next start of their server.
      assert.equal((await hub.api("DELETE", `/users/${a.name}/server`)).status, 204);
      await until("A's server to stop", 60_000, async () => {
        const user = await hub.api<{ servers: Record<string, unknown> }>("GET", `/users/${a.name}`);
        return Object.keys(user.body.servers).length === 0 ? true : undefined;
      });
      await a.startServer();
      const cells1 = await codeCellsOf(a, nb1);
      assert.match(cells1[0], /my note: A was here/);
      const nb0Now =
        await (await a.fetch(`/user/${a.name}/api/contents/${folder}/notebooks/00_start_here.ipynb?content=1`))
          .json();
      assert.equal(nb0Now.content.cells.at(-1).source, "Teacher's update.");
      assert.deepEqual(await codeCellsOf(a, `${folder}/notebooks/08_extra.ipynb`), ["1 + 1"]);
      // B takes it through nbgitpuller's link, without a restart.
      const repo = encodeURIComponent(`file://${hub.dir}/course.git`);
      const pull = await b.fetch(`/user/${b.name}/git-pull/api?repo=${repo}&branch=main&targetpath=${folder}`);
      const events = await pull.text();
      assert.match(events, /"phase": "finished"/, events.slice(-500));
      assert.deepEqual(await codeCellsOf(b, `${folder}/notebooks/08_extra.ipynb`), ["1 + 1"]);
    });

    await t.step("the culler stops an idle server; the student's notebooks are intact on the next start", async () => {
      const [a] = students;
      await hub.stop();
      await hub.start({ idleTimeout: 20, cullEvery: 5 });
      const since = Date.now();
      await until("the culler to stop A's server", 150_000, async () => {
        const user = await hub.api<{ servers: Record<string, unknown> }>("GET", `/users/${a.name}`);
        return Object.keys(user.body.servers).length === 0 ? true : undefined;
      });
      phase("culled", since);
      assert.match(hub.log(), new RegExp(`Culling server ${a.name}`));
      await a.startServer();
      assert.match((await codeCellsOf(a, `${folder}/notebooks/01_learning_rate.ipynb`))[0], /my note: A was here/);
    });
  } finally {
    await hub.cleanUp(names);
  }
});

/** The port the server of `name` listens on (its jupyterhub-singleuser's --port, or the hub's record). */
function commandLineListen(name: string): number {
  for (const pid of pidsOf({ uid: uidOf(name)! })) {
    const environ = (() => {
      try {
        return Deno.readTextFileSync(`/proc/${pid}/environ`);
      } catch {
        return "";
      }
    })();
    const url = environ.split("\0").find((v) => v.startsWith("JUPYTERHUB_SERVICE_URL="));
    if (url) return Number(new URL(url.split("=")[1]).port);
  }
  throw new Error(`no server of ${name} found`);
}
