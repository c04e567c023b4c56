import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrlForFlavour,
  diagnoseConnection,
  findSiteRule,
  isLoopbackUrl,
  isSiteDisabled,
  normaliseHost,
  probeServer,
  removeSiteRule,
  setSiteDisabled,
  toSettingsFormInput,
  upsertSiteRule,
  urlToProbe,
  validateSettingsField,
  validateSettingsForm,
  validateSiteRuleForm,
  type SettingsFormField,
  type SiteRuleFormInput,
} from '@/utils/settings-form';
import { defaultSettings, settingsSchema } from '@/utils/storage';

const validInput: Record<SettingsFormField, string> = {
  subscriptionId: 'sandbox-subscription',
  tokenEndpoint: 'https://shop.example/aiuta_jwt',
  apiBaseUrl: 'https://api.aiuta.com/digital-try-on/v1',
  apiFlavour: 'digital-try-on-v1',
  developerApiKey: '',
};

describe('subscription ID', () => {
  it.each(['66ec1726e728c1405e5ebca2', 'sandbox-subscription', 'A_b-9', 'x'.repeat(64)])('accepts %s', (value) => {
    expect(validateSettingsField('subscriptionId', value)).toBeUndefined();
  });

  it('asks for a value when empty or blank', () => {
    expect(validateSettingsField('subscriptionId', '')).toBe('settings_error_required');
    expect(validateSettingsField('subscriptionId', '   ')).toBe('settings_error_required');
  });

  it.each(['x'.repeat(65), 'has space', 'semi;colon', 'ümlaut', 'a/b'])('rejects %s with the format message', (value) => {
    expect(validateSettingsField('subscriptionId', value)).toBe('settings_error_subscription_format');
  });
});

describe('token endpoint and API base URL', () => {
  it.each([
    'https://shop.example/aiuta_jwt',
    'https://shop.example:8443/api/token?x=1',
    'http://127.0.0.1:8788/aiuta_jwt',
    'http://localhost:8788/aiuta_jwt',
    'http://[::1]:8788/aiuta_jwt',
  ])('accepts %s', (value) => {
    expect(validateSettingsField('tokenEndpoint', value)).toBeUndefined();
    expect(validateSettingsField('apiBaseUrl', value)).toBeUndefined();
  });

  it.each(['http://shop.example/aiuta_jwt', 'http://192.168.1.2/token', 'http://127.0.0.1.nip.io/token', 'http://localhost.shop.example/x'])(
    'requires https for %s, which is not this computer',
    (value) => {
      expect(validateSettingsField('tokenEndpoint', value)).toBe('settings_error_url_https');
      expect(validateSettingsField('apiBaseUrl', value)).toBe('settings_error_url_https');
    },
  );

  it.each(['shop.example/aiuta_jwt', 'ftp://shop.example/x', 'javascript:alert(1)', 'https://', 'not a url'])('rejects %s as not a web address', (value) => {
    expect(validateSettingsField('tokenEndpoint', value)).toBe('settings_error_url_invalid');
  });

  it('refuses user names and passwords in the URL', () => {
    expect(validateSettingsField('tokenEndpoint', 'https://user:secret@shop.example/jwt')).toBe('settings_error_url_credentials');
  });

  it('asks for a value when empty', () => {
    expect(validateSettingsField('apiBaseUrl', '')).toBe('settings_error_required');
  });

  it('knows which hosts are loopback', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8787/v1')).toBe(true);
    expect(isLoopbackUrl(' http://localhost/ ')).toBe(true);
    expect(isLoopbackUrl('http://[::1]/')).toBe(true);
    expect(isLoopbackUrl('https://api.aiuta.com/v1')).toBe(false);
    expect(isLoopbackUrl('garbage')).toBe(false);
  });
});

