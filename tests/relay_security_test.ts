// The relay (scripts/jupyter/lr_course_jupyter/relay.py) against what another user of a shared machine could do: every
// student's kernel listens on the same machine, and any local process can reach its ports. tests/_relay_attack.py
// does it through jupyter_client and raw ZeroMQ; after each attack, the relay is alive (or gone with its parent), its
// and Deno's open files are back where they were, no file holds the key, and the student's next cell works.
import assert from "node:assert/strict";
import { codeNotebook, jupyter, type Notebook, python, root, stripColors, text } from "./_notebook.ts";

interface Cell {
  outputs: string[];
  status: string | null;
}

interface After {
  relay_alive: boolean;
  open_files: { before: { relay: number; deno: number }; after: { relay: number; deno: number } };
  key_files: string[];
  key_files_after_shutdown: string[];
  next_cell: Cell;
  log: string[];
}

/** Runs one scenario of tests/_relay_attack.py, killed after `seconds`. */
async function attack<T>(scenario: string, seconds = 180): Promise<T & { after: After }> {
  const command = new Deno.Command(python, {
    args: [`${root}tests/_relay_attack.py`, scenario],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(seconds * 1000),
  });
  const out = await command.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(out.code, 0, `${scenario}: ${decode(out.stdout)}\n${decode(out.stderr)}`);
  return JSON.parse(decode(out.stdout));
}

/** What every attack must leave behind. */
function assertUnharmed(after: After, scenario: string): void {
  assert.equal(after.relay_alive, true, `${scenario}: the relay died; its log:\n${after.log.join("\n")}`);
  assert.deepEqual(after.open_files.after, after.open_files.before, `${scenario}: open files (relay, Deno)`);
  assert.deepEqual(after.key_files, [], `${scenario}: files holding the key while the kernel runs`);
  assert.deepEqual(after.key_files_after_shutdown, [], `${scenario}: files holding the key after shutdown`);
  assert.deepEqual(after.next_cell, { outputs: ["execute_result:42", "idle"], status: "ok" }, `${scenario}: next cell`);
}

Deno.test("the relay acts on no unsigned, mis-signed or wrongly keyed message on shell, control or stdin", async () => {
  const seen = await attack<{ sent: number; dropped: string[]; cell: Cell; seconds: number; forged_code_ran: boolean }>(
    "forged",
  );
  assert.equal(seen.forged_code_ran, false, "a forged execute_request ran");
  assert.equal(seen.sent, 9);
  for (const channel of ["shell", "control", "stdin"]) {
    const lines = seen.dropped.filter((line) => line.startsWith(`dropped a ${channel} message`));
    // (Each came on a connection of its own, so they may arrive in any order.)
    assert.deepEqual(
      lines.map((line) => line.replace(/^.*: /, "")).sort(),
      ["a wrong signature", "a wrong signature", "no signature"],
      channel,
    );
  }
  // The forged execute_request did not become the relay's current cell: the student's cell answers at once.
  assert.deepEqual(seen.cell, { outputs: ['execute_result:"still answering"', "idle"], status: "ok" });
  assert.ok(seen.seconds < 5, `the student's cell took ${seen.seconds} s`);
  assertUnharmed(seen.after, "forged");
});

Deno.test("the relay drops malformed frames and replays, each with a reason in its log, and stays up", async () => {
  const seen = await attack<
    { dropped: string[]; runs: Cell; relay_rss_mb: number; raw_720mb: { sent_mb: number; relay_peak_mb: number } }
  >("malformed");
  const whole = seen.dropped.filter((line) => line.includes("in all, over the 8 MiB a message may have"));
  assert.deepEqual(whole.map((line) => line.replace(/^.*: /, "")), [
    "8 frames of 15.0 MiB in all, over the 8 MiB a message may have",
  ]);
  const rest = seen.dropped.filter((line) => !whole.includes(line));
  assert.deepEqual(rest.map((line) => line.replace(/^dropped a shell message from client \w+: /, "")), [
    "a header that is a JSON list, not an object: b'[]'",
    "no signature",
    "a header that is not JSON (UnicodeDecodeError)",
    "a header whose 'msg_type' is not a non-empty string: current value is None",
    "a parent header that is a JSON str, not an object: b'\"x\"'",
    "a header that is not JSON (RecursionError)",
    "2 frames after the delimiter, not the 5 or more of a message",
    "no delimiter frame among its 3 frames",
    "0 frames after the delimiter, not the 5 or more of a message",
    "no delimiter frame among its 1 frames",
    "no signature", // the 7 MiB one; the 100 MB frame closed its connection unread, so it is not in the log
    "the signature of a message already received (a replay)",
  ]);
  assert.deepEqual(seen.runs.outputs, ["execute_result:1", "idle"], "the replayed request ran once");
  assert.ok(seen.relay_rss_mb < 200, `the relay holds ${seen.relay_rss_mb} MB after the 100 MB frame`);
  // One message of 12 frames of 60 MB: the first frame's size closes the connection (it took the relay to 1.4 GB).
  assert.ok(seen.raw_720mb.sent_mb < 100, `the relay read ${seen.raw_720mb.sent_mb} MB of the 720 MB message`);
  assert.ok(seen.raw_720mb.relay_peak_mb < 200, `the relay's peak memory: ${seen.raw_720mb.relay_peak_mb} MB`);
  console.log(`720 MB message: relay peak ${seen.raw_720mb.relay_peak_mb} MB, read ${seen.raw_720mb.sent_mb} MB`);
  assertUnharmed(seen.after, "malformed");
});

