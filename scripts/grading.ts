/**
 * The course as an nbgrader course (grading/): writes the graded version of every notebook and runs the teacher's
 * nbgrader commands from grading/.
 *
 *     deno task grading generate              grading/source/<nb>/<nb>.ipynb from notebooks/ and grading/answers.ts
 *     deno task grading check                 exits 1, naming what differs, if grading/source/ is out of date
 *     deno task grading points                the points table of the teacher's guide, from grading/answers.ts
 *     deno task grading release   <nb|all>    nbgrader generate_assignment, then release_assignment (the exchange)
 *     deno task grading collect   <nb|all>    nbgrader collect: the students' submissions into grading/submitted/
 *     deno task grading autograde <nb|all>    nbgrader autograde, through the kernel "Deno (course)"
 *     deno task grading feedback  <nb|all>    nbgrader generate_feedback, then release_feedback
 *     deno task grading formgrader            JupyterLab in grading/, opened at nbgrader's Formgrader
 *
 * The nbgrader commands run in grading/ (or in the folder LR_COURSE_GRADING names). Arguments after the assignment are
 * passed to nbgrader as they are (`--student=ada`, `--force`, `--Exchange.root=/srv/exchange`). `<nb>` is a notebook's
 * name without `.ipynb` (`02_lr_decay`); `all` is every folder of grading/source/.
 *
 * How a notebook becomes its graded version (nothing here names a notebook: the exercises are found by their cells):
 * - a code cell tagged `exercise` declares the exercise's name (`const myZigzag = …`, `function myAdaGradStep(…)`);
 *   it becomes an nbgrader "autograded answer" cell: the solution from grading/answers.ts between
 *   `// BEGIN SOLUTION` and `// END SOLUTION`, and after it, inside a block comment that nbgrader's markers also
 *   remove, the stub the student sees today; nbgrader's student version is that stub again;
 * - the next code cell tagged `self-check` is its check; it becomes an "autograder tests" cell, locked, with the
 *   points of grading/answers.ts and, for an implement-it exercise, its hidden tests between
 *   `// BEGIN HIDDEN TESTS` and `// END HIDDEN TESTS`;
 * - every other cell is locked (read-only; nbgrader restores it when it grades, so the parameters cell keeps its
 *   defaults, the knobs the answer key is computed for);
 * - the names in the notebook's `exerciseSummary([...])` must be exactly its exercises;
 * - the import of `../lib/mod.ts` becomes `@lr-course/lib` (deno.json's own package, found from any folder under the
 *   course: grading/source/, grading/autograded/<student>/), and a locked cell after it calls `gradeExercises()`, the
 *   switch with which a check that does not pass raises an error (lib/notebook/grade_exercises.ts).
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AnswerKeyEntry, answers as answerKey } from "../grading/answers.ts";

/** The course's root folder (where deno.json is). */
export const root: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A notebook as JSON (nbformat 4). */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook cell as JSON. */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[]; nbgrader?: Record<string, unknown> };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** One exercise of a notebook: its name, its answer cell and its check cell (indices into the cells). */
export interface Exercise {
  name: string;
  answer: number;
  check: number;
}

