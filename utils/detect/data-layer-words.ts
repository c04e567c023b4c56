/**
 * Words that mark an inline script as a data layer the detector reads: GA/GTM `ecommerce` and
 * `view_item`, Shopify's analytics meta, Tealium's `utag_data`, BigCommerce's `BCData`. One
 * definition for the data-layer reader and the every-page probe, which must let through every page
 * the reader can find a product on. Kept in its own file so the probe imports only this.
 */
export const DATA_LAYER_WORDS = /ecommerce|view_item|var meta|ShopifyAnalytics\.meta =|utag_data|BCData/;
