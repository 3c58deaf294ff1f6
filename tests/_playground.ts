// Driving a playground (lib/playground/) in a page from a test: page-side helpers, a change that waits for the
// redraw, the drawn paths, and their comparison with minimize().
import assert from "node:assert/strict";
import type { Page } from "./_browser.ts";

/** Page-side helpers, installed once per page: `window.pg` drives the playground with index `i`. */
export const helpers = `window.pg = (i = 0) => {
  const root = document.querySelectorAll(".lrc-playground")[i];
  const field = (name) => root.querySelector('[name="' + name + '"]');
  return {
    root,
    ready: () => root.dataset.ready === "true",
    redraws: () => root.lrcPlayground.redraws(),
    settings: () => root.lrcPlayground.settings(),
    note: () => root.querySelector(".lrc-pg-note").textContent,
    readout: () => root.querySelector(".lrc-pg-readout").textContent,
    value: (name) => field(name).value,
    paths: () => root.querySelector(".lrc-pg-paths").data.filter((t) => Array.isArray(t.customdata))
      .map((t) => ({ name: t.name, x: t.x, y: t.y })),
    start: () => { const t = root.querySelector(".lrc-pg-paths").data.find((t) => t.name === "start"); return [t.x, t.y]; },
    // Sets a control as a user would leave it and fires what the browser fires: input (and change when committed).
    set: (name, value, commit = true) => {
      const el = field(name);
      if (el.type === "checkbox") el.checked = value; else el.value = String(value);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      if (commit || el.type === "checkbox" || el.tagName === "SELECT") el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    click: (selector) => root.querySelector(selector).click(),
  };
}; true`;

/** A path as drawn: its legend name and points. */
export interface Path {
  name: string;
  x: number[];
  y: number[];
}

/** Opens `url` and waits until its `count` playgrounds are mounted. */
export async function openPage(page: Page, url: string, count = 1): Promise<void> {
  await page.goto(url);
  await page.evaluate(helpers);
  await page.waitForFunction(
    `document.querySelectorAll(".lrc-playground").length === ${count} && [...Array(${count}).keys()].every((i) => pg(i).ready())`,
    undefined,
    { timeout: 60_000 },
  );
}

/** Runs `action` (page-side, using `p`) and waits until the playground has redrawn. */
export async function change(page: Page, action: string, i = 0): Promise<void> {
  const before = await page.evaluate<number>(`pg(${i}).redraws()`);
  await page.evaluate(`(() => { const p = pg(${i}); ${action}; return true; })()`);
  await redrawn(page, before, i);
}

/** Waits until playground `i` has drawn more than `before` times and no redraw is pending. */
export async function redrawn(page: Page, before: number, i = 0): Promise<void> {
  await page.waitForFunction(`pg(${i}).redraws() > ${before}`, undefined, { timeout: 10_000 });
  await settle(page, i);
}

/** Waits until no redraw is pending (a slider may queue one more). */
export async function settle(page: Page, i = 0): Promise<void> {
  let last = -1;
  while (true) {
    await page.waitForTimeout(60);
    const now = await page.evaluate<number>(`pg(${i}).redraws()`);
    if (now === last) return;
    last = now;
  }
}

/** The paths drawn by playground `i`. */
export const paths = (page: Page, i = 0) => page.evaluate<Path[]>(`pg(${i}).paths()`);

/** Asserts the drawn paths are the runs' points, each coordinate within `tol`. */
export function assertPathsClose(drawn: Path[], expected: { label: string; points: number[][] }[], tol: number) {
  assert.deepEqual(drawn.map((p) => p.name), expected.map((r) => r.label));
  drawn.forEach((path, k) => {
    const want = expected[k].points;
    assert.equal(path.x.length, want.length, `${path.name}: ${path.x.length} points drawn, ${want.length} computed`);
    let worst = 0;
    want.forEach((p, t) => {
      worst = Math.max(worst, Math.abs(path.x[t] - p[0]), Math.abs(path.y[t] - p[1]));
    });
    assert.ok(worst <= tol, `${path.name}: drawn and computed points differ by up to ${worst}`);
  });
}
