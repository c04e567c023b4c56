import { describe, expect, it } from 'vitest';
import { baseUrlForFlavour, toSettingsFormInput, validateSettingsField, validateSettingsForm, type SettingsFormField } from '@/utils/settings/connection-form';
import { defaultSettings, settingsSchema } from '@/utils/settings/schema';

const validInput: Record<SettingsFormField, string> = {
  subscriptionId: 'sandbox-subscription',
  tokenEndpoint: 'https://shop.example/aiuta_jwt',
  apiBaseUrl: 'https://api.aiuta.com/digital-try-on/v1',
  apiFlavour: 'digital-try-on-v1',
  developerApiKey: '',
  catalogEndpoint: '',
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

  it('accepts plain http on *.localhost, which browsers resolve to this computer', () => {
    expect(validateSettingsField('tokenEndpoint', 'http://sandbox.localhost:8788/aiuta_jwt')).toBeUndefined();
    expect(validateSettingsField('apiBaseUrl', 'http://api.sandbox.localhost:8787/v1')).toBeUndefined();
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
    const named = validateSettingsForm({ ...validInput, apiBaseUrl: 'http://sandbox.localhost:8787/digital-try-on/v1', developerApiKey: 'sk-123' });
    expect(named.ok && named.values.developerApiKey).toBe('sk-123');
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

describe('catalog endpoint', () => {
  it('may be empty: no catalog check', () => {
    expect(validateSettingsField('catalogEndpoint', '')).toBeUndefined();
    expect(validateSettingsField('catalogEndpoint', '   ')).toBeUndefined();
    expect(validateSettingsForm(validInput)).toEqual({ ok: true, values: validInput });
  });

  it.each(['https://shop.example/aiuta_sku', 'http://127.0.0.1:8788/aiuta_sku', 'http://localhost/aiuta_sku'])('accepts %s', (value) => {
    expect(validateSettingsField('catalogEndpoint', value)).toBeUndefined();
  });

  it.each([
    ['not a url', 'settings_error_url_invalid'],
    ['ftp://shop.example/sku', 'settings_error_url_invalid'],
    ['http://shop.example/aiuta_sku', 'settings_error_url_https'],
    ['https://user:pw@shop.example/aiuta_sku', 'settings_error_url_credentials'],
  ])('refuses %s like the other service addresses', (value, expected) => {
    expect(validateSettingsField('catalogEndpoint', value)).toBe(expected);
    expect(validateSettingsForm({ ...validInput, catalogEndpoint: value })).toEqual({ ok: false, errors: { catalogEndpoint: expected } });
  });

  it('round-trips through the stored settings', () => {
    const result = validateSettingsForm({ ...validInput, catalogEndpoint: ' https://shop.example/aiuta_sku ' });
    expect(result).toEqual({ ok: true, values: { ...validInput, catalogEndpoint: 'https://shop.example/aiuta_sku' } });
    expect(toSettingsFormInput({ ...defaultSettings, catalogEndpoint: 'https://shop.example/aiuta_sku' }).catalogEndpoint).toBe('https://shop.example/aiuta_sku');
  });
});