Deno.test("1,000 routing ids open nothing in the relay or Deno: open files come back to their baseline", async () => {
  const seen = await attack<{ peak: { relay: number; deno: number }; cell: Cell; seconds: number }>("routing_ids");
  // While 100 are connected, the relay holds their connections (one file each), and Deno sees none of them.
  assert.equal(seen.peak.deno, seen.after.open_files.before.deno, "Deno's open files while attacked");
  assert.deepEqual(seen.cell.outputs, ['execute_result:"after 1,000 routing ids"', "idle"]);
  console.log(
    `open files: relay ${seen.after.open_files.before.relay} → peak ${seen.peak.relay} → ` +
      `${seen.after.open_files.after.relay}; Deno ${seen.after.open_files.before.deno} throughout (${seen.seconds} s)`,
  );
  assertUnharmed(seen.after, "routing_ids");
});

Deno.test("40 clients coming and going and 1,000 connections on every port leave open files at their baseline", async () => {
  const seen = await attack<{ clients_ok: number; peak: { relay: number; deno: number } }>("flood");
  assert.equal(seen.clients_ok, 40);
  assert.equal(seen.peak.deno, seen.after.open_files.before.deno, "Deno sees no client: the relay's connections only");
  console.log(`open files: relay ${JSON.stringify(seen.after.open_files)}, peak ${JSON.stringify(seen.peak)}`);
  assertUnharmed(seen.after, "flood");
});

Deno.test("a client that vanishes mid-cell leaves nothing behind; the next client's cell runs", async () => {
  const seen = await attack<{ cell: Cell; seconds: number }>("vanish_mid_cell");
  assert.deepEqual(seen.cell, { outputs: ['execute_result:"next client"', "idle"], status: "ok" });
  assertUnharmed(seen.after, "vanish_mid_cell");
});

Deno.test("prompt() asks the client that ran the cell, and the answer reaches the cell", async () => {
  const seen = await attack<{ request: { prompt: string }; outputs: string[] }>("prompt");
  assert.equal(seen.request.prompt, "Your name?");
  assert.deepEqual(seen.outputs, ["stream:got Ada", "idle"]);
  assertUnharmed(seen.after, "prompt");
});

Deno.test("a client that vanishes while prompt() waits: prompt() returns null, the cell says why, the next cell runs", async () => {
  const seen = await attack<{ vanished_cell: string[]; cell: Cell; seconds: number }>("vanish_at_prompt");
  assert.deepEqual(seen.vanished_cell, [
    "stream:[Deno (course)] prompt() got no answer: the client that ran this cell disconnected, so it returned null.",
    "stream:got null",
    "idle",
  ]);
  assert.deepEqual(seen.cell, { outputs: ['execute_result:"next client"', "idle"], status: "ok" });
  assertUnharmed(seen.after, "vanish_at_prompt");
});

Deno.test("Deno.exit(1) in a cell: the output before it stays, the cell says what happened, the kernel is fresh", async () => {
  const seen = await attack<{ cell: Cell; fresh: Cell; new_deno: boolean }>("deno_exit");
  assert.deepEqual(seen.cell, {
    outputs: [
      "stream:printed before",
      "error:KernelExited: Deno's kernel exited with code 1 (Deno.exit() ends the kernel) while this cell ran — " +
      "the kernel was restarted, rerun the notebook from the top (its variables and imports are gone).",
      "idle",
    ],
    status: "error",
  });
  assert.equal(seen.new_deno, true);
  assert.deepEqual(seen.fresh.outputs, ['execute_result:"undefined"', "idle"], "the restarted kernel is fresh");
  assertUnharmed(seen.after, "deno_exit");
});