/** The source of a cell as one string. */
export function sourceOf(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function tagged(cell: Cell, tag: string): boolean {
  return cell.cell_type === "code" && (cell.metadata.tags ?? []).includes(tag);
}

/** The name an answer cell declares: `const myX = …`, `let myX`, `function myX(`. */
export function declaredName(code: string): string | undefined {
  return code.match(/^\s*(?:const|let|var|function)\s+([A-Za-z_$][\w$]*)/m)?.[1];
}

/** The names listed in a notebook's `exerciseSummary([...])` cell, or undefined if it has none. */
export function summaryNames(nb: Notebook): string[] | undefined {
  const cell = nb.cells.find((c) => c.cell_type === "code" && sourceOf(c).includes("exerciseSummary("));
  if (!cell) return undefined;
  const list = sourceOf(cell).match(/exerciseSummary\(\s*\[([^\]]*)\]/);
  if (!list) throw new Error(`its exerciseSummary(...) cell does not list the names in brackets`);
  return [...list[1].matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
}

/**
 * The exercises of a notebook, found by its cells: each `exercise` cell, the `self-check` cell after it, and the
 * names of the `exerciseSummary([...])` cell, which must agree. Throws, naming the cell, on anything else.
 */
export function exercisesOf(nb: Notebook): Exercise[] {
  const found: Exercise[] = [];
  nb.cells.forEach((cell, i) => {
    if (!tagged(cell, "exercise")) return;
    const name = declaredName(sourceOf(cell));
    if (!name) throw new Error(`cell ${i} is tagged 'exercise' but declares no const, let or function`);
    const next = nb.cells.findIndex((c, j) => j > i && (tagged(c, "self-check") || tagged(c, "exercise")));
    if (next < 0 || !tagged(nb.cells[next], "self-check")) {
      throw new Error(`exercise ${name} (cell ${i}) has no cell tagged 'self-check' after it`);
    }
    if (!new RegExp(`\\{\\s*${name}\\s*\\}`).test(sourceOf(nb.cells[next]))) {
      throw new Error(`the self-check after exercise ${name} (cell ${next}) does not check { ${name} }`);
    }
    found.push({ name, answer: i, check: next });
  });
  const listed = summaryNames(nb) ?? [];
  const names = found.map((e) => e.name);
  const missing = names.filter((n) => !listed.includes(n));
  const extra = listed.filter((n) => !names.includes(n));
  if (missing.length || extra.length) {
    throw new Error(
      `its exerciseSummary([...]) does not list the exercises: ${
        [
          missing.length ? `missing ${missing.join(", ")}` : "",
          extra.length ? `no exercise for ${extra.join(", ")}` : "",
        ]
          .filter(Boolean).join("; ")
      }`,
    );
  }
  return found;
}

/** The course's notebooks (notebooks/NN_*.ipynb), by file name, in order. */
export function courseNotebooks(dir = join(root, "notebooks")): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => /^\d\d_.*\.ipynb$/.test(n)).sort();
}

/** Reads a notebook. */
export function readNotebook(path: string): Notebook {
  return JSON.parse(Deno.readTextFileSync(path));
}

