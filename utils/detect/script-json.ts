import { readLenient } from './lenient-json';

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
  const span = text.slice(start, end);
  try {
    return { value: JSON.parse(span), end };
  } catch {
    const lenient = readLenient(text, start, end - start);
    return lenient ? { value: lenient.value, end } : undefined;
  }
}

/** Index just past the bracket that closes the one at `start` (strings and comments honoured), or -1. */
export function matchingBracket(text: string, start: number, maxChars: number): number {
  const limit = Math.min(text.length, start + maxChars);
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      // Skip a string literal.
      for (i++; i < limit; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c) break;
      }
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
