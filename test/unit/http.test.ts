import { describe, expect, it } from 'vitest';
import { AppError } from '@/utils/errors';
import { parseRetryAfter, serviceUrl } from '@/utils/http';

describe('Retry-After', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('serviceUrl', () => {
  it('takes https anywhere and plain http only on this computer', () => {
    expect(serviceUrl('https://shop.example/aiuta_jwt', 'token endpoint').host).toBe('shop.example');
    for (const local of ['http://127.0.0.1:8788/aiuta_jwt', 'http://localhost:8788/x', 'http://[::1]:8788/x', 'http://sandbox.localhost:8788/x']) {
      expect(serviceUrl(local, 'token endpoint').protocol).toBe('http:');
    }
  });

  it('refuses plain http elsewhere and anything that is not a URL, as a settings problem', () => {
    for (const value of ['http://shop.example/x', 'http://localhost.shop.example/x', '', 'not a url']) {
      expect(() => serviceUrl(value, 'token endpoint')).toThrow(AppError);
      try {
        serviceUrl(value, 'token endpoint');
      } catch (error) {
        expect((error as AppError).code).toBe('not_configured');
      }
    }
  });
});
