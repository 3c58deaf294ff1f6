/**
 * A playground as a whole HTML page, with plotly.js and the playground's
 * bundle inside it: it opens from a file, offline, in any browser, for
 * projecting in class without Jupyter. `deno task playground` writes one:
 *
 * ```sh
 * deno task playground                      # build/playground.html, the course's function
 * deno task playground rosenbrock out.html  # another function, another file
 * ```
 *
 * @module
 */
import { escapeHtml, inlineScript } from "../_html.ts";
import { type TestFunction, testFunctions } from "../landscape/test_functions.ts";
import { plotlyScript } from "../plot/display.ts";
import { playgroundBundle } from "./bundle.ts";
import { playground, type PlaygroundOptions, playgroundOutput } from "./playground.ts";

/**
 * A self-contained HTML page with a playground on `fn`.
 *
 * @param fn A 2-D test function of the course.
 * @param options See {@linkcode PlaygroundOptions}.
 * @returns The page.
 */
export function playgroundPage(fn: TestFunction, options: PlaygroundOptions = {}): string {
  const pg = playground(fn, options);
  const output = playgroundOutput(pg, { includeLibraries: false });
  const plotly = plotlyScript({ once: false });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Optimizer playground: ${fn.name}`)}</title>
</head>
<body style="margin: 16px;">
<h1 style="font: bold 20px DejaVu Sans, Arial, sans-serif;">${escapeHtml(`Optimizer playground: ${fn.name}`)}</h1>
<p style="font: 14px/1.4 DejaVu Sans, Arial, sans-serif; max-width: 60em;">${
    escapeHtml(
      `${fn.description} Each path is the course's own optimizer run by minimize(), recomputed in this page at every change: move a slider or type a value, click on the contour to start elsewhere, hover a path to read it step by step. No server or network is needed.`,
    )
  }</p>
${plotly}
${inlineScript(playgroundBundle())}
${output["text/html"]}
</body>
</html>
`;
}

/**
 * `deno task playground [function] [file]`: writes the page for `function`
 * (a test function's id, `course` by default) to `file`
 * (`build/playground.html` by default) and prints where it is.
 *
 * @param args The command line.
 */
export async function writePlaygroundPage(args: readonly string[]): Promise<string> {
  const [id = "course", path = "build/playground.html"] = args;
  const fn = testFunctions.find((f) => f.id === id && f.dim === 2);
  if (!fn) {
    throw new RangeError(
      `Cannot write the playground page as the function must be one of ${
        testFunctions.filter((f) => f.dim === 2).map((f) => f.id).join(", ")
      }: current value is "${id}"`,
    );
  }
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(path, playgroundPage(fn));
  return path;
}

if (import.meta.main) {
  const path = await writePlaygroundPage(Deno.args);
  console.log(`wrote ${path}: open it in a browser (file://${await Deno.realPath(path)}), no server or network needed`);
}
