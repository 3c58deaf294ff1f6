// Sentences found false once, and kept out of every notebook, the teacher's guide and the README: each test fails if
// the phrase comes back. A notebook's own claims are in tests/claims_NN_<notebook>_test.ts.
import assert from "node:assert/strict";

const retracted: [string, string][] = [
  ["keep their order", "on the valley plain SGD comes second, on the digits it is slowest"],
  ["Nesterov diverges already", "Nesterov in the book's 2021 form converges on Rosenbrock at η = 0.001"],
  ["RMSProp and Adam keep going", "RMSProp hovers 0.12 from (1, 1) with a constant rate"],
  ["use a large default", "PyTorch's AdaGrad defaults to 0.01, Keras's to 0.001"],
  ["has already moved", "AdaGrad shrinks a rate by accumulated squared gradients, not by distance"],
  ["keeps falling slowly", "x's rate is flat near 1.18 from about step 15"],
  ["Nobody told AdaGrad to slow down", "near the minimum the steps shrink with the gradient; x's rate is flat"],
  ["Adam comes first", "three seeds do not separate Adam from AdaGrad in notebook 6's sweep"],
  ["about 20 lines", "lib/optim/adagrad.ts is far longer with its documentation; the update is two lines"],
  ["do not look at the new picture yet", "rerunning the cells above draws it"],
  ["only get smaller", "AdaGrad's later steps are bounded by η, not monotone"],
  ["badly aimed steps", "warm-up's reason is that Adam's first step moves every weight by about η"],
  ["The AdaGrad class the post prints", "the copy of the post we have is lossy"],
  ["rarely lined up with their coordinates", "not shown by anything in the course"],
  ["is distance it could not travel, not noise", "over 20 seeds the run freezes wherever the noise left it"],
  ["shrink so nicely near the minimum", "notebook 3 measures x's rate 1.19 → 1.18 while the step falls 7-fold"],
  [
    "near $\\epsilon^{1/3} \\approx 10^{-5}$",
    "the bottom of the V is near 3e-6 here, and h* depends on |f| and |f'''|",
  ],
  ["hardly matters", "where ε goes matters for tiny gradients"],
  ["the book's choices", "the book gives rates for SGD, Momentum, AdaGrad and Adam only"],
  ["85–90%", "test accuracy ranges from 85.2% to 90.2%"],
  ["why adaptive methods train networks faster", "not shown by anything in the course"],
  ["fast at the start", "Momentum leads SGD only during steps 1 to 4"],
  ["One global rate cannot suit both", "over five data sets SGD's accuracy on all examples is level at η = 1 and 3"],
  ["against SGD's 83% and 86%", "true for data seed 1 only: on other seeds SGD's best rate is 3, level with AdaGrad"],
];
for (const [phrase, why] of retracted) {
  Deno.test(`no notebook, guide or README says "${phrase}" again (${why})`, () => {
    const files = [...Deno.readDirSync(new URL("../notebooks/", import.meta.url))]
      .filter((e) => e.name.endsWith(".ipynb") || e.name === "README.md")
      .map((e) => new URL(`../notebooks/${e.name}`, import.meta.url));
    for (const file of [...files, new URL("../README.md", import.meta.url)]) {
      const text = Deno.readTextFileSync(file).replace(/\\\\/g, "\\");
      assert.ok(!text.includes(phrase), `${file.pathname} says "${phrase}"`);
    }
  });
}
