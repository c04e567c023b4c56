// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { DetectionSummary } from '@/components/site/DetectionSummary';
import type { Product } from '@/utils/product';
import { useLocale } from '../../support/locale';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

const product: Product = {
  sku: 'TF-1',
  name: 'Monitor',
  ids: [
    { kind: 'sku', value: 'TF-1', source: 'json-ld' },
    { kind: 'gtin', value: '4006381333931', source: 'meta' },
    { kind: 'productID', value: '49913', source: 'form' },
    { kind: 'productID', value: '7836266004540', source: 'data-layer:shopify' },
    { kind: 'catalogCode', value: 'C-9', source: 'rule' },
  ],
};

describe('the popup lists the codes found on the page', () => {
  it('lists every candidate, best first, with its kind and where it was found, and marks the one sent', async () => {
    useLocale('en');
    await act(() => render(<DetectionSummary product={product} />, dom.root));
    const items = [...dom.root.querySelectorAll('[data-testid="candidates"] ol > li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'TF-1, store article number (SKU), structured data (JSON-LD) (sent to the try-on)',
      '4006381333931, barcode (EAN/UPC), meta tags',
      "49913, store product number, the add-to-cart form",
      "7836266004540, store product number, the shop's analytics data",
      'C-9, catalogCode, your site rule',
    ]);
    expect(dom.root.querySelector('li[aria-current="true"]')?.textContent).toContain('TF-1');
    expect(dom.root.querySelectorAll('li[aria-current]')).toHaveLength(1);
  });

  it('puts the list behind a summary that keyboards and screen readers can open, naming how many codes there are', async () => {
    useLocale('en');
    await act(() => render(<DetectionSummary product={product} />, dom.root));
    const details = dom.root.querySelector('details[data-testid="candidates"]');
    // <summary> is the disclosure's own button: focusable, opened with Enter or Space, announced as expandable.
    expect(details?.firstElementChild?.localName).toBe('summary');
    expect(details?.querySelector('summary')?.textContent).toBe('Codes found on this page (5), best first');
    // An ordered list tells a screen reader the ranking and the count.
    expect(details?.querySelector('ol')?.children).toHaveLength(5);
  });

  it('speaks German too', async () => {
    useLocale('de');
    await act(() => render(<DetectionSummary product={product} />, dom.root));
    expect(dom.root.querySelector('summary')?.textContent).toBe('Codes auf dieser Seite (5), die besten zuerst');
    expect(dom.root.querySelector('li')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('TF-1, Artikelnummer des Shops (SKU), strukturierte Daten (JSON-LD) (für die Anprobe verwendet)');
  });

  it('shows no list when the page has no code', async () => {
    useLocale('en');
    await act(() => render(<DetectionSummary product={{ sku: '', ids: [] }} />, dom.root));
    expect(dom.root.querySelector('[data-testid="candidates"]')).toBeNull();
    expect(dom.root.querySelector('[data-testid="detected-sku"]')?.textContent).toBe('none found: add a rule below');
  });
});
