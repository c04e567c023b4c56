/**
 * Both content scripts (the probe in the manifest and the product UI the background injects) run in
 * the extension's isolated world of the same frame, which shares one global object; page scripts
 * live in another world and cannot see or set this flag.
 */
const loaded = Symbol.for('shop-try-on.product-ui');

export function isProductUiLoaded(): boolean {
  return (globalThis as Record<symbol, unknown>)[loaded] === true;
}

export function markProductUiLoaded(): void {
  (globalThis as Record<symbol, unknown>)[loaded] = true;
}