describe('validateSettingsForm', () => {
  it('returns trimmed, normalised values that the settings schema accepts', () => {
    const result = validateSettingsForm({ ...validInput, subscriptionId: '  abc  ', apiBaseUrl: 'https://api.aiuta.com/v1//' });
    expect(result).toEqual({ ok: true, values: { ...validInput, subscriptionId: 'abc', apiBaseUrl: 'https://api.aiuta.com/v1' } });
    if (!result.ok) return;
    expect(settingsSchema.safeParse({ ...defaultSettings, ...result.values }).success).toBe(true);
  });

  it('reports every wrong field at once, each with its own message', () => {
    const result = validateSettingsForm({ ...validInput, subscriptionId: 'bad id', tokenEndpoint: 'http://shop.example/jwt', apiBaseUrl: '' });
    expect(result).toEqual({
      ok: false,
      errors: { subscriptionId: 'settings_error_subscription_format', tokenEndpoint: 'settings_error_url_https', apiBaseUrl: 'settings_error_required' },
    });
  });

  it('rejects an unknown API flavour', () => {
    const result = validateSettingsForm({ ...validInput, apiFlavour: 'v0' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.apiFlavour).toBeTruthy();
  });

  it('accepts a developer API key only with a sandbox on this computer', () => {
    const production = validateSettingsForm({ ...validInput, developerApiKey: 'sk-123' });
    expect(production).toEqual({ ok: false, errors: { developerApiKey: 'settings_error_api_key_sandbox_only' } });
    const sandbox = validateSettingsForm({ ...validInput, apiBaseUrl: 'http://127.0.0.1:8787/digital-try-on/v1', developerApiKey: 'sk-123' });
    expect(sandbox.ok && sandbox.values.developerApiKey).toBe('sk-123');
  });

  it('rejects an API key with spaces or control characters', () => {
    expect(validateSettingsField('developerApiKey', 'a b')).toBe('settings_error_api_key_format');
    expect(validateSettingsField('developerApiKey', 'a\nb')).toBe('settings_error_api_key_format');
  });

  it('round-trips the stored settings into form input', () => {
    const input = toSettingsFormInput({ ...defaultSettings, ...validInput, apiFlavour: 'unified-v1' });
    expect(validateSettingsForm(input)).toEqual({ ok: true, values: { ...validInput, apiFlavour: 'unified-v1' } });
  });
});

describe('baseUrlForFlavour', () => {
  it("moves Aiuta's official URL along with the flavour", () => {
    expect(baseUrlForFlavour('https://api.aiuta.com/digital-try-on/v1', 'digital-try-on-v1', 'unified-v1')).toBe('https://api.aiuta.com/v1');
    expect(baseUrlForFlavour('https://api.aiuta.com/v1/', 'unified-v1', 'digital-try-on-v1')).toBe('https://api.aiuta.com/digital-try-on/v1');
  });

  it("moves a sandbox's path along and keeps its port", () => {
    expect(baseUrlForFlavour('http://127.0.0.1:8787/digital-try-on/v1', 'digital-try-on-v1', 'unified-v1')).toBe('http://127.0.0.1:8787/v1');
  });

  it('leaves a custom URL alone', () => {
    expect(baseUrlForFlavour('https://proxy.shop.example/aiuta', 'digital-try-on-v1', 'unified-v1')).toBe('https://proxy.shop.example/aiuta');
  });
});

describe('site rules', () => {
  const acceptAll = () => true;
  const input = (patch: Partial<SiteRuleFormInput>): SiteRuleFormInput => ({
    host: 'shop.example',
    skuCatalogName: '',
    idKind: '',
    selector: '',
    regex: '',
    ...patch,
  });

  it('keeps only the fields that were filled in, trimmed', () => {
    expect(validateSiteRuleForm(input({ host: ' Shop.Example ', skuCatalogName: ' main ', idKind: 'gtin' }), acceptAll)).toEqual({
      ok: true,
      rule: { host: 'shop.example', skuCatalogName: 'main', idKind: 'gtin' },
    });
  });

  it('takes a pasted URL as its host name', () => {
    expect(normaliseHost('https://www.Shop.example:8443/p/1?x')).toBe('www.shop.example');
    expect(validateSiteRuleForm(input({ host: 'https://shop.example/p/1', regex: '/p/(\\d+)' }), acceptAll)).toEqual({
      ok: true,
      rule: { host: 'shop.example', regex: '/p/(\\d+)' },
    });
  });

  it('refuses a rule that changes nothing', () => {
    expect(validateSiteRuleForm(input({}), acceptAll)).toEqual({ ok: false, errors: { selector: 'site_error_empty_rule' } });
  });

  it('explains each bad field', () => {
    const result = validateSiteRuleForm(
      input({ host: 'not a host!', skuCatalogName: 'has space', idKind: 'x'.repeat(33), regex: '(unclosed' }),
      acceptAll,
    );
    expect(result).toEqual({
      ok: false,
      errors: { host: 'site_error_host', skuCatalogName: 'site_error_catalog_name', idKind: 'site_error_id_kind', regex: 'site_error_regex' },
    });
  });

  it('asks the injected check whether the selector is valid', () => {
    const seen: string[] = [];
    const check = (selector: string) => {
      seen.push(selector);
      return !selector.includes('[[');
    };
    expect(validateSiteRuleForm(input({ selector: '[[bad' }), check)).toEqual({ ok: false, errors: { selector: 'site_error_selector' } });
    expect(validateSiteRuleForm(input({ selector: '  [itemprop=sku] ' }), check)).toEqual({ ok: true, rule: { host: 'shop.example', selector: '[itemprop=sku]' } });
    expect(seen).toEqual(['[[bad', '[itemprop=sku]']);
  });

  it('finds the most specific rule for a page, including subdomains', () => {
    const rules = [
      { host: 'example.com', skuCatalogName: 'parent' },
      { host: 'shop.example.com', skuCatalogName: 'child' },
    ];
    expect(findSiteRule(rules, 'shop.example.com')?.skuCatalogName).toBe('child');
    expect(findSiteRule(rules, 'www.example.com')?.skuCatalogName).toBe('parent');
    expect(findSiteRule(rules, 'notexample.com')).toBeUndefined();
  });

  it('replaces the rule of the same host instead of adding a second one', () => {
    const rules = upsertSiteRule([{ host: 'a.example', idKind: 'sku' }, { host: 'b.example', idKind: 'gtin' }], { host: 'A.example', idKind: 'mpn' });
    expect(rules).toEqual([{ host: 'b.example', idKind: 'gtin' }, { host: 'a.example', idKind: 'mpn' }]);
    expect(removeSiteRule(rules, 'a.example')).toEqual([{ host: 'b.example', idKind: 'gtin' }]);
  });
});

describe('disabled sites', () => {
  it('turns a site off and on again', () => {
    const off = setSiteDisabled(['other.example'], 'Shop.Example', true);
    expect(off).toEqual(['other.example', 'shop.example']);
    expect(isSiteDisabled(off, 'shop.example')).toBe(true);
    expect(isSiteDisabled(off, 'www.shop.example')).toBe(true);
    const on = setSiteDisabled(off, 'shop.example', false);
    expect(on).toEqual(['other.example']);
    expect(isSiteDisabled(on, 'shop.example')).toBe(false);
  });

  it('turning a subdomain on also lifts the block on its parent domain', () => {
    expect(setSiteDisabled(['example.com'], 'shop.example.com', false)).toEqual([]);
  });

  it('does not add the same site twice', () => {
    expect(setSiteDisabled(['shop.example'], 'shop.example', true)).toEqual(['shop.example']);
  });
});

describe('connection diagnosis', () => {
  it('points each failure at the field to check', () => {
    expect(diagnoseConnection('token_unreachable', 'silent')).toEqual({ problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_unreachable', 'refuses-origin')).toEqual({ problem: 'settings_test_token_cors', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_unreachable', 'answers')).toEqual({ problem: 'settings_test_token_unreachable', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_bad_response')).toEqual({ problem: 'settings_test_token_bad_response', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_expired')).toEqual({ problem: 'settings_test_token_expired', field: 'tokenEndpoint' });
    expect(diagnoseConnection('token_rejected')).toEqual({ problem: 'settings_test_token_rejected', field: 'subscriptionId' });
    expect(diagnoseConnection('api_unauthorized')).toEqual({ problem: 'settings_test_api_unauthorized', field: 'subscriptionId' });
    expect(diagnoseConnection('api_unreachable', 'refuses-origin')).toEqual({ problem: 'settings_test_api_cors', field: 'apiBaseUrl' });
    expect(diagnoseConnection('api_bad_response')).toEqual({ problem: 'settings_test_api_bad_response', field: 'apiBaseUrl' });
    expect(diagnoseConnection('no_receiver')).toEqual({ problem: 'settings_test_extension_error' });
  });

  it('probes the URL that failed', () => {
    const values = { tokenEndpoint: 'https://t.example/jwt', apiBaseUrl: 'https://a.example/v1' };
    expect(urlToProbe('token_unreachable', values)).toBe('https://t.example/jwt');
    expect(urlToProbe('api_timeout', values)).toBe('https://a.example/v1');
    expect(urlToProbe('token_rejected', values)).toBeUndefined();
  });
});

describe('probeServer', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(405).end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('reports a server that answers, whatever its status', async () => {
    await expect(probeServer(`${origin}/aiuta_jwt`)).resolves.toBe('answers');
  });

  it('reports silence when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(probeServer(`http://127.0.0.1:${port}/aiuta_jwt`)).resolves.toBe('silent');
  });

  it('tells a CORS refusal apart: the no-cors request gets through, the cors one does not', async () => {
    const modes: (RequestMode | undefined)[] = [];
    const browserLikeFetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      modes.push(init?.mode);
      if (init?.mode === 'cors') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    await expect(probeServer('https://t.example/jwt', browserLikeFetch)).resolves.toBe('refuses-origin');
    expect(modes).toEqual(['cors', 'no-cors']);
  });
});

describe('disabled sites and "www."', () => {
  it('matches the way the content script does, ignoring a leading www.', () => {
    expect(isSiteDisabled(['www.shop.example'], 'shop.example')).toBe(true);
    expect(isSiteDisabled(['shop.example'], 'www.shop.example')).toBe(true);
    expect(setSiteDisabled([], 'www.shop.example', true)).toEqual(['shop.example']);
    expect(setSiteDisabled(['www.shop.example'], 'shop.example', false)).toEqual([]);
  });
});
