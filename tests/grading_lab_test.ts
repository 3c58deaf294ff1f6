// nbgrader's JupyterLab 4 extensions in the course's JupyterLab (scripts/requirements.txt pins nbgrader): the
// Assignments, Courses and Formgrader commands are there, and the Formgrader opens on the course directory grading/
// with every assignment of grading/source/ listed. Headless Chromium, as the other *lab_test.ts files.
import assert from "node:assert/strict";
import { join } from "node:path";
import { errors, launch, newPage } from "./_browser.ts";
import { pageErrors, startJupyter } from "./_lab.ts";
import { courseNotebooks, root, venvBin } from "../scripts/grading.ts";

Deno.test({
  name:
    "JupyterLab has nbgrader's Assignments, Courses and Formgrader, and the Formgrader lists the course's notebooks",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // A copy of grading/ (config and source/) under build/, so the gradebook it makes stays out of the repository.
    Deno.mkdirSync(join(root, "build"), { recursive: true });
    const dir = Deno.makeTempDirSync({ dir: join(root, "build"), prefix: "grading-lab-" });
    Deno.copyFileSync(join(root, "grading", "nbgrader_config.py"), join(dir, "nbgrader_config.py"));
    const names = courseNotebooks().map((f) => f.replace(/\.ipynb$/, ""));
    for (const name of names) {
      Deno.mkdirSync(join(dir, "source", name), { recursive: true });
      Deno.copyFileSync(
        join(root, "grading", "source", name, `${name}.ipynb`),
        join(dir, "source", name, `${name}.ipynb`),
      );
    }
    // nbgrader finds its nbgrader_config.py, and so the course directory, in the server's working folder; it runs
    // alembic from its environment when it makes the gradebook; and its exchange is a folder of this test's.
    const exchange = join(dir, "exchange");
    Deno.mkdirSync(exchange, { mode: 0o1777 });
    const saved = { PATH: Deno.env.get("PATH") ?? "", LR_COURSE_EXCHANGE: Deno.env.get("LR_COURSE_EXCHANGE") };
    Deno.env.set("PATH", `${venvBin()}:${saved.PATH}`);
    Deno.env.set("LR_COURSE_EXCHANGE", exchange);
    const cwd = Deno.cwd();
    Deno.chdir(dir);
    const server = await startJupyter("lab", dir).finally(() => {
      Deno.chdir(cwd);
      Deno.env.set("PATH", saved.PATH);
      if (saved.LR_COURSE_EXCHANGE === undefined) Deno.env.delete("LR_COURSE_EXCHANGE");
      else Deno.env.set("LR_COURSE_EXCHANGE", saved.LR_COURSE_EXCHANGE);
    });
    const browser = await launch();
    try {
      const page = await newPage(browser);
      await page.goto(`http://127.0.0.1:${server.port}/lab?reset`);
      await page.waitForFunction(
        "window.jupyterapp && window.jupyterapp.commands.hasCommand('nbgrader:open-formgrader')",
        undefined,
        {
          timeout: 90_000,
        },
      );
      for (
        const command of ["nbgrader:open-assignment-list", "nbgrader:open-course-list", "nbgrader:open-formgrader"]
      ) {
        assert.equal(
          await page.evaluate(`window.jupyterapp.commands.hasCommand(${JSON.stringify(command)})`),
          true,
          command,
        );
      }
      // The Formgrader's own page, served by its server extension from this course directory.
      const formgrader = await newPage(browser);
      await formgrader.goto(`http://127.0.0.1:${server.port}/formgrader/manage_assignments`);
      await formgrader.waitForFunction(
        `${JSON.stringify(names)}.every((n) => document.body.innerText.includes(n))`,
        undefined,
        { timeout: 60_000 },
      ).catch(async (e) => {
        throw new Error(
          `${(e as Error).message}\npage: ${(await formgrader.innerText("body")).slice(0, 2000)}\n${
            server.log().slice(-3000)
          }`,
        );
      });
      assert.doesNotMatch(await formgrader.innerText("body"), /exchange directory .* does not exist/);
      assert.deepEqual(pageErrors(errors(page)), []);
    } finally {
      await browser.close();
      await server.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
