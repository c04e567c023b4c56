/**
 * Which store sites a setting applies to: site rules and switched-off sites are both kept as host
 * names and matched here, the same way in the popup, the options page, the store page and the
 * background. Pure (no extension APIs, no DOM), so the probe content script can afford it.
 */

/**
 * A host as settings keep it: lower case, no scheme, port, path or trailing dot, Unicode names in
 * their ASCII (punycode) form as `location.hostname` has them. '*.shop.example' and '.shop.example'
 * mean shop.example, since every entry covers its subdomains anyway.
 */
export function normaliseHost(value: string): string {
  const text = value.trim().toLowerCase();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let host: string;
  try {
    host = new URL(withScheme).hostname;
  } catch {
    // Not a host a URL can carry ("not a host!"): keep the text so a form can say what is wrong with it.
    host = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  }
  return host.replace(/^\*?\./, '').replace(/\.$/, '');
}

/** An entry for `entryHost` applies on `pageHost` itself and on its subdomains, never on look-alikes. */
export function hostCovers(entryHost: string, pageHost: string): boolean {
  const entry = normaliseHost(entryHost);
  const page = normaliseHost(pageHost);
  return entry !== '' && (page === entry || page.endsWith(`.${entry}`));
}

const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Match patterns for the pages settings entries cover (each host and its subdomains, http and
 * https, any port), for a content script the browser itself runs there. An entry a match pattern
 * cannot express is left out, so one odd entry cannot make the browser refuse them all.
 */
export function hostMatchPatterns(hosts: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const entry of hosts) {
    const host = normaliseHost(entry);
    if (!DOMAIN.test(host)) continue;
    // An address or a single-label name has no subdomains for `*.` to cover.
    patterns.add(IPV4.test(host) || !host.includes('.') ? `*://${host}/*` : `*://*.${host}/*`);
  }
  return [...patterns];
}

/** The rule for this page: the one whose host is the most specific (shop.example.com over example.com). */
export function findSiteRule<R extends { host: string }>(rules: readonly R[] | undefined, pageHost: string): R | undefined {
  if (!rules || !pageHost) return undefined;
  let best: R | undefined;
  let bestLength = -1;
  for (const rule of rules) {
    // Detection may be handed rules from anywhere; a malformed one is skipped, not fatal.
    if (!rule || typeof rule.host !== 'string') continue;
    const host = normaliseHost(rule.host);
    if (host.length > bestLength && hostCovers(host, pageHost)) {
      best = rule;
      bestLength = host.length;
    }
  }
  return best;
}

/** Replaces the rule for the same host, or adds it. */
export function upsertSiteRule<R extends { host: string }>(rules: readonly R[], rule: R): R[] {
  const host = normaliseHost(rule.host);
  return [...rules.filter((existing) => normaliseHost(existing.host) !== host), { ...rule, host }];
}

export function removeSiteRule<R extends { host: string }>(rules: readonly R[], host: string): R[] {
  const target = normaliseHost(host);
  return rules.filter((existing) => normaliseHost(existing.host) !== target);
}

/**
 * The site a shopper switches the button off for: the host without a leading "www.", so turning it
 * off on www.shop.example also turns it off on shop.example and its other subdomains.
 */
export function siteOf(host: string): string {
  return normaliseHost(host).replace(/^www\./, '');
}

export function isSiteDisabled(disabledSites: readonly string[], pageHost: string): boolean {
  const site = siteOf(pageHost);
  return disabledSites.some((entry) => hostCovers(siteOf(entry), site));
}

/** Turns the button on or off for a site; turning it on also removes entries of parent domains. */
export function setSiteDisabled(disabledSites: readonly string[], pageHost: string, disabled: boolean): string[] {
  const site = siteOf(pageHost);
  const others = disabledSites.filter((entry) => !hostCovers(siteOf(entry), site));
  return disabled ? [...others, site] : others;
}
