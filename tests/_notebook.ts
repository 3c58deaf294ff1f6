// Helpers for tests that execute notebooks with the project's runner (scripts/notebooks.py, nbclient through the relay).

/** A notebook cell as nbformat 4 writes it. */
export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown";
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
  metadata: Record<string, unknown>;
}

/** One output of a code cell. */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** A notebook as nbformat 4 writes it. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook for the Deno kernel made of the given code cells. */
export function codeNotebook(sources: string[]): Notebook {
  return {
    cells: sources.map((source, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      source,
      outputs: [],
      execution_count: null,
      metadata: {},
    })),
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The text of a stream output or of a text/plain representation. */
export function text(value: string | string[] | unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

/** Where scripts/setup.sh installs Deno and Jupyter (`$COURSE_HOME`, as there). */
export const courseHome = Deno.env.get("COURSE_HOME") ??
  `${Deno.env.get("XDG_DATA_HOME") ?? `${Deno.env.get("HOME")}/.local/share`}/lr-course`;

/** The Python of the course's Jupyter environment (scripts/requirements.txt). */
export const python = Deno.env.get("COURSE_PYTHON") ?? `${courseHome}/venv/bin/python`;

/** The `jupyter` command of the course's Jupyter environment. */
export const jupyter = python.replace(/python[\d.]*$/, "jupyter");

/** Where the repository is. */
export const root = new URL("..", import.meta.url).pathname;

/** Runs scripts/notebooks.py with `args` (and `env` added to the environment); returns its exit code and output. */
export async function runner(
  args: string[],
  env?: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(python, {
    args: [`${root}scripts/notebooks.py`, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Removes the terminal colors the Deno kernel puts in text/plain values. */
export function stripColors(value: string): string {
  // deno-lint-ignore no-control-regex
  return value.replace(/\x1b\[[0-9;]*m/g, "");
}
