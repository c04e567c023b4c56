import { describe, expect, it } from 'vitest';
import { parseJsonish, readAllLenient, readLenient } from '@/utils/detect/lenient-json';
import { matchingBracket, readAfter } from '@/utils/detect/script-json';

describe('lenient JSON reader', () => {
  it('reads strict JSON the same as JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\\n\\u00e9"}}';
    expect(parseJsonish(text)).toEqual(JSON.parse(text));
  });

  it('accepts comments, trailing commas, single quotes, unquoted keys and raw control characters', () => {
    const text = `{
      // a comment
      name: 'Linen
Shirt', /* block */ "sku": "LS-1",
      list: [1, 2, ],
      'nested': { ok: true, },
    }`;
    expect(parseJsonish(text)).toEqual({ name: 'Linen\nShirt', sku: 'LS-1', list: [1, 2], nested: { ok: true } });
  });

  it('drops values it cannot read without evaluating them', () => {
    const text = `{ a: window.price || 0, b: new Date(), c: function () { return { x: 1 }; }, d: f(1, [2]), e: "kept", u: undefined }`;
    // `a: window.price || 0` keeps nothing readable; the rest are skipped whole.
    expect(readLenient(text)?.value).toEqual({ e: 'kept' });
  });

  it('reads several values in one block', () => {
    expect(readAllLenient('{"a":1}{"b":2}, [3]')).toEqual([{ a: 1 }, { b: 2 }, [3]]);
  });

  it('never throws on garbage and caps depth', () => {
    for (const text of ['', '{', '{"a":', '[[[[', '{a b c}', '"unclosed', '}{', '[1,2', ')(', '{"a":"\\u12"}']) {
      expect(() => readLenient(text)).not.toThrow();
    }
    expect(readLenient('['.repeat(10_000))).toBeUndefined();
  });

  it('ignores __proto__ keys', () => {
    const value = readLenient('{"__proto__": {"polluted": true}, a: 1}')?.value as Record<string, unknown>;
    expect(value).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('finds the literal after a marker by bracket matching, strings and comments honoured', () => {
    const text = `var x = 1; var meta = {"product":{"name":"a } tricky ] name"}, // }\n "page":{"pageType":"product"}}; more()`;
    expect(readAfter(text, 'var meta', 10_000)?.value).toEqual({ product: { name: 'a } tricky ] name' }, page: { pageType: 'product' } });
    expect(matchingBracket('{"a":[1,2]} tail', 0, 100)).toBe(11);
    expect(matchingBracket('{"a":[1,2]', 0, 100)).toBe(-1);
  });
});
