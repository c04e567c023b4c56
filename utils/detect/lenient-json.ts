/**
 * A forgiving reader for the JSON and JavaScript object literals stores embed in pages. It never
 * evaluates code: it reads JSON plus the JS-isms that are cheap to accept (comments, trailing
 * commas, single quotes, unquoted keys, raw control characters, `undefined`), and skips any other
 * expression up to the next `,` or closing bracket. Work is capped by depth and by value count.
 */
export interface LenientResult {
  value: unknown;
  /** Index just past the value. */
  end: number;
}

/**
 * What the reader throws to give up: a plain object, because building an Error captures a stack
 * trace, and the first one a page makes can cost it tens of milliseconds.
 */
const STOP = { stop: true } as const;

const MAX_DEPTH = 64;
const MAX_VALUES = 100_000;

class Reader {
  // Assigned in the constructor rather than as class fields, which would cost a defineProperty each.
  declare readonly text: string;
  declare readonly limit: number;
  declare pos: number;
  declare values: number;
  /** Where the next backslash is (text.length when there is none), so strings need not look again. */
  declare slashAt: number;
  constructor(text: string, start: number, limit: number) {
    this.text = text;
    this.limit = limit;
    this.pos = start;
    this.values = 0;
    this.slashAt = -1;
  }

  skipSpace(): void {
    const { text, limit } = this;
    while (this.pos < limit) {
      const c = text.charCodeAt(this.pos);
      if (c <= 32 || c === 0xa0 || c === 0xfeff) {
        this.pos++;
      } else if (c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl < 0 || nl > limit ? limit : nl + 1;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const close = text.indexOf('*/', this.pos + 2);
        this.pos = close < 0 || close > limit ? limit : close + 2;
      } else if (c === 60 /* < */ && text.startsWith('<!--', this.pos)) {
        this.pos += 4;
      } else if (c === 45 /* - */ && text.startsWith('-->', this.pos)) {
        this.pos += 3;
      } else {
        return;
      }
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH || ++this.values > MAX_VALUES) throw STOP;
    this.skipSpace();
    if (this.pos >= this.limit) throw STOP;
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'" || c === '`') return this.string(c);
    if (c === '-' || c === '+' || c === '.' || (c !== undefined && c >= '0' && c <= '9')) {
      const number = this.number();
      if (number !== undefined) return number;
    }
    return this.other();
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.limit) throw STOP;
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return out;
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      const key = this.key();
      this.skipSpace();
      if (this.text[this.pos] === ':') {
        this.pos++;
        const value = this.value(depth + 1);
        this.skipRestOfExpression();
        if (value !== undefined && key !== '__proto__') out[key] = value;
      } else if (key) {
        // Shorthand property (`{ sku, name }`): the value is a variable we cannot read.
        continue;
      } else {
        throw STOP;
      }
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.limit) throw STOP;
      const c = this.text[this.pos];
      if (c === ']') {
        this.pos++;
        return out;
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      const value = this.value(depth + 1);
      this.skipRestOfExpression();
      if (value !== undefined) out.push(value);
    }
  }

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'" || c === '`') return this.string(c);
    const match = /[$\w\u00c0-\uffff-]+/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || match.lastIndex > this.limit) {
      // `[computed]: value` and other exotic keys: skip the key expression, keep going.
      if (c === '[') {
        this.skipBalanced();
        return '';
      }
      throw STOP;
    }
    this.pos = match.lastIndex;
    return found[0];
  }

  string(quote: string): string {
    const { text, limit } = this;
    let out = '';
    let from = ++this.pos;
    // Native searches for the closing quote and the next backslash, not a loop over every character.
    for (;;) {
      const close = text.indexOf(quote, this.pos);
      if (close < 0 || close >= limit) throw STOP;
      if (this.slashAt < this.pos) this.slashAt = nextIndex(text, '\\', this.pos);
      if (this.slashAt > close) {
        out += text.slice(from, close);
        this.pos = close + 1;
        return out;
      }
      out += text.slice(from, this.slashAt);
      this.pos = this.slashAt;
      out += this.escape();
      from = this.pos;
    }
  }

  escape(): string {
    const { text } = this;
    const c = text[this.pos + 1] ?? '';
    this.pos += 2;
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case '\r':
      case '\n':
        return '';
      case 'x':
      case 'u': {
        let hex: string;
        if (c === 'u' && text[this.pos] === '{') {
          const close = text.indexOf('}', this.pos);
          hex = close > 0 && close - this.pos <= 7 ? text.slice(this.pos + 1, close) : '';
          this.pos = hex ? close + 1 : this.pos;
        } else {
          hex = text.slice(this.pos, this.pos + (c === 'x' ? 2 : 4));
          if (/^[0-9a-f]+$/i.test(hex) && hex.length === (c === 'x' ? 2 : 4)) this.pos += hex.length;
          else hex = '';
        }
        const code = hex ? parseInt(hex, 16) : NaN;
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : c;
      }
      default:
        return c;
    }
  }

  number(): number | undefined {
    const match = /[-+]?(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/iy;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) return undefined;
    this.pos = match.lastIndex;
    return Number(found[0]);
  }

  /** Literals, and anything else a JS value can be, skipped up to the next `,` `}` `]` at this level. */
  other(): unknown {
    const word = /[A-Za-z_$][\w$]*/y;
    word.lastIndex = this.pos;
    const found = word.exec(this.text);
    if (found) {
      const after = this.peekAfter(word.lastIndex);
      const standalone = after === ',' || after === '}' || after === ']' || after === ';' || after === ')' || after === '';
      if (standalone) {
        const literal = LITERALS.get(found[0]);
        this.pos = word.lastIndex;
        if (literal !== undefined) return literal.value;
        return undefined;
      }
    }
    const start = this.pos;
    this.skipExpression();
    if (this.pos === start) throw STOP;
    return undefined;
  }

  /** `"a" + b` or `x || 0`: keep what was read, skip the rest of the expression. */
  skipRestOfExpression(): void {
    this.skipSpace();
    const c = this.text[this.pos];
    if (this.pos < this.limit && c !== ',' && c !== '}' && c !== ']') this.skipExpression();
  }

  peekAfter(index: number): string {
    const saved = this.pos;
    this.pos = index;
    this.skipSpace();
    const c = this.pos < this.limit ? (this.text[this.pos] ?? '') : '';
    this.pos = saved;
    return c;
  }

  skipExpression(): void {
    while (this.pos < this.limit) {
      const c = this.text[this.pos];
      if (c === ',' || c === '}' || c === ']' || c === ';' || c === ')') return;
      if (c === '{' || c === '[' || c === '(') this.skipBalanced();
      else if (c === '"' || c === "'" || c === '`') this.string(c);
      else if (c === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*')) this.skipSpace();
      else this.pos++;
    }
  }

  /** Skips a bracketed span, honouring strings, so `function () { ... }` and `f(a, b)` vanish whole. */
  skipBalanced(): void {
    let depth = 0;
    const { text, limit } = this;
    while (this.pos < limit) {
      const c = text[this.pos];
      if (c === '"' || c === "'" || c === '`') {
        this.string(c);
        continue;
      }
      if (c === '/' && (text[this.pos + 1] === '/' || text[this.pos + 1] === '*')) {
        this.skipSpace();
        continue;
      }
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') {
        depth--;
        if (depth <= 0) {
          this.pos++;
          return;
        }
      }
      this.pos++;
    }
  }
}