/** A notebook as nbformat writes it (one-space indent, a final newline). */
export function notebookText(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Splits source text into nbformat's list of lines. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const libImport = '"../lib/mod.ts"';
const packageImport = '"@lr-course/lib"';

/** The locked cell after the imports: the switch of the graded run. */
export const gradedSwitch = [
  "// Graded version (nbgrader): from here on an exercise's check that does not pass raises an error with the",
  "// verdict you would see, and its test cell scores 0. The course's own notebooks never call gradeExercises().",
  `import { gradeExercises } from ${packageImport};`,
  "gradeExercises()",
].join("\n");

/** An answer cell of the graded version: the solution, then the student's stub in a comment (see the module doc). */
export function answerSource(name: string, solution: string, stub: string): string {
  for (const [what, text] of [["solution", solution], ["stub", stub]]) {
    if (text.includes("*/") || text.includes("SOLUTION")) {
      throw new Error(`the ${what} of ${name} contains '*/' or 'SOLUTION', which the graded version's markers use`);
    }
  }
  return [
    "// BEGIN SOLUTION",
    "// The answer key (grading/answers.ts); the student's version has, instead, the stub in the comment below.",
    solution.trimEnd(),
    "/*",
    "// END SOLUTION",
    stub.trimEnd(),
    "// BEGIN SOLUTION",
    "*/",
    "// END SOLUTION",
  ].join("\n");
}

/** A check cell of the graded version: the hidden tests (if any) first, then the check the student sees. */
export function checkSource(check: string, hidden: string | undefined): string {
  if (!hidden) return check;
  return ["// BEGIN HIDDEN TESTS", hidden.trimEnd(), "// END HIDDEN TESTS", check].join("\n");
}

function nbgraderMeta(grade_id: string, kind: "answer" | "test" | "locked", points = 0): Record<string, unknown> {
  return {
    grade: kind === "test",
    grade_id,
    locked: kind !== "answer",
    ...(kind === "test" ? { points } : {}),
    schema_version: 3,
    solution: kind === "answer",
    task: false,
  };
}

/**
 * The graded version of one notebook: the nbgrader source with the answer key's solutions. Throws, naming the
 * exercise, if an exercise has no entry in `key`.
 */
export function gradedNotebook(nb: Notebook, key: Record<string, AnswerKeyEntry> = answerKey): Notebook {
  const exercises = exercisesOf(nb);
  const byAnswer = new Map(exercises.map((e) => [e.answer, e]));
  const byCheck = new Map(exercises.map((e) => [e.check, e]));
  for (const e of exercises) {
    if (!key[e.name]) throw new Error(`exercise ${e.name} has no solution in grading/answers.ts`);
    for (const what of ["solution", "mistake"] as const) {
      if (declaredName(key[e.name][what]) !== e.name) {
        throw new Error(`the ${what} of ${e.name} in grading/answers.ts must declare ${e.name}`);
      }
    }
  }
  const importCell = nb.cells.findIndex((c) => c.cell_type === "code" && sourceOf(c).includes(libImport));
  if (importCell < 0) throw new Error(`no cell imports ${libImport}`);
  const cells: Cell[] = [];
  nb.cells.forEach((cell, i) => {
    const copy: Cell = structuredClone(cell);
    let text = sourceOf(cell);
    if (cell.cell_type === "code" && text.includes('"../')) {
      if (i !== importCell) throw new Error(`cell ${i} imports a relative path, which a graded copy cannot follow`);
      text = text.replace(libImport, packageImport);
    }
    const answer = byAnswer.get(i);
    const check = byCheck.get(i);
    if (answer) {
      text = answerSource(answer.name, key[answer.name].solution, text);
      copy.metadata.nbgrader = nbgraderMeta(answer.name, "answer");
    } else if (check) {
      text = checkSource(text, key[check.name].hidden);
      copy.metadata.nbgrader = nbgraderMeta(`check_${check.name}`, "test", key[check.name].points);
    } else {
      copy.metadata.nbgrader = nbgraderMeta(`locked_${cell.id ?? i}`, "locked");
    }
    copy.source = lines(text);
    cells.push(copy);
    if (i === importCell) {
      cells.push({
        cell_type: "code",
        execution_count: null,
        id: "graded-switch",
        metadata: { nbgrader: nbgraderMeta("graded_switch", "locked") },
        outputs: [],
        source: lines(gradedSwitch),
      });
    }
  });
  return { ...nb, cells };
}

/** Where the graded version of a notebook goes: grading/source/<name>/<name>.ipynb. */
export function sourcePath(notebook: string, grading = join(root, "grading")): string {
  const name = notebook.replace(/\.ipynb$/, "");
  return join(grading, "source", name, `${name}.ipynb`);
}

/**
 * Every graded notebook, by its path, generated from notebooks/ and the answer key; throws one error listing every
 * problem (an exercise without a solution, a solution without an exercise, a malformed notebook), each named.
 */
export function generateAll(key: Record<string, AnswerKeyEntry> = answerKey): Map<string, string> {
  const out = new Map<string, string>();
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of courseNotebooks()) {
    try {
      const nb = readNotebook(join(root, "notebooks", file));
      for (const e of exercisesOf(nb)) {
        if (seen.has(e.name)) problems.push(`notebooks/${file}: exercise ${e.name} is also in ${seen.get(e.name)}`);
        seen.set(e.name, `notebooks/${file}`);
      }
      out.set(sourcePath(file), notebookText(gradedNotebook(nb, key)));
    } catch (error) {
      problems.push(`notebooks/${file}: ${(error as Error).message}`);
    }
  }
  for (const name of Object.keys(key)) {
    if (!seen.has(name)) problems.push(`grading/answers.ts: ${name} is the solution of no exercise in notebooks/`);
  }
  if (problems.length) throw new Error(`Cannot generate grading/source/:\n- ${problems.join("\n- ")}`);
  return out;
}

/** The files of grading/source/ that differ from what `generate` writes, or are missing, or are left over. */
export function outOfDate(): string[] {
  const want = generateAll();
  const stale = [...want].filter(([path, text]) => {
    try {
      return Deno.readTextFileSync(path) !== text;
    } catch {
      return true;
    }
  }).map(([path]) => path);
  const dir = join(root, "grading", "source");
  const extra = existingAssignments(dir).map((a) => join(dir, a, `${a}.ipynb`)).filter((p) => !want.has(p));
  return [...stale, ...extra];
}

/** The course directory the nbgrader commands run in: grading/, or LR_COURSE_GRADING (a copy, in the tests). */
export function gradingDir(): string {
  return Deno.env.get("LR_COURSE_GRADING") ?? join(root, "grading");
}

