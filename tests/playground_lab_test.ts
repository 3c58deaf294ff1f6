// The playground live in JupyterLab 4 (the course's own, with jupyterlab-plotly as ./scripts/course sets it up) and in
// Notebook 7, a cell run with Shift+Enter in the "Deno (course)" kernel: it mounts, a typed η redraws the paths as
// minimize() computes them, and it keeps working after the kernel has been shut down.
// Screenshots: build/screenshots/playground_{lab,notebook7}.png.
import assert from "node:assert/strict";
import { AdaGrad, Adam, course, minimize, Momentum, SGD } from "../lib/mod.ts";
import { errors, launch, newPage } from "./_browser.ts";
import { type Frontend, openNotebook, pageErrors, runCellByCell, startJupyter } from "./_lab.ts";
import { codeNotebook, root } from "./_notebook.ts";
import { assertPathsClose, change, helpers, paths } from "./_playground.ts";

const live = `${root}build/live-playground`;
const path = "notebooks/playground.ipynb";

for (const [frontend, name] of [["lab", "JupyterLab"], ["notebook", "Notebook 7"]] as [Frontend, string][]) {
  Deno.test(`the playground works in a live ${name} after its cell ran, and after the kernel is shut down`, async () => {
    await Deno.remove(live, { recursive: true }).catch(() => {});
    await Deno.mkdir(`${live}/notebooks`, { recursive: true });
    await Deno.symlink(`${root}lib`, `${live}/lib`);
    const sources = ['import * as L from "../lib/mod.ts";\nawait L.loadPlotly();', "L.playground(L.course)"];
    await Deno.writeTextFile(`${live}/${path}`, JSON.stringify(codeNotebook(sources), null, 1));
    const server = await startJupyter(frontend, live);
    const browser = await launch();
    try {
      const page = await newPage(browser, 1300, 1100);
      await openNotebook(page, server, path);
      const cells = await runCellByCell(page, path);
      assert.deepEqual(cells.flatMap((c) => c.outputs.filter((o) => o.type === "error")), []);
      assert.deepEqual(cells[1].outputs.map((o) => o.mime), [["text/html", "text/plain"]]);
      await page.evaluate(helpers);
      await page.locator('.lrc-playground[data-ready="true"]').waitFor({ timeout: 60_000 });

      await change(page, `p.set("lr-SGD-value", "0.5"); p.set("steps-value", "60")`);
      const expected = (sgd: number, adam: number) =>
        [new SGD({ lr: sgd }), new Momentum({ lr: 0.1 }), new AdaGrad({ lr: 1.5 }), new Adam({ lr: adam })]
          .map((opt) => minimize(course, opt, { steps: 60 }));
      assertPathsClose(await paths(page), expected(0.5, 0.3), 1e-12);
      await page.screenshot({
        path: `${root}build/screenshots/playground_${frontend === "lab" ? "lab" : "notebook7"}.png`,
        fullPage: true,
      });

      await page.evaluate(`[...window.jupyterapp.shell.widgets("main")].find((w) => w.context?.path === "${path}")
      .sessionContext.shutdown().then(() => true)`);
      await page.waitForFunction(
        `![...window.jupyterapp.shell.widgets("main")].find((w) => w.context?.path === "${path}").sessionContext.session`,
        undefined,
        { timeout: 30_000 },
      );
      await change(page, `p.set("lr-Adam-value", "0.05")`);
      assertPathsClose(await paths(page), expected(0.5, 0.05), 1e-12);
      assert.deepEqual(pageErrors(errors(page)), []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
