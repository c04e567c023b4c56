import { browser } from 'wxt/browser';
import { hostMatchPatterns } from '@/utils/sites';

const scriptId = 'product-ui-on-site-rule-hosts';

export interface ScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

/** The part of `browser.scripting` this needs. */
export interface Scripting {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(scripts: ScriptRegistration[]): Promise<void>;
  updateContentScripts(scripts: ScriptRegistration[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/**
 * On the hosts of the shopper's site rules the browser runs the product UI itself, so the probe
 * never has to ask the worker about pages without signs of a product (every page view would wake
 * it). Kept in step with the rules: registered, updated, or removed when there are none.
 */
export function createSiteRuleScripts(productUiScript: string, scripting: Scripting = browser.scripting): (hosts: readonly string[]) => Promise<void> {
  // One change at a time: a second sync started before the first registered would register twice.
  let last: Promise<void> = Promise.resolve();
  const sync = async (hosts: readonly string[]) => {
    const matches = hostMatchPatterns(hosts);
    const registered = await scripting.getRegisteredContentScripts({ ids: [scriptId] });
    if (matches.length === 0) {
      if (registered.length > 0) await scripting.unregisterContentScripts({ ids: [scriptId] });
      return;
    }
    const script: ScriptRegistration = { id: scriptId, matches, js: [productUiScript], runAt: 'document_idle', persistAcrossSessions: true };
    if (registered.length > 0) await scripting.updateContentScripts([script]);
    else await scripting.registerContentScripts([script]);
  };
  return (hosts) => {
    last = last.then(() => sync(hosts)).catch((error: unknown) => console.error('could not register the product UI for site rules', error));
    return last;
  };
}