Deno.test("Deno exiting between cells is reported to the next cell, which runs", async () => {
  const seen = await attack<{ first: Cell; second: Cell }>("exit_between");
  assert.deepEqual(seen.second.outputs, [
    "stream:[Deno (course)] Deno's kernel exited with code 3 (Deno.exit() ends the kernel) after the previous cell — " +
    "the kernel was restarted, rerun the notebook from the top (its variables and imports are gone).",
    'execute_result:"next"',
    "idle",
  ]);
  assertUnharmed(seen.after, "exit_between");
});

Deno.test("Deno out of memory: the cell says so and to rerun from the top, and the kernel is restarted", async () => {
  const seen = await attack<{ cell: Cell; seconds: number }>("out_of_memory");
  assert.deepEqual(seen.cell, {
    outputs: [
      "stream:allocating",
      "error:OutOfMemory: Deno ran out of memory while this cell ran — the kernel was restarted, rerun the notebook " +
      "from the top (its variables and imports are gone).",
      "idle",
    ],
    status: "error",
  });
  assert.ok(seen.seconds < 30, `running out of memory took ${seen.seconds} s`);
  assertUnharmed(seen.after, "out_of_memory");
});

Deno.test("after 5 restarts in a minute the relay gives up: the sixth cell says so, and the relay exits", async () => {
  const seen = await attack<{ cells: Cell[]; relay_status: number | null; key_files: string[] }>("restart_limit");
  seen.cells.slice(0, 5).forEach((cell, i) => {
    assert.equal(cell.status, "error", `cell ${i}`);
    assert.match(cell.outputs[0], /^error:KernelExited: .* the kernel was restarted, rerun the notebook/, `cell ${i}`);
  });
  assert.deepEqual(seen.cells[5], {
    outputs: [
      "error:KernelExited: Deno's kernel exited with code 1 (Deno.exit() ends the kernel) while this cell ran, 6 times " +
      "in 60 s, so it was not restarted again: restart the kernel and rerun the notebook from the top.",
      "idle",
    ],
    status: "error",
  });
  assert.equal(seen.relay_status, 1, "the relay exits with Deno's status");
  assert.deepEqual(seen.key_files, []);
});

Deno.test("when the process that started the kernel is killed, the relay and Deno go within a second, leaving no key", async () => {
  const seen = await attack<{ gone_after_seconds: { relay?: number; deno?: number }; key_files: string[] }>(
    "parent_killed",
  );
  assert.ok((seen.gone_after_seconds.relay ?? 99) < 1, `relay: ${JSON.stringify(seen.gone_after_seconds)}`);
  assert.ok((seen.gone_after_seconds.deno ?? 99) < 1, `Deno: ${JSON.stringify(seen.gone_after_seconds)}`);
  assert.deepEqual(seen.key_files, []);
  console.log(`gone after the parent's SIGKILL, in seconds: ${JSON.stringify(seen.gone_after_seconds)}`);
});

Deno.test("SIGINT while the relay starts prints no traceback, and the kernel then answers", async () => {
  const seen = await attack<
    { runs: { delay: number; outputs: string[]; traceback: boolean; log: string[]; relay_status: number | null }[] }
  >("sigint_at_start");
  for (const run of seen.runs) {
    assert.equal(run.traceback, false, `SIGINT after ${run.delay} s: ${run.log.join("\n")}`);
    if (run.delay === 0) {
      // Sent as the process starts, before Python runs a line: the default action ends it, and nothing had started.
      assert.ok(
        run.outputs[0] === "execute_result:2" || run.relay_status === -2,
        `SIGINT at once: ${JSON.stringify(run)}`,
      );
    } else {
      assert.deepEqual(run.outputs, ["execute_result:2", "idle"], `SIGINT after ${run.delay} s`);
    }
  }
});

Deno.test("with Jupyter's ports on every interface, Deno's stay on 127.0.0.1 of a network of its own", async () => {
  const seen = await attack<{ listening: Record<string, string[]> }>("any_ip");
  assert.deepEqual(seen.listening, { relay: ["0.0.0.0"], sandbox: [], deno: [], deno_own_network: ["127.0.0.1"] });
  assertUnharmed(seen.after, "any_ip");
});

