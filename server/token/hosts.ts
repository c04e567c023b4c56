/** Host rules of the backend: which store hosts may be onboarded, which hosts are this machine. */

/**
 * `shop.example` matches itself and `www.shop.example`; `*.example.com` matches every subdomain of
 * example.com (not example.com itself).
 */
export function hostMatches(hostname: string, patterns: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  return patterns.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern,
  );
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
