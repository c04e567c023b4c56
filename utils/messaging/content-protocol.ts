import * as z from 'zod/mini';
import { siteRuleSchema } from '@/utils/detect/site-rule-schema';
import { productSchema } from '@/utils/product';
import { define } from '@/utils/messaging/channel';

/**
 * The messages a content script takes part in, written with zod/mini so both content scripts check
 * them with these very schemas. utils/messaging/index.ts adds them to the one protocol map.
 */

export const emptyRequest = z.strictObject({});
export const okResponse = z.object({ ok: z.literal(true) });

/** Messages to the background that a content script may send. */
export const fromContentProtocol = {
  ping: define({ request: emptyRequest, response: z.object({ version: z.string() }), from: ['extension', 'content'] }),
  /** The probe content script saw signs of a product: inject the product UI into its frame. */
  'content.loadProductUi': define({ request: emptyRequest, response: okResponse, from: ['content'] }),
  /**
   * The product UI: what the settings say for its page's host (the sender's, as the browser reports
   * it): is the button switched off here, and the shopper's site rule for this host, if any.
   */
  'content.pageSettings': define({
    request: emptyRequest,
    response: z.object({ disabled: z.boolean(), rules: z.array(siteRuleSchema).check(z.maxLength(1)) }),
    from: ['content'],
  }),
  /** The product UI of a page's top frame found a product, or no longer finds one: the toolbar icon of its tab says so. */
  'content.productFound': define({ request: z.strictObject({ found: z.boolean() }), response: okResponse, from: ['content'] }),
  /** Content script, after a trusted click: remember the product for the panel it is about to open. */
  'panel.open': define({
    request: z.object({ product: productSchema }),
    response: z.object({ sessionId: z.string() }),
    from: ['content'],
  }),
};

/** Messages handled by the content script in a tab (sent with `tabs.sendMessage`). */
export const contentProtocol = {
  'panel.close': define({ request: emptyRequest, response: okResponse, from: ['extension'] }),
  /** The settings changed: ask for this page's settings again (`content.pageSettings`). */
  'settings.changed': define({ request: emptyRequest, response: okResponse, from: ['extension'] }),
  'detection.get': define({
    request: emptyRequest,
    // `host`: the page's host name, which the popup cannot read from the tab without the "tabs" permission.
    // `settled`: nothing the content script scheduled is still to run, so the page shows its final say
    // (lets a test wait for "no button" on a signal the page itself cannot see).
    response: z.object({
      product: z.nullable(productSchema),
      host: z.optional(z.string().check(z.maxLength(253))),
      settled: z.optional(z.boolean()),
    }),
    from: ['extension'],
  }),
  /** Settings: what detection finds on this page with this one site rule (live preview while editing it). */
  'detection.preview': define({
    // Strict at both levels: a preview request carries a rule being edited, nothing else.
    request: z.strictObject({ rule: z.strictObject(siteRuleSchema.shape) }),
    response: z.object({ product: z.nullable(productSchema) }),
    from: ['extension'],
  }),
};

export type FromContentProtocol = typeof fromContentProtocol;
export type ContentProtocol = typeof contentProtocol;
