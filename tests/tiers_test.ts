// The test tiers of deno.json: test:fast leaves out exactly the files test:kernel and test:browser run, and every test
// file is in one tier, so ./scripts/test (which runs the three) runs every test once.
import assert from "node:assert/strict";
import { root } from "./_notebook.ts";

const config = Deno.readTextFileSync(`${root}deno.json`).replace(/^\s*\/\/.*$/gm, ""); // its comment lines
const tasks: Record<string, string> = JSON.parse(config).tasks;
const files = [...Deno.readDirSync(`${root}tests`)].map((e) => `tests/${e.name}`).filter((f) => f.endsWith("_test.ts"));

/** The test files a `tests/…` pattern (`*` for any characters but "/") names. */
function expand(pattern: string): string[] {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")}$`);
  return files.filter((f) => re.test(f));
}

/** The test files a tier's task names on its command line. */
function tier(name: string): string[] {
  return tasks[`test:${name}`].split(" ").filter((w) => w.startsWith("tests/")).flatMap(expand).sort();
}

/** The test files test:fast leaves out with --ignore (written `**\/tests/…`: see deno.json). */
function ignored(): string[] {
  const flag = tasks["test:fast"].split(" ").find((w) => w.startsWith("--ignore="))!;
  return flag.slice("--ignore=".length).split(",").map((p) => p.replace(/^\*\*\//, "")).flatMap(expand).sort();
}

Deno.test("test:fast leaves out exactly the test files of test:kernel, test:browser and test:class", () => {
  assert.deepEqual(ignored(), [...tier("kernel"), ...tier("browser"), ...tier("class")].sort());
});

Deno.test("no test file is in two of test:kernel, test:browser and test:class, and every pattern names a file", () => {
  const all = [...tier("kernel"), ...tier("browser"), ...tier("class")];
  assert.deepEqual(all.filter((f, i) => all.indexOf(f) !== i), []);
  for (const name of ["kernel", "browser", "class"]) {
    for (const pattern of tasks[`test:${name}`].split(" ").filter((w) => w.startsWith("tests/"))) {
      assert.ok(expand(pattern).length > 0, `test:${name}: ${pattern} names no test file`);
    }
  }
});

Deno.test("test:fast and test run the JSDoc examples of lib/ and the README's snippet", () => {
  for (const name of ["test", "test:fast"]) {
    assert.match(tasks[name], /^deno test --allow-all --doc .*lib\/ tests\/ README\.md$/, name);
  }
});