const LITERALS = new Map<string, { value: unknown }>([
  ['true', { value: true }],
  ['false', { value: false }],
  ['null', { value: null }],
  ['undefined', { value: undefined }],
  ['NaN', { value: null }],
  ['Infinity', { value: null }],
]);

function nextIndex(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

// Signs that text is not JSON: trailing commas, comments; in scripts also single quotes and unquoted keys.
const NOT_JSON = /,\s*[}\]]|^\s*(?:\/[/*]|<!--|[{[]\s*&(?:quot|#34);)/;
const NOT_JSON_SCRIPT = /'|[{,]\s*[A-Za-z_$][\w$]*\s*:|,\s*[}\]]|^\s*(?:\/[/*]|<!--)/;

/**
 * JSON.parse for text that may not be JSON, without ever letting it fail: text that shows signs of
 * not being JSON is left to the lenient reader, and a failure returns undefined. (A failing
 * JSON.parse builds a SyntaxError, and the first Error a page makes can cost it tens of
 * milliseconds.) `script` text, an object literal from a script, is more often JavaScript.
 */
export function parseStrictJson(text: string, script = false): { value: unknown } | undefined {
  if ((script ? NOT_JSON_SCRIPT : NOT_JSON).test(text)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Reads one value starting at `start` (after any space or comments). Returns undefined when the
 * text is not readable as a value; never throws.
 */
export function readLenient(text: string, start = 0, maxLength = text.length): LenientResult | undefined {
  const reader = new Reader(text, start, Math.min(text.length, start + maxLength));
  try {
    const value = reader.value(0);
    return { value, end: reader.pos };
  } catch {
    return undefined;
  }
}

/** Parses text that should be JSON: native JSON.parse first (fast), the lenient reader when that fails. */
export function parseJsonish(text: string, maxLength = text.length): unknown {
  const strict = text.length <= maxLength ? parseStrictJson(text) : undefined;
  return strict ? strict.value : readLenient(text, 0, maxLength)?.value;
}

/**
 * Reads every top-level value in text that may hold several (`{...}{...}`, `{...},{...}`), as
 * some stores concatenate JSON-LD blocks into one script.
 */
export function readAllLenient(text: string, maxLength = text.length, maxValues = 20): unknown[] {
  const out: unknown[] = [];
  const limit = Math.min(text.length, maxLength);
  let pos = 0;
  while (pos < limit && out.length < maxValues) {
    const next = nextBracket(text, pos, limit);
    if (next < 0) break;
    const result = readLenient(text, next, limit - next);
    if (!result) {
      pos = next + 1;
      continue;
    }
    out.push(result.value);
    pos = result.end;
  }
  return out;
}

function nextBracket(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) return i;
  }
  return -1;
}