interface Intrusion {
  sockets: Record<string, (string | number)[][]>;
  deno_private: boolean;
  folder_mode: string | null;
  outcomes: Record<string, string>;
  intruder_read: number;
  baseline: { outputs: string[]; seconds: number };
  attacked: { outputs: string[]; seconds: number };
  prompt: { request: string | null; outputs: string[] };
  not_private_log: string[];
  after: After;
}

const bigOutputs = ["stream:" + "x".repeat(33), 'execute_result:"big done"', "idle"];

Deno.test("another Unix user reaches none of Deno's ports: a stalled subscriber and stdin garbage change nothing", async () => {
  const seen = await attack<Intrusion>("other_user");
  assert.equal(seen.deno_private, true, "Deno's kernel runs in a network namespace of its own");
  assert.equal(seen.sockets.deno.length, 5, `Deno listens on its 5 ports: ${JSON.stringify(seen.sockets)}`);
  assert.equal(seen.folder_mode, "0o700");
  // Every socket of the relay's sandbox and of Deno: refused on the machine's 127.0.0.1, no permission for the Unix
  // sockets. (The relay's own 5 are Jupyter's front ports, which check every message's HMAC.)
  const targets = Object.entries(seen.outcomes);
  assert.equal(targets.length, 9, JSON.stringify(seen.outcomes));
  for (const [target, outcome] of targets) {
    assert.equal(outcome, target.startsWith("tcp") ? "ConnectionRefusedError" : "PermissionError", target);
  }
  assert.equal(seen.intruder_read, 0);
  assert.deepEqual(seen.attacked.outputs, bigOutputs);
  assert.ok(seen.attacked.seconds < seen.baseline.seconds + 2, `a 4 MB output: ${JSON.stringify(seen)}`);
  assert.deepEqual(seen.prompt, { request: "Your name?", outputs: ["stream:got Ada", "idle"] });
  assert.deepEqual(seen.not_private_log, []);
  console.log(`4 MB output: ${seen.baseline.seconds} s alone, ${seen.attacked.seconds} s with the intruder`);
  assertUnharmed(seen.after, "other_user");
});

Deno.test("without a network namespace, the relay says in its log that Deno's ports are reachable, and they are", async () => {
  // What a system that forbids unprivileged user namespaces gets: the review's attacks work again, and the log says so.
  const seen = await attack<Intrusion>("other_user_fallback");
  assert.equal(seen.deno_private, false);
  assert.equal(seen.not_private_log.length, 1, seen.after.log.join("\n"));
  assert.match(seen.not_private_log[0], /NOT private: LR_COURSE_NO_NAMESPACE is set, so its back-end ports/);
  const reached = Object.entries(seen.outcomes).filter(([, outcome]) => outcome === "accepted").map(([t]) => t);
  assert.equal(reached.length, 5, `Deno's 5 ports: ${JSON.stringify(seen.outcomes)}`);
  assert.ok(reached.every((target) => target.startsWith("tcp")), "the Unix sockets stay closed to other users");
  console.log(
    `fallback: 4 MB output ${seen.baseline.seconds} s alone, ${seen.attacked.seconds} s with the intruder; ` +
      `prompt() ${JSON.stringify(seen.prompt.outputs)}; intruder read ${seen.intruder_read} bytes`,
  );
  assertUnharmed(seen.after, "other_user_fallback");
});

Deno.test("a cell that replaces console.log slows no later cell, and no error of the fence's lands in a cell", async () => {
  const seen = await attack<{ cells: Record<string, { outputs: string[]; seconds: number }>; held: string[] }>(
    "console_patched",
  );
  const outputs = Object.fromEntries(Object.entries(seen.cells).map(([name, cell]) => [name, cell.outputs]));
  assert.deepEqual(outputs, {
    "normal": ["execute_result:2", "idle"],
    "silenced": ['execute_result:"silenced"', "idle"],
    "after silenced": ["execute_result:4", "idle"],
    "throwing": ['execute_result:"throwing"', "idle"],
    "after throwing": ["execute_result:6", "idle"],
    "writer replaced": ["stream:TypeError", "execute_result:4", "idle"],
    "after writer": ["execute_result:10", "idle"],
  });
  for (const [name, cell] of Object.entries(seen.cells)) {
    assert.ok(
      cell.seconds < 2,
      `${name} took ${cell.seconds} s (the fence waits ${5} s for a marker that never comes)`,
    );
  }
  assert.deepEqual(seen.held, []);
  assertUnharmed(seen.after, "console_patched");
});

