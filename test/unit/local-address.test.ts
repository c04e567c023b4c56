import { describe, expect, it } from 'vitest';
import { isLocalHost, isLocalUrl } from '@/utils/local-address';

describe('local addresses', () => {
  it('knows the addresses of this computer', () => {
    expect(isLocalUrl('http://127.0.0.1:8787/v1')).toBe(true);
    expect(isLocalUrl(' http://localhost/ ')).toBe(true);
    expect(isLocalUrl('http://[::1]/')).toBe(true);
    expect(isLocalUrl('https://api.aiuta.com/v1')).toBe(false);
    expect(isLocalUrl('garbage')).toBe(false);
  });

  it('counts every *.localhost name, and nothing that merely starts with localhost', () => {
    expect(isLocalHost('sandbox.localhost')).toBe(true);
    expect(isLocalHost('a.b.LOCALHOST.')).toBe(true);
    expect(isLocalHost('localhost.shop.example')).toBe(false);
    expect(isLocalHost('mylocalhost')).toBe(false);
    expect(isLocalHost('127.0.0.1.nip.io')).toBe(false);
  });
});
