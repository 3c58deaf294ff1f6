// The course as an nbgrader course (grading/, scripts/grading.ts, lib/notebook/grade_exercises.ts): the graded
// notebooks are in sync with notebooks/ and the answer key; nbgrader's student version holds no solution; simulated
// students score exactly what they should when nbgrader autogrades them through the kernel "Deno (course)"; feedback
// shows verdicts and hints and no solution; and one assignment goes through an exchange directory between two Unix
// users. Every nbgrader run happens in a copy of grading/ under build/ (inside the course, so that the graded
// notebooks' import of "@lr-course/lib" resolves), removed afterwards.
import assert from "node:assert/strict";
import { join } from "node:path";
import { answers } from "../grading/answers.ts";
import {
  type Cell,
  courseNotebooks,
  exercisesOf,
  generateAll,
  gradedNotebook,
  type Notebook,
  outOfDate,
  pointsTable,
  readNotebook,
  root,
  sourceOf,
  venvBin,
} from "../scripts/grading.ts";

const notebooks = courseNotebooks().map((f) => f.replace(/\.ipynb$/, ""));
// The comparing-optimizers notebook (06_comparing_optimizers, found by its name so that a renumbering keeps it: it is
// the one that takes about a minute) is graded with the three students only; every other notebook also gets the
// half-right student.
const slow = new Set(notebooks.filter((n) => /comparing_optimizers/.test(n)));

interface Output {
  code: number;
  out: string;
}