Deno.test("nbconvert --allow-errors writes the notebook when a cell calls Deno.exit(1), with the cell's output and why", async () => {
  const dir = await Deno.makeTempDir({ prefix: "relay_security_test_" });
  try {
    const notebook = codeNotebook([
      'console.log("printed before"); await new Promise((r) => setTimeout(r, 100)); Deno.exit(1)',
      "6 * 7",
    ]);
    await Deno.writeTextFile(`${dir}/exits.ipynb`, JSON.stringify(notebook));
    const run = async (...extra: string[]) =>
      await new Deno.Command(jupyter, {
        args: [
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          ...extra,
          "--output-dir",
          `${dir}/out`,
          `${dir}/exits.ipynb`,
        ],
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(120_000),
      }).output();
    const allowed = await run("--allow-errors");
    assert.equal(allowed.code, 0, new TextDecoder().decode(allowed.stderr));
    const executed: Notebook = JSON.parse(await Deno.readTextFile(`${dir}/out/exits.ipynb`));
    const [exited, next] = executed.cells.map((cell) => cell.outputs ?? []);
    assert.deepEqual(exited.map((o) => o.output_type), ["stream", "error"]);
    assert.equal(text(exited[0].text), "printed before\n");
    assert.equal(exited[1].ename, "KernelExited");
    assert.match(exited[1].evalue ?? "", /exited with code 1 .* rerun the notebook from the top/);
    assert.equal(stripColors(text(next[0].data?.["text/plain"])), "42");
    // Without --allow-errors, nbconvert stops at the cell with an error that names it (not "Kernel died").
    const stopped = await run();
    const stderr = new TextDecoder().decode(stopped.stderr);
    assert.notEqual(stopped.code, 0);
    assert.match(stderr, /CellExecutionError[\s\S]*KernelExited: Deno's kernel exited with code 1/);
    assert.doesNotMatch(stderr, /DeadKernelError/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with Jupyter's ipc transport the relay listens on no TCP port, Deno only in its own namespace", async () => {
  // The hub's servers use it (hub/jupyterhub_config.py): Jupyter's end of each kernel is then Unix sockets in the
  // student's own runtime folder, and the relay's sandbox keeps Deno's end private, so nothing of a student's kernel
  // is open to another user of the machine.
  const script = `
import json, os, psutil, tempfile
from jupyter_client.manager import KernelManager
# As jupyter_server does: the connection file in a runtime folder only the user can open, the ipc sockets beside it.
runtime = tempfile.mkdtemp()
km = KernelManager(kernel_name="deno", transport="ipc", connection_file=os.path.join(runtime, "kernel-ipc-test.json"))
km.start_kernel()
try:
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    results = []
    def hook(m):
        if m["msg_type"] == "execute_result":
            results.append(m["content"]["data"]["text/plain"])
    kc.execute_interactive("40 + 2", timeout=60, output_hook=hook)
    relay = psutil.Process(km.provisioner.process.pid)
    while relay.name() == "sh" and relay.children():  # the kernelspec's sh execs the relay
        relay = relay.children()[0]
    tcp = lambda p: [list(c.laddr) for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    netns = lambda p: os.readlink(f"/proc/{p.pid}/ns/net")
    below = relay.children(recursive=True)
    print(json.dumps({
        "results": results,
        "relay_tcp": tcp(relay),
        "below": [{"name": p.name(), "same_netns": netns(p) == netns(relay), "tcp": tcp(p)} for p in below],
        "sockets": sorted(f for f in os.listdir(runtime) if f.startswith("kernel-ipc-test-ipc-")),
    }))
    kc.stop_channels()
finally:
    km.shutdown_kernel(now=True)
`;
  const out = await new Deno.Command(python, { args: ["-c", script], stdout: "piped", stderr: "piped" }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(out.code, 0, decode(out.stderr));
  const seen = JSON.parse(decode(out.stdout));
  assert.deepEqual(seen.results.map(stripColors), ["42"]);
  assert.deepEqual(seen.relay_tcp, [], "the relay's TCP ports");
  const deno = seen.below.filter((p: { name: string }) => p.name === "deno");
  assert.equal(deno.length, 1, JSON.stringify(seen.below));
  for (const p of seen.below) {
    assert.ok(!p.same_netns || p.tcp.length === 0, `${p.name} listens on TCP in the machine's namespace: ${p.tcp}`);
  }
  assert.equal(seen.sockets.length, 5, `the relay's five Unix sockets beside the connection file: ${seen.sockets}`);
});
