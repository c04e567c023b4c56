import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { useLocale } from './locale';

/**
 * For component tests: a fresh element to render into for every test, with the fake browser reset
 * and the English messages loaded; `before` runs first (to reset mocks).
 */
export function useRenderRoot(before?: () => void): { readonly root: HTMLElement } {
  const dom = { root: document.body };
  beforeEach(() => {
    fakeBrowser.reset();
    useLocale('en');
    before?.();
    dom.root = document.createElement('div');
    document.body.append(dom.root);
  });
  afterEach(() => {
    render(null, dom.root);
    dom.root.remove();
  });
  return dom;
}
