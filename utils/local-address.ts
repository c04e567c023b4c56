/**
 * Addresses on this computer, where plain http is acceptable (the local sandbox) and where alone a
 * developer API key may be sent. `*.localhost` counts: browsers resolve every such name to the
 * loopback interface and treat it as a secure origin like `localhost` itself
 * (https://www.rfc-editor.org/rfc/rfc6761#section-6.3,
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
}

export function isLocalUrl(value: string): boolean {
  try {
    return isLocalHost(new URL(value.trim()).hostname);
  } catch {
    return false;
  }
}