/** Runs a command; with `check`, throws with its output when it fails. Its own session: the kernel's interrupt stays in it. */
async function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; check?: boolean; env?: Record<string, string> } = {},
): Promise<Output> {
  const child = new Deno.Command("setsid", {
    args: ["--wait", cmd, ...args],
    cwd: options.cwd,
    // nbgrader runs alembic, from its own environment, when it creates a gradebook.
    env: { PATH: `${venvBin()}:${Deno.env.get("PATH") ?? ""}`, ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const { code, stdout, stderr } = await child.output();
  const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  if ((options.check ?? true) && code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited with ${code}:\n${out.slice(-4000)}`);
  }
  return { code, out };
}

const nbgrader = (dir: string, args: string[], check = true) =>
  run(join(venvBin(), "nbgrader"), args, { cwd: dir, check });

/** A copy of grading/ (config and source/) under build/, removed by `done`. */
function courseCopy(names: string[]): { dir: string; done: () => void } {
  Deno.mkdirSync(join(root, "build"), { recursive: true });
  const dir = Deno.makeTempDirSync({ dir: join(root, "build"), prefix: "grading-test-" });
  Deno.copyFileSync(join(root, "grading", "nbgrader_config.py"), join(dir, "nbgrader_config.py"));
  for (const name of names) {
    Deno.mkdirSync(join(dir, "source", name), { recursive: true });
    Deno.copyFileSync(
      join(root, "grading", "source", name, `${name}.ipynb`),
      join(dir, "source", name, `${name}.ipynb`),
    );
  }
  return { dir, done: () => Deno.removeSync(dir, { recursive: true }) };
}

const release = (dir: string, name: string) => readNotebook(join(dir, "release", name, `${name}.ipynb`));
const meta = (cell: Cell) => (cell.metadata.nbgrader ?? {}) as Record<string, unknown>;

/** A submission: the student version with some exercises' answer cells replaced. */
function submission(student: Notebook, cells: Record<string, string>): Notebook {
  const copy: Notebook = structuredClone(student);
  for (const cell of copy.cells) {
    const id = meta(cell).grade_id as string;
    if (meta(cell).solution && id in cells) cell.source = cells[id];
  }
  return copy;
}

function submit(dir: string, name: string, student: string, nb: Notebook) {
  const folder = join(dir, "submitted", student, name);
  Deno.mkdirSync(folder, { recursive: true });
  Deno.writeTextFileSync(join(folder, `${name}.ipynb`), JSON.stringify(nb));
}

/** The gradebook's scores: by student, the total and each test cell's score. */
async function scores(
  dir: string,
  name: string,
): Promise<Record<string, { score: number; cells: Record<string, number> }>> {
  const script = `
import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook("sqlite:///gradebook.db") as gb:
    for sub in gb.assignment_submissions(sys.argv[1]):
        cells = {g.name: g.score for nb in sub.notebooks for g in nb.grades}
        out[sub.student.id] = {"score": sub.score, "cells": cells}
print(json.dumps(out))`;
  const { out } = await run(join(venvBin(), "python"), ["-c", script, name], { cwd: dir });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

const points = (names: string[]) => names.reduce((s, n) => s + answers[n].points, 0);

// ---------------------------------------------------------------------------------------------- in sync, no nbgrader

Deno.test("grading/source/ is what `deno task grading generate` writes from notebooks/ and grading/answers.ts", () => {
  assert.deepEqual(outOfDate(), []);
});

Deno.test("the answer key and the notebooks' exercises match one to one, and a gap is named", () => {
  const { myZigzag: _, ...withoutOne } = answers;
  assert.throws(
    () => generateAll(withoutOne),
    /00_start_here\.ipynb: exercise myZigzag has no solution in grading\/answers\.ts/,
  );
  const extra = { ...answers, myNoSuchExercise: answers.myZigzag };
  assert.throws(() => generateAll(extra), /grading\/answers\.ts: myNoSuchExercise is the solution of no exercise/);
  const nb = readNotebook(join(root, "notebooks", `${notebooks[0]}.ipynb`));
  const summary = nb.cells.find((c) => sourceOf(c).includes("exerciseSummary("))!;
  summary.source = sourceOf(summary).replace(/exerciseSummary\(\[/, 'exerciseSummary(["myGhost", ');
  assert.throws(() => exercisesOf(nb), /does not list the exercises: no exercise for myGhost/);
});

Deno.test("the teacher's guide's points table lists every exercise with the answer key's points", () => {
  const guide = Deno.readTextFileSync(join(root, "notebooks", "README.md"));
  const rows = [...guide.matchAll(/^\| `(\w+)` \| [^|]+ \| [^|]+ \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2])]);
  const course = notebooks.flatMap((n) => exercisesOf(readNotebook(join(root, "notebooks", `${n}.ipynb`))));
  assert.deepEqual(rows, course.map((e) => [e.name, answers[e.name].points]));
  assert.ok(guide.includes(pointsTable()), "the guide's points table is not what `deno task grading points` prints");
  const total = guide.match(/^Total: (\d+) points\.$/m)?.[1];
  assert.equal(Number(total), course.reduce((s, e) => s + answers[e.name].points, 0));
});

Deno.test("the graded version is the course's notebook with answers, points and locks, and the same cells otherwise", () => {
  for (const name of notebooks) {
    const nb = readNotebook(join(root, "notebooks", `${name}.ipynb`));
    const graded = gradedNotebook(nb);
    assert.equal(graded.cells.length, nb.cells.length + 1, name);
    const exercises = exercisesOf(nb);
    assert.ok(exercises.length > 0, `${name} has no exercises`);
    const others = graded.cells.filter((c) => !meta(c).solution && !meta(c).grade && c.id !== "graded-switch");
    assert.ok(
      others.every((c) => meta(c).locked === true),
      `${name}: a cell that is neither answer nor test is unlocked`,
    );
    const tests = graded.cells.filter((c) => meta(c).grade);
    assert.deepEqual(tests.map((c) => meta(c).points), exercises.map((e) => answers[e.name].points), name);
    assert.ok(tests.every((c) => meta(c).locked === true), `${name}: a test cell is unlocked`);
  }
});

Deno.test("the hub's nbgrader configuration uses the hub's exchange and fetches into the student's copy of the course", async () => {
  const script = `
import json, sys
from traitlets.config.loader import PyFileConfigLoader
c = PyFileConfigLoader("nbgrader_config.py", path=sys.argv[1]).load_config()
print(json.dumps([c.Exchange.root, c.Exchange.assignment_dir, c.CourseDirectory.course_id]))`;
  const { out } = await run(join(venvBin(), "python"), ["-c", script, join(root, "hub")], {
    env: { COURSE_HUB_EXCHANGE: "/srv/class/exchange", COURSE_HUB_FOLDER: "my-course", HOME: "/home/ada" },
  });
  assert.deepEqual(JSON.parse(out.trim().split("\n").at(-1)!), [
    "/srv/class/exchange",
    "/home/ada/my-course/assignments",
    "lr-course",
  ]);
  // The hub passes the exchange to every student's server, and ./scripts/hub creates it and installs that file.
  const hubConfig = Deno.readTextFileSync(join(root, "hub", "jupyterhub_config.py"));
  assert.match(hubConfig, /"COURSE_HUB_EXCHANGE": exchange,/);
  const hubScript = Deno.readTextFileSync(join(root, "scripts", "hub"));
  assert.match(hubScript, /chmod 1777 "\$exchange"/);
  assert.match(hubScript, /hub\/nbgrader_config\.py" "\$VENV\/etc\/jupyter\/nbgrader_config\.py"/);
});

// ----------------------------------------------------------------------------------- nbgrader, through the kernel

Deno.test({
  name:
    "nbgrader generate_assignment: no solution left, test cells locked, answer cells are the students' stubs; validate fails them",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { dir, done } = courseCopy(notebooks);
    try {
      for (const name of notebooks) {
        await nbgrader(dir, ["generate_assignment", name, "--force"]);
        const student = release(dir, name);
        const text = JSON.stringify(student);
        const course = readNotebook(join(root, "notebooks", `${name}.ipynb`));
        for (const e of exercisesOf(course)) {
          const stub = sourceOf(course.cells[e.answer]);
          // Every line of the solution that the course's notebook does not have is gone, and so are the hidden tests.
          const json = (line: string) => JSON.stringify(line).slice(1, -1);
          const courseText = JSON.stringify(course);
          for (const line of answers[e.name].solution.split("\n").map((l) => l.trim()).filter(Boolean)) {
            if (!courseText.includes(json(line))) assert.ok(!text.includes(json(line)), `${name}: '${line}' left in`);
          }
          const hidden = answers[e.name].hidden;
          if (hidden) assert.ok(!text.includes(json(hidden.trim())), `${name}: hidden test left in`);
          // The answer cell is the stub the course shows, with the empty lines nbgrader's (empty) code stub leaves.
          const cell = student.cells.find((c) => meta(c).grade_id === e.name)!;
          assert.equal(
            sourceOf(cell).split("\n").filter((l) => l.trim()).join("\n"),
            stub.trimEnd(),
            `${name}: ${e.name}`,
          );
        }
        assert.doesNotMatch(text, /SOLUTION|HIDDEN TESTS|answers\.ts/, name);
        assert.ok(student.cells.filter((c) => meta(c).grade).every((c) => meta(c).locked === true), name);
      }
      // validate runs each stub through the kernel; every test cell fails (the slow notebook left out: a minute of run for no news).
      for (const name of notebooks.filter((n) => !slow.has(n))) {
        const { out } = await nbgrader(dir, ["validate", join("release", name, `${name}.ipynb`)], false);
        const count = exercisesOf(readNotebook(join(root, "notebooks", `${name}.ipynb`))).length;
        assert.match(out, /VALIDATION FAILED/, `${name}: ${out.slice(-2000)}`);
        assert.equal((out.match(/The following cell failed:/g) ?? []).length, count, `${name}: ${out.slice(-3000)}`);
        assert.match(out, /Not answered yet/, name);
      }
      // And the source, with the answer key in, passes.
      const { out } = await nbgrader(dir, ["validate", join("source", notebooks[0], `${notebooks[0]}.ipynb`)], false);
      assert.match(out, /Success! Your notebook passes all the tests\./, out.slice(-2000));
    } finally {
      done();
    }
  },
});

Deno.test({
  name:
    "nbgrader autograde through the Deno (course) kernel: right scores full, wrong and blank zero, half-right its exercises",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { dir, done } = courseCopy(notebooks);
    try {
      for (const name of notebooks) {
        await nbgrader(dir, ["generate_assignment", name, "--force"]);
        const student = release(dir, name);
        const exercises = exercisesOf(readNotebook(join(root, "notebooks", `${name}.ipynb`))).map((e) => e.name);
        const pick = (what: "solution" | "mistake", names: string[]) =>
          Object.fromEntries(names.map((n) => [n, answers[n][what]]));
        const half = exercises.filter((_, i) => i % 2 === 0);
        submit(dir, name, "right", submission(student, pick("solution", exercises)));
        submit(dir, name, "wrong", submission(student, pick("mistake", exercises)));
        submit(dir, name, "blank", student);
        if (!slow.has(name)) {
          const rest = exercises.filter((n) => !half.includes(n));
          submit(dir, name, "half", submission(student, { ...pick("solution", half), ...pick("mistake", rest) }));
        }
        const { out } = await nbgrader(dir, ["autograde", name, "--force"]);
        assert.match(out, /deno-course relay/, "autograde did not run the course's relay");
        const got = await scores(dir, name);
        const full = points(exercises);
        assert.equal(got.right.score, full, `${name}, right: ${JSON.stringify(got.right)}`);
        assert.equal(got.wrong.score, 0, `${name}, wrong: ${JSON.stringify(got.wrong)}`);
        assert.equal(got.blank.score, 0, `${name}, blank: ${JSON.stringify(got.blank)}`);
        if (!slow.has(name)) assert.equal(got.half.score, points(half), `${name}, half: ${JSON.stringify(got.half)}`);
        // The wrong student's failures are the verdicts a student sees, the hint or the mistake's diagnosis included.
        const graded = readNotebook(join(dir, "autograded", "wrong", name, `${name}.ipynb`));
        for (const cell of graded.cells.filter((c) => meta(c).grade)) {
          const error = (cell.outputs ?? []).find((o) => (o as { output_type: string }).output_type === "error") as
            | { evalue: string }
            | undefined;
          assert.ok(error, `${name}: ${meta(cell).grade_id} raised no error for a wrong answer`);
          assert.match(error.evalue, /^✘ Self-check failed: .*\n {2}\S/, `${name}: ${error.evalue}`);
        }
      }
    } finally {
      done();
    }
  },
});

Deno.test({
  name: "nbgrader autograde gives identical scores over 10 runs, and feedback shows verdicts and hints and no solution",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const name = notebooks.find((n) => /lr_decay/.test(n)) ?? notebooks[0];
    const { dir, done } = courseCopy([name]);
    try {
      await nbgrader(dir, ["generate_assignment", name, "--force"]);
      const student = release(dir, name);
      const exercises = exercisesOf(readNotebook(join(root, "notebooks", `${name}.ipynb`))).map((e) => e.name);
      const cells = Object.fromEntries(exercises.map((n, i) => [n, answers[n][i % 2 ? "mistake" : "solution"]]));
      // Ten students hand in the same half-right notebook: ten runs, each in a kernel of its own.
      for (let k = 0; k < 10; k++) submit(dir, name, `same${k}`, submission(student, cells));
      await nbgrader(dir, ["autograde", name, "--force"]);
      const got = await scores(dir, name);
      const first = JSON.stringify(got.same0.cells);
      for (let k = 0; k < 10; k++) {
        assert.equal(JSON.stringify(got[`same${k}`].cells), first, `run ${k}: ${JSON.stringify(got)}`);
      }
      assert.equal(got.same0.score, points(exercises.filter((_, i) => i % 2 === 0)));

      await nbgrader(dir, ["generate_feedback", name, "--force", "--student=same0"]);
      const html = Deno.readTextFileSync(join(dir, "feedback", "same0", name, `${name}.html`));
      const verdicts = (html.match(/✘ Self-check failed/g) ?? []).length;
      assert.ok(
        verdicts >= exercises.filter((_, i) => i % 2).length,
        `only ${verdicts} failed verdicts in the feedback`,
      );
      assert.match(html, /✔ Self-check passed/);
      assert.match(html, /Hint: /);
      for (const n of exercises.filter((_, i) => i % 2)) {
        for (const line of answers[n].solution.split("\n").map((l) => l.trim()).filter((l) => l.length > 12)) {
          const escaped = line.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
          if (!answers[n].mistake.includes(line)) {
            assert.ok(!html.includes(escaped), `the solution of ${n} leaks: ${line}`);
          }
        }
      }
    } finally {
      done();
    }
  },
});

Deno.test({
  name: "nbgrader autograde: a broken locked cell, a deleted test cell or an endless loop changes nobody else's grade",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const name = notebooks[0];
    const { dir, done } = courseCopy([name]);
    try {
      await nbgrader(dir, ["generate_assignment", name, "--force"]);
      const student = release(dir, name);
      const exercises = exercisesOf(readNotebook(join(root, "notebooks", `${name}.ipynb`))).map((e) => e.name);
      const right = Object.fromEntries(exercises.map((n) => [n, answers[n].solution]));
      const wrong = Object.fromEntries(exercises.map((n) => [n, answers[n].mistake]));
      // Two honest students, graded before and after the others (nbgrader goes through them in order of name).
      submit(dir, name, "ada", submission(student, right));
      submit(dir, name, "zoe", submission(student, right));
      // Wrong answers, every test cell emptied and the parameters changed: nbgrader restores the locked cells.
      const tamper = submission(student, wrong);
      for (const cell of tamper.cells) {
        if (meta(cell).grade) cell.source = "// all good";
        if (sourceOf(cell).includes("// Parameters")) cell.source = sourceOf(cell).replace(/= [\d.]+;/, "= 0.3;");
      }
      submit(dir, name, "tamper", tamper);
      // Right answers, every test cell deleted: no points for them (grading/nbgrader_config.py says why).
      const deleter = submission(student, right);
      deleter.cells = deleter.cells.filter((c) => !meta(c).grade);
      submit(dir, name, "deleter", deleter);
      // An endless loop in an answer cell: the cell time-out (shortened here) stops it.
      submit(
        dir,
        name,
        "looper",
        submission(student, { [exercises[0]]: `while (true) {}\n${answers[exercises[0]].solution}` }),
      );
      const { out } = await nbgrader(dir, ["autograde", name, "--force", "--Execute.timeout=20"], false);
      const got = await scores(dir, name);
      const full = points(exercises);
      assert.equal(got.ada?.score, full, `${JSON.stringify(got)}\n${out.slice(-3000)}`);
      assert.equal(got.zoe?.score, full, `${JSON.stringify(got)}\n${out.slice(-3000)}`);
      assert.equal(got.tamper?.score, 0, JSON.stringify(got));
      assert.equal(got.deleter?.score, 0, JSON.stringify(got));
      assert.equal(got.looper?.score, 0, JSON.stringify(got));
      assert.match(out, /looper/);
    } finally {
      done();
    }
  },
});

// ---------------------------------------------------------------------------------------- the exchange, two users

/** Unix users made for this run (unique names), removed afterwards even on failure. */
async function withUsers<T>(count: number, fn: (names: string[]) => Promise<T>): Promise<T> {
  const tag = crypto.randomUUID().slice(0, 6);
  const names = Array.from({ length: count }, (_, i) => `lrg${tag}${i}`);
  const made: string[] = [];
  try {
    for (const n of names) {
      await run("useradd", ["--create-home", "--shell", "/bin/sh", n]);
      made.push(n);
    }
    return await fn(names);
  } finally {
    for (const n of made) await run("userdel", ["--remove", n], { check: false });
  }
}

Deno.test({
  name:
    "one round trip through an exchange: a teacher releases, a student fetches, edits and submits, the teacher collects and grades, the student fetches the feedback",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const name = notebooks[0];
    const { dir, done } = courseCopy([name]);
    const shared = Deno.makeTempDirSync({ prefix: "lr-grading-" });
    try {
      Deno.chmodSync(shared, 0o755);
      // nbgrader for the two users: the course's venv lives in root's home, so they get one of their own, with the
      // version scripts/requirements.txt pins.
      const pin = Deno.readTextFileSync(join(root, "scripts", "requirements.txt")).match(/^nbgrader==\S+/m)![0];
      // The system's Python: the course's venv and its Python live in root's home, which the users cannot enter.
      const python = ["/usr/bin/python3", "/usr/local/bin/python3"].find((p) => {
        try {
          return Deno.statSync(p).isFile;
        } catch {
          return false;
        }
      });
      assert.ok(python, "the exchange test needs a system Python 3 (/usr/bin/python3) that every user can run");
      await run(python, ["-m", "venv", join(shared, "venv")]);
      await run(join(shared, "venv", "bin", "pip"), ["install", "--quiet", pin]);
      const exchange = join(shared, "exchange");
      Deno.mkdirSync(exchange);
      Deno.chmodSync(exchange, 0o1777);
      const common = [`--Exchange.root=${exchange}`, "--CourseDirectory.course_id=lr-course"];
      await withUsers(2, async ([teacher, student]) => {
        const as = (user: string, args: string[], cwd: string) =>
          run("runuser", ["-u", user, "--", join(shared, "venv", "bin", "nbgrader"), ...args, ...common], {
            cwd,
            env: { PATH: `${join(shared, "venv", "bin")}:/usr/sbin:/usr/bin:/sbin:/bin` }, // alembic, for the teacher's gradebook
          });
        await run("chown", ["-R", `${teacher}:${teacher}`, dir]);
        await as(teacher, ["generate_assignment", name, "--force"], dir);
        await as(teacher, ["release_assignment", name, "--force"], dir);
        const home = `/home/${student}`;
        await as(student, ["fetch_assignment", name], home);
        const fetched = join(home, name, `${name}.ipynb`);
        const exercises = exercisesOf(readNotebook(join(root, "notebooks", `${name}.ipynb`))).map((e) => e.name);
        const edited = submission(
          readNotebook(fetched),
          Object.fromEntries(exercises.map((n) => [n, answers[n].solution])),
        );
        Deno.writeTextFileSync(fetched, JSON.stringify(edited));
        await run("chown", [`${student}:${student}`, fetched]);
        await as(student, ["submit", name], home);
        await as(teacher, ["collect", name], dir);
        const collected = join(dir, "submitted", student, name, `${name}.ipynb`);
        assert.ok(
          JSON.stringify(readNotebook(collected)).includes(JSON.stringify(answers[exercises[0]].solution).slice(1, -1)),
        );
        // The course's kernel is installed in root's home, which the teacher's user cannot enter: root grades, with
        // the teacher's commands (deno task grading), and returns the feedback through the exchange.
        const env = { LR_COURSE_GRADING: dir, LR_COURSE_EXCHANGE: exchange };
        const grading = [Deno.execPath(), "run", "--allow-all", join(root, "scripts", "grading.ts")];
        await run(grading[0], [...grading.slice(1), "autograde", name, "--force"], { env });
        const got = await scores(dir, name);
        assert.equal(got[student].score, points(exercises), JSON.stringify(got));
        await run(grading[0], [...grading.slice(1), "feedback", name, "--force"], { env });
        await as(student, ["fetch_feedback", name], home);
        const feedback = [...Deno.readDirSync(join(home, name, "feedback"))];
        assert.equal(feedback.length, 1, "one feedback folder (its timestamp)");
        const html = Deno.readTextFileSync(join(home, name, "feedback", feedback[0].name, `${name}.html`));
        assert.match(html, /✔ Self-check passed/);
      });
    } finally {
      done();
      Deno.removeSync(shared, { recursive: true });
    }
  },
});