function existingAssignments(dir = join(gradingDir(), "source")): string[] {
  try {
    return [...Deno.readDirSync(dir)].filter((e) => e.isDirectory).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** The teacher's guide's points table (notebooks/README.md, "Grading with nbgrader"), from the answer key. */
export function pointsTable(key: Record<string, AnswerKeyEntry> = answerKey): string {
  const rows = courseNotebooks().flatMap((file) =>
    exercisesOf(readNotebook(join(root, "notebooks", file))).map((e) => {
      const kind = key[e.name]?.hidden ? "implement it" : "prediction";
      return `| \`${e.name}\` | ${file.replace(/\.ipynb$/, "")} | ${kind} | ${key[e.name]?.points ?? "?"} |`;
    })
  );
  const total = rows.reduce((s, r) => s + Number(r.match(/(\d+) \|$/)?.[1] ?? 0), 0);
  return [
    "| Exercise | Notebook | Kind | Points |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `Total: ${total} points.`,
  ]
    .join("\n");
}

/** The course venv's bin folder: where `jupyter` is (JUPYTER, set by scripts/setup.sh), else the default install. */
export function venvBin(): string {
  const jupyter = Deno.env.get("JUPYTER");
  if (jupyter) return dirname(jupyter);
  return join(Deno.env.get("HOME") ?? "/root", ".local/share/lr-course/venv/bin");
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
  console.error(`[grading] ${command} ${args.join(" ")}`);
  // nbgrader runs alembic, from its own environment, when it creates the gradebook.
  const env = { PATH: `${venvBin()}:${Deno.env.get("PATH") ?? ""}` };
  const { code } = await new Deno.Command(join(venvBin(), command), { args, cwd, env }).spawn().status;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with status ${code}`);
}

const nbgraderSteps: Record<string, string[]> = {
  release: ["generate_assignment", "release_assignment"],
  collect: ["collect"],
  autograde: ["autograde"],
  feedback: ["generate_feedback", "release_feedback"],
};

async function main(args: string[]): Promise<number> {
  const [command, assignment, ...rest] = args;
  const grading = gradingDir();
  if (command === "generate") {
    const written = generateAll();
    for (const [path, text] of written) {
      Deno.mkdirSync(dirname(path), { recursive: true });
      Deno.writeTextFileSync(path, text);
      console.error(`[grading] wrote ${path.slice(root.length + 1)}`);
    }
    // A notebook renamed or removed in notebooks/: its old graded version goes.
    const source = join(root, "grading", "source");
    for (const old of existingAssignments(source).filter((a) => !written.has(join(source, a, `${a}.ipynb`)))) {
      Deno.removeSync(join(source, old), { recursive: true });
      console.error(`[grading] removed grading/source/${old}/ (no notebooks/${old}.ipynb)`);
    }
    return 0;
  }
  if (command === "points") {
    console.log(pointsTable());
    return 0;
  }
  if (command === "check") {
    const stale = outOfDate();
    if (stale.length) {
      console.error(`grading/source/ is out of date (run deno task grading generate):\n  ${stale.join("\n  ")}`);
      return 1;
    }
    return 0;
  }
  if (command === "formgrader") {
    await run(
      "jupyter",
      ["lab", "--ServerApp.root_dir=.", "--LabApp.default_url=/formgrader", ...args.slice(1)],
      grading,
    );
    return 0;
  }
  const steps = nbgraderSteps[command];
  if (!steps || !assignment) {
    console.error(
      `Usage: deno task grading generate | check | points | formgrader | ${
        Object.keys(nbgraderSteps).join(" | ")
      } <notebook|all> [nbgrader options]: current value is ${JSON.stringify(args.join(" "))}`,
    );
    return 2;
  }
  const all = existingAssignments();
  const chosen = assignment === "all" ? all : [assignment];
  for (const a of chosen) {
    if (!all.includes(a)) {
      console.error(`Cannot ${command} '${a}' as it is not a folder of grading/source/: it has ${all.join(", ")}`);
      return 2;
    }
    for (const step of steps) {
      // release_feedback has no --force (it always sends what generate_feedback made); the other steps take it.
      const options = step === "release_feedback" ? rest.filter((o) => o !== "--force") : rest;
      await run("nbgrader", [step, a, ...options], grading);
    }
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(`[grading] ${(error as Error).message}`);
    Deno.exit(1);
  }
}
