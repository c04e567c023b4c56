import { parseStrictJson, readLenient } from './lenient-json';

/**
 * Finds `marker` in script text and reads the object or array literal that follows it
 * (`var meta = {...}`, `"ecommerce": {...}`, `utag_data = {...}`), without evaluating anything.
 */
export function readAfter(text: string, marker: string, maxChars: number, from = 0): { value: unknown; at: number; end: number } | undefined {
  const at = text.indexOf(marker, from);
  if (at < 0) return undefined;
  const start = valueStart(text, at + marker.length);
  if (start < 0) return undefined;
  const result = readLiteral(text, start, maxChars);
  return result ? { value: result.value, at, end: result.end } : undefined;
}

/** Index of the `{` or `[` that opens the value after a marker (past quotes, `:`, `=`, `(`, `||`), or -1. */
export function valueStart(text: string, from: number): number {
  const limit = Math.min(text.length, from + 80);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '{' || c === '[') return i;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '"' || c === "'" || c === ':' || c === '=' || c === '(' || c === '|' || c === ',') continue;
    if (c === 'w' && text.startsWith('window.', i)) return -1;
    return -1;
  }
  return -1;
}

/**
 * Reads an object/array literal at `start`: bracket matching to find its end, native JSON.parse
 * on that span when it is plain JSON (fast), the lenient reader otherwise.
 */
export function readLiteral(text: string, start: number, maxChars: number): { value: unknown; end: number } | undefined {
  const end = matchingBracket(text, start, maxChars);
  if (end < 0) return undefined;
  const strict = parseStrictJson(text.slice(start, end), true);
  if (strict) return { value: strict.value, end };
  const lenient = readLenient(text, start, end - start);
  return lenient ? { value: lenient.value, end } : undefined;
}

// The characters bracket matching must look at; everything between them is skipped natively.
const SPECIAL = /["'`{}[\]/]/g;

/** Index just past the bracket that closes the one at `start` (strings and comments honoured), or -1. */
export function matchingBracket(text: string, start: number, maxChars: number): number {
  const limit = Math.min(text.length, start + maxChars);
  let depth = 0;
  SPECIAL.lastIndex = start;
  for (let found = SPECIAL.exec(text); found && found.index < limit; found = SPECIAL.exec(text)) {
    const i = found.index;
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      // Skip a string literal: its closing quote is the first one not escaped.
      let close = i;
      do close = text.indexOf(found[0], close + 1);
      while (close > 0 && close < limit && isEscaped(text, close));
      if (close < 0 || close >= limit) return -1;
      SPECIAL.lastIndex = close + 1;
    } else if (c === 47) {
      const next = text.charCodeAt(i + 1);
      const end = next === 47 ? text.indexOf('\n', i) : next === 42 ? text.indexOf('*/', i + 2) + 1 : i;
      if (end < 1) return -1;
      SPECIAL.lastIndex = end + 1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** True when the character at `at` follows an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === 92) slashes++;
  return slashes % 2 === 1;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
