// Headless Chromium for the browser tests: Debian's package (or $CHROMIUM) driven by playwright-core, pinned in
// deno.json, which downloads no browser of its own. Playwright gives the waiting, the input and the screenshots; what
// is left here is the course's own: the errors a page reported, and what its figures show.
import { type Browser, chromium, type Page } from "playwright-core";

export type { Browser, Page };

/** Starts headless Chromium. Close it with `browser.close()`. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium" });
}

const seen = new WeakMap<Page, string[]>();

/** A new page of `width` × `height` pixels whose errors {@linkcode errors} collects. */
export async function newPage(browser: Browser, width = 1200, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  const found: string[] = [];
  seen.set(page, found);
  page.on("pageerror", (e) => found.push(`exception: ${e.stack ?? e.message}`));
  // Console errors include the resources the page failed to load ("Failed to load resource: …" and its URL).
  page.on("console", (m) => {
    if (m.type() === "error") found.push(`console.error: ${m.text()} ${m.location().url}`.trim());
  });
  // A new document starts with no errors.
  page.on("request", (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) found.length = 0;
  });
  return page;
}

/** What `page` reported as errors since it last navigated: uncaught exceptions, console.error, failed loads. */
export function errors(page: Page): string[] {
  return seen.get(page) ?? [];
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
 * it, and how many contour lines, markers and slider steps it has.
 */
export const figureReport = `(() => Array.from(document.querySelectorAll(".lrc-figure")).map((el) => ({
  id: el.id,
  drawn: !!el.querySelector(".main-svg"),
  title: el.querySelector(".gtitle")?.textContent ?? "",
  contourLines: el.querySelectorAll(".contourlevel path").length,
  points: el.querySelectorAll(".scatterlayer .point").length,
  lines: el.querySelectorAll(".scatterlayer .js-line").length,
  sliderSteps: el.querySelectorAll(".slider-container .slider-tick-rect").length,
  buttons: el.querySelectorAll(".updatemenu-button").length,
  message: el.querySelector(".plotly-notifier")?.textContent ?? (el.querySelector(".main-svg") ? "" : el.textContent.slice(0, 200)),
})))()`;

/** One entry of {@linkcode figureReport}. */
export interface FigureState {
  id: string;
  drawn: boolean;
  title: string;
  contourLines: number;
  points: number;
  lines: number;
  sliderSteps: number;
  buttons: number;
  message: string;
}
