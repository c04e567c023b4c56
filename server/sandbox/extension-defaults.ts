import type { Sandbox } from './index';

/**
 * The settings `npm start` builds into the extension, pointing it at the sandbox. utils/storage.ts
 * reads them at build time as `import.meta.env.WXT_DEFAULT_*`; an empty value means "not set".
 */
export function extensionDefaults(
  sandbox: Pick<Sandbox, 'subscriptionId' | 'tokenUrl' | 'apiUrl' | 'catalogUrl' | 'catalogCheck' | 'storeUrl'>,
): Record<string, string> {
  return {
    WXT_DEFAULT_SUBSCRIPTION_ID: sandbox.subscriptionId,
    WXT_DEFAULT_TOKEN_ENDPOINT: sandbox.tokenUrl,
    WXT_DEFAULT_API_BASE_URL: sandbox.apiUrl,
    // Without the check the endpoint answers 501; the extension is better off not asking.
    WXT_DEFAULT_CATALOG_ENDPOINT: sandbox.catalogCheck ? sandbox.catalogUrl : '',
    // The welcome page links to the running demo store (utils/first-run/demo-store.ts); never in a store build.
    WXT_DEMO_STORE_URL: sandbox.storeUrl,
  };
}
