import { SANDBOX_DEFAULTS } from '../token/config';
import type { Sandbox } from './index';
import { describeFaults } from './options';

/** The start banner: which dev values are in use (so nobody mistakes them for real ones), then the ready line. */
export function announce(sandbox: Sandbox): string {
  const origin = (value: string, fallback: string, env: string) =>
    value === fallback ? `${value}  (dev default; set ${env} to change)` : `(from ${env})`;
  const lines = [
    'Aiuta sandbox — for development and tests only',
    `  subscription ID  ${sandbox.subscriptionId}${sandbox.subscriptionId === SANDBOX_DEFAULTS.subscriptionId ? '  (dev default; AIUTA_SUBSCRIPTION_ID)' : ''}`,
    `  JWT issuer       ${sandbox.issuer}${sandbox.issuer === SANDBOX_DEFAULTS.issuer ? '  (dev default; AIUTA_JWT_ISSUER)' : ''}`,
    `  JWT secret       ${origin(sandbox.secret, SANDBOX_DEFAULTS.secret, 'AIUTA_JWT_SECRET')}`,
    `  dev API key      ${sandbox.apiKey}  (x-api-key; AIUTA_API_KEY)`,
    `  unified API      ${sandbox.unifiedApiUrl}`,
    `  shopper photo    ${sandbox.photoUrl}`,
    `  faults           ${describeFaults(sandbox.faults())}  (change at run time: POST ${new URL(sandbox.apiUrl).origin}/__sandbox/faults)`,
    `  random seed      ${sandbox.seed}  (--seed or SANDBOX_SEED replays the random faults)`,
    `  onboarding store ${sandbox.onboardingStoreUrl}/  (products here may be added to the catalog on demand)`,
    sandbox.catalogCheck
      ? `  catalog endpoint ${sandbox.catalogUrl}  (POST; the token server checks the emulator's catalog, onboards ${sandbox.onboardHosts.join(', ')})`
      : `  catalog endpoint ${sandbox.catalogUrl}  (off: answers 501; --catalog-check on)`,
    `sandbox ready api=${sandbox.apiUrl} token=${sandbox.tokenUrl} store=${sandbox.storeUrl}/`,
  ];
  return lines.join('\n');
}
