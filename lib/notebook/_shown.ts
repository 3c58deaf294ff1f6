// What the notebook helpers return (a table, a verdict, a summary): an object that shows itself in Jupyter.
import type { MimeBundle } from "../plot/display.ts";

/** An output that shows itself in Jupyter (through `Symbol.for("Jupyter.display")`). */
export interface Shown {
  /** What Jupyter shows: the representations by MIME type. */
  bundle: MimeBundle;
}

export function displayBundle(bundle: MimeBundle): Shown {
  const shown = { bundle };
  Object.defineProperty(shown, Symbol.for("Jupyter.display"), { value: () => bundle, enumerable: false });
  return shown;
}
