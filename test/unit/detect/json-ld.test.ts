import { describe, expect, it } from 'vitest';
import { detect } from '@/utils/detect/detect';
import { readJsonLd } from '@/utils/detect/json-ld';
import { PageContext } from '@/utils/detect/page';
import { page, parseHtml } from './dom';

const URL_ = 'https://shop.example/products/x';
const ld = (...blocks: string[]) => blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('');
const read = (head: string) => readJsonLd(new PageContext(page('<h1>x</h1>', head), URL_));
const values = (f: ReturnType<typeof read>) => f.ids.map((c) => `${c.kind}:${c.value}`);

describe('JSON-LD reader', () => {
  it('reads a Product with ids on the product and in a single offer', () => {
    const f = read(ld('{"@context":"https://schema.org","@type":"Product","name":"Tee","sku":"T-1","gtin13":"4006381333931","brand":{"@type":"Brand","name":"Acme"},"image":{"@type":"ImageObject","url":"/t.jpg"},"offers":{"@type":"Offer","mpn":"M-9","price":"9"}}'));
    expect(values(f)).toEqual(['sku:T-1', 'gtin:4006381333931', 'mpn:M-9']);
    expect(f.facts).toEqual({ name: 'Tee', brand: 'Acme', image: 'https://shop.example/t.jpg' });
    expect(f.signals).toContainEqual(expect.objectContaining({ verdict: 'product', strength: 2 }));
  });

  it('reads only inline blocks: a JSON-LD or JSON script with a src holds nothing the page shows', () => {
    const product = '{"@type":"Product","name":"Tee","sku":"T-1","offers":{"@type":"Offer","price":"9"}}';
    expect(values(read(ld(product)))).toEqual(['sku:T-1']);
    expect(read(`<script type="application/ld+json" src="/p.jsonld">${product}</script>`).ids).toEqual([]);
    const context = new PageContext(page('<h1>x</h1>', `<script type="application/json" src="/p.json">{}</script><script type="application/json" id="inline">{}</script>`), URL_);
    expect(context.jsonScripts().map((script) => script.id)).toEqual(['inline']);
  });

  it('follows @graph and WebPage.mainEntity references', () => {
    const f = read(ld('{"@graph":[{"@type":"WebPage","mainEntity":{"@id":"#p"}},{"@type":"Product","@id":"#p","name":"Cap","sku":"C-1"},{"@type":"Organization","name":"Shop"}]}'));
    expect(values(f)).toEqual(['sku:C-1']);
  });

  it('reads ProductGroup variants and Products that say isVariantOf', () => {
    const group = read(ld('{"@type":"ProductGroup","name":"Coat","productGroupID":"G1","hasVariant":[{"@type":"Product","sku":"G1-S","color":"Red","size":"S","offers":{"url":"https://shop.example/coat?size=s"}},{"@id":"#v2"}]}', '{"@type":"Product","@id":"#v2","sku":"G1-M","isVariantOf":{"@id":"#g"}}'));
    expect(values(group)).toEqual(['productGroupID:G1']);
    expect(group.variants.map((v) => v.ids[0]?.value)).toEqual(['G1-S', 'G1-M']);
    expect(group.variants[0]).toMatchObject({ keys: ['https://shop.example/coat?size=s'], label: 'Red / S' });
    expect(group.signals.some((s) => s.verdict === 'listing')).toBe(false);
  });

  it('treats one Offer per variant as variants', () => {
    const f = read(ld('{"@type":"Product","name":"Shirt","offers":[{"@type":"Offer","sku":"S-1","url":"/p?variant=1"},{"@type":"Offer","sku":"S-2","url":"/p?variant=2"}]}'));
    expect(f.ids).toEqual([]);
    expect(f.variants.map((v) => v.ids[0])).toEqual([
      { kind: 'sku', value: 'S-1', source: 'json-ld', ofVariant: true },
      { kind: 'sku', value: 'S-2', source: 'json-ld', ofVariant: true },
    ]);
  });

  it('reports an article, not a product, when the Product sits inside a BlogPosting or Review', () => {
    const f = read(ld('{"@type":"BlogPosting","headline":"Best jackets","review":{"@type":"Review","itemReviewed":{"@type":"Product","name":"J","sku":"J-1"}}}'));
    expect(f.ids).toEqual([]);
    expect(f.signals).toEqual([expect.objectContaining({ verdict: 'article' })]);
  });

  it('reports a listing for ItemList, CollectionPage and several distinct products', () => {
    expect(read(ld('{"@type":"ItemList","itemListElement":[{"@type":"ListItem","position":1},{"@type":"ListItem","position":2}]}')).signals[0]?.verdict).toBe('listing');
    expect(read(ld('{"@type":"CollectionPage","name":"Hats"}')).signals[0]?.verdict).toBe('listing');
    const many = read(ld('[{"@type":"Product","name":"A","sku":"A"},{"@type":"Product","name":"B","sku":"B"}]'));
    expect(many.ids).toEqual([]);
    expect(many.signals[0]?.verdict).toBe('listing');
  });

  it("picks the page's own product among other products' JSON-LD by URL or title", () => {
    const blocks = ld('{"@type":"Product","name":"Trousers","sku":"T-1","url":"https://shop.example/products/trousers"}', '{"@type":"Product","name":"X","sku":"X-1","url":"https://shop.example/products/x"}');
    const f = read(blocks);
    expect(f.ids.map((c) => c.value)).toEqual(['X-1']);
    expect(f.signals.some((s) => s.verdict === 'listing')).toBe(false);
    const byTitle = readJsonLd(new PageContext(page('<h1>Trousers</h1>', ld('{"@type":"Product","name":"Trousers","sku":"T-1"}', '{"@type":"Product","name":"Cap","sku":"C-1"}')), 'https://shop.example/p/9'));
    expect(byTitle.ids.map((c) => c.value)).toEqual(['T-1']);
  });

  it('survives comments, trailing commas, raw newlines, HTML-escaped blocks and CDATA', () => {
    const f = read(ld('// cms\n{"@type":"Product","name":"A\nB",/* x */"sku":"X-1",}', '{&quot;@type&quot;:&quot;Organization&quot;}', '<![CDATA[{"@type":"Thing"}]]>', 'not json at all'));
    expect(values(f)).toEqual(['sku:X-1']);
    expect(f.facts.name).toBe('A B');
  });

  it.each([
    ['a barcode and a maker code before it', '"gtin13":"4006381333931","mpn":"MK-77","productID":"PID-5","sku":"STORE-SKU-1"'],
    ['a product id before it', '"productID":"PID-5","sku":"STORE-SKU-1"'],
    ['a maker code in the offer, the sku on the product', '"offers":{"@type":"Offer","mpn":"MK-77","gtin":"4006381333931"},"sku":"STORE-SKU-1"'],
  ])('takes the sku as the product code when JSON-LD lists %s', (_case, fields) => {
    const html = `<html><head>${ld(`{"@context":"https://schema.org","@type":"Product","name":"Tee",${fields}}`)}</head><body><h1>Tee</h1></body></html>`;
    expect(detect(parseHtml(html), URL_)?.sku).toBe('STORE-SKU-1');
  });
});
