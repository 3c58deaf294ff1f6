// HTML escaping, shared by the figures' and the notebook helpers' text/html outputs.
import { text as checkText } from "./validate.ts";

/**
 * Escapes text for HTML element content and attribute values. Callers check
 * their own options at the door; this check is the last line, so a number or
 * an object that slips through says what it is instead of "text.replaceAll is
 * not a function".
 */
export function escapeHtml(text: string): string {
  checkText("escape HTML", "text", text);
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JavaScript source in a `<script>` element: `</script` and `<!--` in it (in
 * string literals) are written `\x3C/script` and `\x3C!--`, which mean the same
 * in JavaScript but cannot end or confuse the HTML element.
 */
export function inlineScript(source: string): string {
  checkText("write a script element", "source", source);
  const safe = source.replace(/<\/script/gi, "\\x3C/script").replaceAll("<!--", "\\x3C!--");
  return `<script type="text/javascript">${safe}</script>`;
}
