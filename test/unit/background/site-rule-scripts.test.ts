import { describe, expect, it } from 'vitest';
import { createSiteRuleScripts, type ScriptRegistration, type Scripting } from '@/utils/background/site-rule-scripts';

/** The browser's registry of dynamic content scripts, as strict as Chrome's: a second registration of an id fails. */
function fakeScripting() {
  const scripts = new Map<string, ScriptRegistration>();
  const scripting: Scripting = {
    getRegisteredContentScripts: async (filter) => [...scripts.values()].filter((script) => filter.ids.includes(script.id)),
    registerContentScripts: async (list) => {
      for (const script of list) {
        if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        scripts.set(script.id, script);
      }
    },
    updateContentScripts: async (list) => {
      for (const script of list) {
        if (!scripts.has(script.id)) throw new Error(`No script with ID '${script.id}'`);
        scripts.set(script.id, { ...scripts.get(script.id)!, ...script });
      }
    },
    unregisterContentScripts: async (filter) => {
      for (const id of filter.ids) scripts.delete(id);
    },
  };
  return { scripting, scripts };
}

describe('the product UI on site-rule hosts', () => {
  it('is registered for the rules\' hosts, follows them as they change, and goes when the last rule goes', async () => {
    const { scripting, scripts } = fakeScripting();
    const sync = createSiteRuleScripts('/content-scripts/product.js', scripting);

    await sync(['shop.example']);
    expect([...scripts.values()]).toEqual([
      expect.objectContaining({ matches: ['*://*.shop.example/*'], js: ['/content-scripts/product.js'], runAt: 'document_idle', persistAcrossSessions: true }),
    ]);
    await sync(['shop.example', '127.0.0.1']);
    expect([...scripts.values()].map((script) => script.matches)).toEqual([['*://*.shop.example/*', '*://127.0.0.1/*']]);
    await sync([]);
    expect(scripts.size).toBe(0);
    // Nothing registered and no rules: nothing to do, and no error.
    await sync(['not a host!']);
    expect(scripts.size).toBe(0);
  });

  it('applies changes one at a time, so changes in quick succession never register twice', async () => {
    const { scripting, scripts } = fakeScripting();
    const sync = createSiteRuleScripts('/content-scripts/product.js', scripting);
    await Promise.all([sync(['a.example']), sync(['b.example']), sync(['c.example'])]);
    expect([...scripts.values()].map((script) => script.matches)).toEqual([['*://*.c.example/*']]);
  });
});
