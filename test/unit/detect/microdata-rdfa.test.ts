import { describe, expect, it } from 'vitest';
import { readMicrodata } from '@/utils/detect/microdata';
import { PageContext } from '@/utils/detect/page';
import { readRdfa } from '@/utils/detect/rdfa';
import { page } from './dom';

const ctx = (body: string) => new PageContext(page(body), 'https://shop.example/p');

describe('microdata reader', () => {
  it('reads the product, its offer, and ignores nested reviews and related products', () => {
    const f = readMicrodata(
      ctx(`<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Belt</h1>
        <span itemprop="sku">SKU: B-34</span><meta itemprop="gtin13" content="4006381333931">
        <img itemprop="image" src="/b.jpg">
        <div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><meta itemprop="mpn" content="M-1"></div>
        <div itemprop="review" itemscope itemtype="http://schema.org/Review"><span itemprop="sku">R-1</span></div>
        <div itemprop="isRelatedTo" itemscope itemtype="http://schema.org/Product"><meta itemprop="sku" content="REL-1"></div>
      </div>
      <div class="related-products"><div itemscope itemtype="http://schema.org/Product"><meta itemprop="name" content="Wallet"><meta itemprop="sku" content="W-1"></div></div>`),
    );
    expect(f.ids.map((c) => `${c.kind}:${c.value}`)).toEqual(['sku:B-34', 'gtin:4006381333931', 'mpn:M-1']);
    expect(f.facts).toEqual({ name: 'Belt', brand: undefined, image: 'https://shop.example/b.jpg' });
    expect(f.signals).toEqual([expect.objectContaining({ verdict: 'product', strength: 2 })]);
  });

  it('reports a listing when several different products stand side by side', () => {
    const tiles = ['A', 'B', 'C'].map((n) => `<div itemscope itemtype="http://schema.org/Product"><span itemprop="name">${n}</span><meta itemprop="sku" content="${n}-1"></div>`).join('');
    const f = readMicrodata(ctx(`<div class="grid">${tiles}</div>`));
    expect(f.ids).toEqual([]);
    expect(f.signals[0]?.verdict).toBe('listing');
  });

  it('does not take a product inside an Article', () => {
    const f = readMicrodata(ctx(`<article itemscope itemtype="http://schema.org/Article"><div itemprop="about" itemscope itemtype="http://schema.org/Product"><meta itemprop="sku" content="X"></div></article>`));
    expect(f.ids).toEqual([]);
    expect(f.signals[0]?.verdict).toBe('article');
  });
});

describe('RDFa reader', () => {
  it('reads typeof Product and prefixed properties', () => {
    const f = readRdfa(
      ctx(`<div vocab="https://schema.org/" typeof="Product"><h1 property="name">Skillet</h1><span property="schema:sku">HT-26</span>
        <div property="offers" typeof="Offer"><meta property="gtin13" content="4012345678901"></div>
        <div property="review" typeof="Review"><span property="sku">NO</span></div></div>`),
    );
    expect(f.ids.map((c) => `${c.kind}:${c.value}`)).toEqual(['sku:HT-26', 'gtin:4012345678901']);
    expect(f.facts.name).toBe('Skillet');
  });
});
