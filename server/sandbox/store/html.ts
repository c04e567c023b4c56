/**
 * Escaping HTML builder for the demo store: every interpolated value is escaped unless it is already
 * `Html` (built by this tag or `unsafeHtml`), arrays are joined. Lab pages echo query parameters, so
 * nothing reaches the page unescaped by accident.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup written in this codebase (never page input). */
export function unsafeHtml(markup: string): Html {
  return new Html(markup);
}

/** JSON for a `<script>` element: `<` escaped so the data cannot close the element. */
export function jsonForScript(data: unknown, indent?: number): Html {
  return new Html(JSON.stringify(data, null, indent).replaceAll('<', '\\u003c'));
}
