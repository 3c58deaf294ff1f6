// The figures of the executed course, read as a student sees them: each within the size budget, and every run in
// one color in every figure of its notebook (a schedule too, in the schedule plot and in the runs it drives).
import assert from "node:assert/strict";
import { type Notebook, root, runner } from "./_notebook.ts";

/** The most one figure may weigh as JSON: a notebook of a dozen figures then stays quick to open and to hand out. */
const budget = 150_000;

interface Trace {
  name?: string;
  type?: string;
  showlegend?: boolean;
  visible?: boolean;
  line?: { color?: string };
  marker?: { color?: string };
}

const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();
const out = `${root}build/test-figures`;
let executed: Map<string, { cell: number; figure: { data: Trace[] }; bytes: number }[]> | undefined;

/** Runs the whole course once through the real kernel and collects every Plotly figure, by notebook. */
async function figures() {
  if (executed) return executed;
  const { code, stdout, stderr } = await runner(["run", ...names.map((n) => `${root}notebooks/${n}`), "--out", out]);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  executed = new Map();
  for (const name of names) {
    const nb: Notebook = JSON.parse(await Deno.readTextFile(`${out}/${name}`));
    const found = nb.cells.flatMap((cell, i) =>
      (cell.outputs ?? []).flatMap((o) => {
        const figure = o.data?.["application/vnd.plotly.v1+json"] as { data: Trace[] } | undefined;
        return figure ? [{ cell: i, figure, bytes: JSON.stringify(figure).length }] : [];
      })
    );
    executed.set(name, found);
  }
  return executed;
}

// A run's label (`SGD(lr=0.95)`, with its notes), and the schedule it is driven by, if any.
const runLabel = (name: string) => {
  const label = name.split(/, (diverged|leaves)/)[0];
  return /^\w+\(lr=/.test(label) ? label : undefined;
};
const scheduleOf = (label: string) => /^\w+\(lr=(\w+\(.*\))\)/.exec(label)?.[1];
const isSchedule = (name: string) =>
  /^(constant|stepDecay|exponentialDecay|inverseTimeDecay|polynomialDecay|cosineDecay|warmup)\(/.test(name);
const colorOf = (trace: Trace) => trace.line?.color ?? trace.marker?.color;

Deno.test(`every figure of the executed course weighs at most ${budget / 1000} KB`, async () => {
  const all = await figures();
  const sizes: string[] = [];
  for (const [name, found] of all) {
    for (const { cell, bytes } of found) {
      sizes.push(`${name} cell ${cell}: ${(bytes / 1000).toFixed(0)} KB`);
      assert.ok(bytes <= budget, `${name} cell ${cell} weighs ${bytes} bytes, over the ${budget} budget`);
    }
  }
  assert.ok(sizes.length >= 20, `only ${sizes.length} figures found`);
  console.log(
    `largest figures:\n  ${
      sizes.sort((a, b) => parseInt(b.split(": ")[1]) - parseInt(a.split(": ")[1])).slice(0, 5).join("\n  ")
    }`,
  );
});

Deno.test("every run and every schedule keeps one color across the figures of its notebook", async () => {
  const all = await figures();
  for (const [name, found] of all) {
    const byRun = new Map<string, string>();
    const bySchedule = new Map<string, string>();
    const remember = (map: Map<string, string>, key: string, color: string, where: string) => {
      const seen = map.get(key);
      assert.ok(seen === undefined || seen === color, `${name} ${where}: "${key}" is ${color}, elsewhere ${seen}`);
      map.set(key, color);
    };
    for (const { cell, figure } of found) {
      // A slider shows one run at a time in one neutral color; its label names the run.
      if (figure.data.some((t) => t.visible === false)) continue;
      const inFigure = new Map<string, string>();
      for (const trace of figure.data) {
        const color = colorOf(trace);
        if (!trace.name || !color || trace.showlegend === false) continue;
        const label = runLabel(trace.name);
        if (label) {
          remember(byRun, label, color, `cell ${cell}`);
          const schedule = scheduleOf(label);
          if (schedule) remember(bySchedule, schedule, color, `cell ${cell}`);
          const other = [...inFigure].find(([l, c]) => c === color && l !== label);
          assert.ok(!other, `${name} cell ${cell}: "${label}" and "${other?.[0]}" share ${color}`);
          inFigure.set(label, color);
        } else if (isSchedule(trace.name)) {
          remember(bySchedule, trace.name, color, `cell ${cell}`);
        }
      }
    }
  }
});
