/**
 * The playground's page code: `_page.ts` and the parts of lib/ it imports
 * (optimizers, schedules, test functions, `minimize()`, figure pieces),
 * bundled for the browser by `deno bundle --platform browser`, once per
 * kernel session, and shipped to the page once per session like plotly.js.
 *
 * `deno bundle` needs esbuild, which Deno fetches from the npm registry the
 * first time and keeps in its cache; `./scripts/course` and `./scripts/test`
 * do that once, after which bundling works offline.
 *
 * @module
 */
import { inlineScript } from "../_html.ts";

const entry = new URL("./_page.ts", import.meta.url);

let bundled: string | undefined;
// Whether this kernel session has sent the bundle to the page (module state, as for plotly.js in plot/display.ts).
let shipped = false;

/**
 * The browser bundle of the playground, built the first time it is asked
 * for in this process and kept: the optimizers' readable loops, as in the notebooks.
 *
 * @returns The bundle: a script that defines `window.lrcPlayground`.
 */
export function playgroundBundle(): string {
  if (bundled !== undefined) return bundled;
  const action = "bundle the playground for the browser";
  if (entry.protocol !== "file:") {
    throw new Error(`Cannot ${action} as lib/ must be a local folder: current value is ${entry.href}`);
  }
  const dir = Deno.makeTempDirSync({ prefix: "lrc_playground_" });
  try {
    const out = `${dir}/playground.js`;
    const args = ["bundle", "--platform", "browser", "--format", "iife", "--minify", "--no-config", "--no-lock"];
    const result = new Deno.Command(Deno.execPath(), {
      args: [...args, "--output", out, Deno.realPathSync(entry)],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).outputSync();
    if (!result.success) {
      const log = new TextDecoder().decode(result.stderr).split("\n").filter((l) => !l.includes("is experimental"))
        .join("\n").trim();
      throw new Error(
        `Cannot ${action} as 'deno bundle' failed (the first bundle needs esbuild from the npm registry: run ./scripts/course once with network access): ${log}`,
      );
    }
    bundled = Deno.readTextFileSync(out);
    return bundled;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/**
 * The bundle in a `<script>` element the first time this kernel session asks,
 * `""` after that.
 *
 * @returns The element, or `""`.
 */
export function playgroundBundleOnce(): string {
  if (shipped) return "";
  const html = inlineScript(playgroundBundle());
  shipped = true;
  return html;
}
