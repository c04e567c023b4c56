const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', reg: '®', trade: '™', copy: '©', hellip: '…',
};

/** Decodes the HTML entities that stores leave in JSON and attribute text (`&quot;`, `&#39;`, `&#x2F;`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Trims, decodes entities and collapses white space; '' for anything that is not a string or number. */
export function cleanText(value: unknown, maxLength = 300): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return '';
  const text = decodeEntities(value).replace(/\s+/g, ' ').trim();
  return text.length > maxLength ? text.slice(0, maxLength).trimEnd() : text;
}

/** An absolute http(s) URL, or undefined (data:, javascript: and unparsable values are dropped). */
export function absoluteUrl(value: unknown, base: string): string | undefined {
  const text = cleanText(value, 2048);
  if (!text) return undefined;
  try {
    const url = new URL(text.startsWith('//') ? `https:${text}` : text, base || undefined);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// Labels stores put in front of the value ("SKU: 123", "Item # 123", "Art.-Nr. 123"); "SKU-123" keeps its prefix.
const ID_LABEL =
  /^(sku|item|style|product|model|art(?:ikel)?|ref(?:erence)?|réf(?:érence)?|part|mpn|ean|upc|gtin|asin)((?:[\s.-]*(?:#|no\.?|nr\.?|number|nummer|code|id)(?![a-z]))?)(\s*[:#]?\s*)/i;
const PLACEHOLDERS = new Set(
  'sku item style product model art artikel ref reference part mpn ean upc gtin asin code id no nr number nummer artikelnummer na n/a n.a. none null undefined nil false true tbd unknown default -'.split(' '),
);

/**
 * Turns raw text into a usable id: strips a leading label, rejects placeholders (all zeros, "N/A",
 * the label itself, template leftovers) and sentences. Returns '' when nothing usable is left.
 */
export function normalizeId(raw: unknown): string {
  let text = cleanText(raw, 200);
  if (!text) return '';
  // Most ids have no space, colon or '#', so most never meet the label pattern.
  if (/[\s:#.]/.test(text)) {
    const label = ID_LABEL.exec(text);
    if (label && (label[2] || label[3])) text = text.slice(label[0].length);
    text = text.replace(/^[#:\s]+/, '').replace(/[.,;:]+$/, '');
  }
  if (text.length === 0 || text.length > 64) return '';
  if (PLACEHOLDERS.has(text.toLowerCase())) return '';
  if (/^[-0_.\s]+$/.test(text)) return '';
  if (/[{}<>]|\$\{|%[a-z]/i.test(text)) return '';
  if (looksLikePhoneOrPrice(text)) return '';
  // More than three words is a sentence, not an id.
  if (text.split(' ').length > 3) return '';
  if (!/[0-9a-z]/i.test(text)) return '';
  return text;
}

/** A year (1900-2099) on its own: "Model 2021" or "/2019/" names a year, not a product. */
export function looksLikeYear(value: string): boolean {
  return /^(?:19|20)\d\d$/.test(value);
}

// "+373 22 123 456", "(0)30 1234"; "€ 12,99", "1 630 ₽", "12.99 EUR", "19,90".
const PHONE = /^\+\d|\(\d{1,5}\)/;
const PRICE = /[€$£¥₽₴₺₸]|^\d{1,4}[.,]\d{2}$/;
const CURRENCY_WORD = /(?:^|\s)(?:eur|usd|gbp|chf|rub|mdl|lei|ron|pln|tnd|uah|руб|грн)\.?(?:\s|$)/i;

/** Phone numbers and prices look like ids to a pattern, and never are. */
export function looksLikePhoneOrPrice(value: string): boolean {
  return PHONE.test(value) || PRICE.test(value) || (value.includes(' ') && CURRENCY_WORD.test(value));
}

/** True when the last digit is the GS1 check digit of the others (EAN-8, UPC-A, EAN-13, GTIN-14). */
export function isGtin(digits: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** A GTIN as digits (8, 12, 13 or 14 of them), or '' when the value is not one. */
export function normalizeGtin(raw: unknown): string {
  const digits = cleanText(raw, 40).replace(/[\s-]/g, '');
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return '';
  if (/^0+$/.test(digits)) return '';
  return digits;
}

/** Normalizes a value for its kind: GTINs must be digits of a GTIN length, other ids pass `normalizeId`. */
export function normalizeForKind(kind: string, raw: unknown): string {
  if (kind === 'gtin') return normalizeGtin(raw);
  const value = normalizeId(raw);
  // An ASIN is B0 and eight letters or digits, or an ISBN-10 for books.
  if (kind === 'asin' && !/^B0[A-Z0-9]{8}$|^\d{9}[\dX]$/.test(value)) return '';
  return value;
}
