import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

const extensionPagesCsp = "script-src 'self'; object-src 'self'";

// The manifest lives here; content-script matches live in defineContentScript.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  zip: {
    // The Firefox sources zip is what a reviewer rebuilds from: code and config, not tests or output.
    excludeSources: ['test/**', 'test-results/**', '.output/**', 'coverage/**', 'docs/**', '.ci/**'],
  },
  vite: () => ({
    plugins: [preact()],
    resolve: {
      alias: {
        // WXT's content-script context signals to the page (events named after the extension's id) and
        // stops on a page's forged event; ours talks to nothing the page can see.
        'wxt/utils/content-script-context': fileURLToPath(new URL('./utils/page/content-script-context.ts', import.meta.url)),
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings, photo metadata, history; alarms: resume polling after the worker sleeps;
    // notifications: tell the shopper a result is ready when its tab is hidden.
    // scripting: inject the product UI only into pages where the probe content script sees a product.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    action: { default_title: '__MSG_extName__' },
    // A fixed Chrome extension id for a store's build (its token server allows exactly that origin):
    // the public key printed by `npm run extension-key`. Firefox takes its id from gecko.id instead.
    ...(browser !== 'firefox' && process.env.MANIFEST_KEY ? { key: process.env.MANIFEST_KEY } : {}),
    // Only the extension's own scripts run in its pages: no eval, no wasm, no remote code.
    content_security_policy:
      browser === 'firefox' ? (extensionPagesCsp as never) : { extension_pages: extensionPagesCsp },
    // Only the panel is web accessible: store pages may frame it, never read it. Chrome serves it under a
    // per-session id so pages cannot probe for the extension with a fixed URL.
    web_accessible_resources: [
      {
        resources: ['panel.html'],
        matches: ['http://*/*', 'https://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'try-on@shop-try-on.example',
              // 142: the first version (desktop and Android) that reads data_collection_permissions.
              strict_min_version: '142.0',
              // What leaves the browser: the shopper's photo (it shows a person) and the product page's
              // SKU, sent to the try-on service only when the shopper starts a try-on.
              data_collection_permissions: {
                required: ['personallyIdentifyingInfo', 'websiteContent'],
              },
            },
          },
        }
      : {}),
  }),
});
