// HTML escaping, shared by the figures' and the notebook helpers' text/html outputs.

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JavaScript source in a `<script>` element: `</script` and `<!--` in it (in
 * string literals) are written `\x3C/script` and `\x3C!--`, which mean the same
 * in JavaScript but cannot end or confuse the HTML element.
 */
export function inlineScript(source: string): string {
  const safe = source.replace(/<\/script/gi, "\\x3C/script").replaceAll("<!--", "\\x3C!--");
  return `<script type="text/javascript">${safe}</script>`;
}
