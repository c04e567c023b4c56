import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';

// One window for every parse: DOMParser documents never run their scripts.
const window = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
  },
});
const parser = new window.DOMParser();

export function parseHtml(html: string): Document {
  return parser.parseFromString(html, 'text/html') as unknown as Document;
}

export function readFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/detect/${name}`, import.meta.url), 'utf8');
}

/** A page whose head and body hold the given markup. */
export function page(body: string, head = ''): Document {
  return parseHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
}
