// The runner's stress notebook: 20 cells that mix figure-sized outputs (hundreds
// of KB), one multi-MB output, console.log lines and plain values. Every output
// carries its cell's number, so a lost or misattributed output is visible.
import { codeNotebook, type Notebook, type Output, stripColors, text } from "./_notebook.ts";

/** What each cell must produce: one tag per output, in order. */
export type Expected = string[][];

export function stressNotebook(): { notebook: Notebook; expected: Expected } {
  const sources: string[] = [];
  const expected: Expected = [];
  for (let i = 0; i < 20; i++) {
    const kind = i === 7 ? "huge" : ["value", "log", "figure", "returned-figure"][i % 4];
    switch (kind) {
      case "value":
        sources.push(`${i} * 1000 + 1`);
        expected.push([`result:${i * 1000 + 1}`]);
        break;
      case "log":
        sources.push(`console.log("log ${i}");\n"value ${i}"`);
        expected.push([`stream:log ${i}`, `result:value ${i}`]);
        break;
      case "figure": // awaited mid-cell display of ~300 KB, then a log line, then a value
        sources.push(
          `await Deno.jupyter.display({ "text/html": "<div id='fig${i}'>" + "x".repeat(300_000) + "</div>", "text/plain": "figure ${i}" }, { raw: true });\n` +
            `console.log("after figure ${i}");\n${i}`,
        );
        expected.push([`display:figure ${i}`, `stream:after figure ${i}`, `result:${i}`]);
        break;
      case "returned-figure": // ~400 KB as the cell's value, through Symbol.for("Jupyter.display")
        sources.push(
          `({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<div id='ret${i}'>" + "y".repeat(400_000) + "</div>", "text/plain": "returned ${i}" }) })`,
        );
        expected.push([`result:returned ${i}`]);
        break;
      case "huge": // 5 MB, as big as plotly.js
        sources.push(
          `console.log("before huge ${i}");\nawait Deno.jupyter.display({ "text/plain": "huge ${i} " + "z".repeat(5_000_000) }, { raw: true });\n"value ${i}"`,
        );
        expected.push([`stream:before huge ${i}`, `display:huge ${i}`, `result:value ${i}`]);
        break;
    }
  }
  return { notebook: codeNotebook(sources), expected };
}

/** Tags the outputs of a cell the way {@linkcode stressNotebook} lists them. */
export function tags(outputs: Output[]): string[] {
  return outputs.map((o) => {
    if (o.output_type === "stream") return `stream:${text(o.text).trim()}`;
    const plain = stripColors(text(o.data?.["text/plain"])).replace(/^"|"$/g, "");
    const short = plain.length > 40 ? plain.slice(0, plain.indexOf(" ", 6)) : plain;
    if (o.output_type === "display_data") return `display:${short}`;
    if (o.output_type === "execute_result") return `result:${short}`;
    return `error:${o.ename}: ${o.evalue}`;
  });
}
