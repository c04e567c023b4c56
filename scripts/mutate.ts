/**
 * `npm run mutate`: breaks one core rule at a time in a scratch copy of the project (outside it) and
 * runs the unit tests that guard the rule. A test run that still passes means the rule is not
 * really tested ("survived"). Not part of `npm test`: it runs the chosen tests once per mutation.
 *
 *   npm run mutate                 every mutation
 *   npm run mutate -- sender-id    only the mutations whose name contains "sender-id"
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

interface Mutation {
  name: string;
  /** What the break means, in one line. */
  rule: string;
  file: string;
  /** Text that must occur exactly once in the file (so a list that no longer fits the code fails loudly). */
  from: string;
  to: string;
  tests: string[];
}

const mutations: Mutation[] = [
  {
    name: 'sender-id',
    rule: 'messages from another extension are taken as ours when they come from a tab',
    file: 'utils/messaging/envelope.ts',
    from: 'if (sender.id !== browser.runtime.id) return null;',
    to: '',
    tests: ['test/unit/messaging'],
  },
  {
    name: 'sender-extension-url',
    rule: 'any sender of ours without a tab counts as an extension page',
    file: 'utils/messaging/envelope.ts',
    from: "if ((sender.url ?? '').startsWith(browser.runtime.getURL('/'))) return 'extension';",
    to: "if (sender.tab?.id === undefined) return 'extension';",
    tests: ['test/unit/messaging', 'test/unit/page/probe.test.ts'],
  },
  {
    name: 'sender-content-without-tab',
    rule: 'a sender of ours that is neither an extension page nor in a tab counts as a content script',
    file: 'utils/messaging/envelope.ts',
    from: "return sender.tab?.id !== undefined ? 'content' : null;",
    to: "return 'content';",
    tests: ['test/unit/messaging'],
  },
  {
    name: 'sender-allowed-list',
    rule: 'an extension page may send what only a content script may (panel.open)',
    file: 'utils/messaging/content-protocol.ts',
    from: "response: z.object({ sessionId: z.string() }),\n    from: ['content'],",
    to: "response: z.object({ sessionId: z.string() }),\n    from: ['content', 'extension'],",
    tests: ['test/unit/messaging'],
  },
  {
    name: 'token-expiry-margin',
    rule: 'a cached token is used up to its very expiry, so it can expire in flight',
    file: 'utils/auth/token-broker.ts',
    from: 'if (!options.refresh && cached && cached.expiresAt - tokenExpiryMarginMs > deps.now()) return cached;',
    to: 'if (!options.refresh && cached && cached.expiresAt > deps.now()) return cached;',
    tests: ['test/unit/auth'],
  },
  {
    name: 'token-already-expired',
    rule: 'a token that has already expired is accepted from the token server',
    file: 'utils/auth/token-broker.ts',
    from: 'if (expiresAt <= now) {',
    to: 'if (false) {',
    tests: ['test/unit/auth'],
  },
  {
    name: 'create-once',
    rule: 'a try-on interrupted while its create was in flight is created again (a second paid generation)',
    file: 'utils/jobs/engine.ts',
    from: 'if (job.createSentAt !== undefined) {',
    to: 'if (false) {',
    tests: ['test/unit/jobs', 'test/unit/background'],
  },
  {
    name: 'consent-gate',
    rule: "the shopper's photo is uploaded without their consent",
    file: 'utils/photos/store.ts',
    from: 'if (!(await consentItem.getValue())) {',
    to: 'if (false) {',
    tests: ['test/unit/photos', 'test/unit/background', 'test/unit/jobs'],
  },
  {
    name: 'is-trusted',
    rule: "a page script's synthetic click on the button as drawn opens the panel",
    file: 'utils/page/click-check.ts',
    from: 'if (!event.isTrusted || !host.isConnected || !inPlace()) return false;',
    to: 'if (!host.isConnected || !inPlace()) return false;',
    tests: ['test/unit/page'],
  },
  {
    name: 'is-trusted-button',
    rule: "a page script's synthetic click reaches the click check, so a page can make the button show its refusal",
    file: 'utils/page/try-on-button.ts',
    from: 'if (!event.isTrusted) return;',
    to: '',
    tests: ['test/unit/page'],
  },
  {
    name: 'catalog-refusal',
    rule: "a catalog endpoint that refuses the extension (400/403) is taken as 'no catalog check': the page's id is tried on unchecked",
    file: 'utils/catalog/resolver.ts',
    from: 'if (status === 404 || status === 501) return best;',
    to: 'if (status === 404 || status === 501 || status === 400 || status === 403) return best;',
    tests: ['test/unit/catalog'],
  },
  {
    name: 'catalog-not-in-catalog',
    rule: "a product the catalog does not hold is tried on with the page's id (photo upload, paid generation)",
    file: 'utils/catalog/resolver.ts',
    from: "if (status === 404 && code === 'sku_not_in_catalog') return { status: 'unavailable', reason: 'not_in_catalog', tried };",
    to: '',
    tests: ['test/unit/catalog'],
  },
  {
    name: 'catalog-unavailable-panel',
    rule: 'the panel stays on Start for a product the catalog says is not available',
    file: 'components/panel/panel-flow.ts',
    from: "return { ...state, catalog: { status: 'unchecked' }, view: { name: 'sku', reason: 'not_available', tried: resolution.tried } };",
    to: "return { ...state, catalog: { status: 'unchecked' } };",
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'catalog-gate',
    rule: 'a try-on starts while the catalog check is still preparing the product or has failed',
    file: 'components/panel/panel-flow.ts',
    from: "return catalog.status === 'unchecked' || catalog.status === 'ready';",
    to: "return catalog.status !== 'checking';",
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-obscured',
    rule: 'a click in the panel counts on a control the browser reports covered or faded by the page',
    file: 'components/panel/action-gate.ts',
    from: 'if (!state?.visible) return undefined;',
    to: 'if (!state) return undefined;',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-no-delay',
    rule: 'a click counts the moment a control appears or is uncovered (no arming delay)',
    file: 'components/panel/action-gate.ts',
    from: 'export const defaultArmDelayMs = 500;',
    to: 'export const defaultArmDelayMs = 0;',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-uncovered-rearm',
    rule: 'a control the page stops covering counts at once, without being seen again for the arming delay',
    file: 'components/panel/action-gate.ts',
    from: 'if (visible) state.since = at;',
    to: '',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-page-hidden',
    rule: "a click counts while the panel's document is hidden (another tab, a minimized window)",
    file: 'components/panel/action-gate.ts',
    from: 'if (!shown) return undefined;',
    to: '',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-keyboard-preselected',
    rule: 'a key press counts on a control that had focus before it armed (focus resting on Start as the panel opens)',
    file: 'components/panel/action-gate.ts',
    from: "if (keyboard && (focusedAt === undefined || focusedAt < from)) return { kind: 'refuse', reason: 'preselected' };",
    to: '',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-no-confirmation',
    rule: 'where visibility cannot be proven, Start, Try again and Delete my photo go through without the confirmation window',
    file: 'components/panel/action-gate.ts',
    from: "return mode === 'confirm' && confirmedActions.has(action) ? { kind: 'confirm' } : { kind: 'allow' };",
    to: "return { kind: 'allow' };",
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-hook-keyboard',
    rule: 'the panel takes a key press for a pointer click, so the pre-selection rule never applies',
    file: 'components/panel/use-action-gate.ts',
    from: 'gate.check(element, action, pressed !== element)',
    to: 'gate.check(element, action, false)',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-hook-propagation',
    rule: 'a click the gate refuses still reaches the control',
    file: 'components/panel/use-action-gate.ts',
    from: 'event.stopImmediatePropagation();',
    to: '',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'gate-hook-capture',
    rule: "the gate hears clicks only after the control's own handler ran (bubble phase)",
    file: 'components/panel/use-action-gate.ts',
    from: 'const options = { capture: true };',
    to: 'const options = { capture: false };',
    tests: ['test/unit/components/panel'],
  },
  {
    name: 'token-ready-sku-only',
    rule: 'the token server signs create_try_on for a SKU the catalog holds but is still preparing or rejected',
    file: 'server/token/catalog.ts',
    from: "const index = states.findIndex((state) => state.state !== 'ready');",
    to: "const index = states.findIndex((state) => state.state === 'missing');",
    tests: ['server/token'],
  },
  {
    name: 'token-every-sku',
    rule: 'the token server checks only the first of several SKUs in one outfit',
    file: 'server/token/handler.ts',
    from: 'catalog.refuseUnlessReady(params.sku_ids ?? [params.sku_id!])',
    to: 'catalog.refuseUnlessReady((params.sku_ids ?? [params.sku_id!]).slice(0, 1))',
    tests: ['server/token'],
  },
  {
    name: 'site-rule-first-match',
    rule: 'the first site rule covering the host wins instead of the most specific one',
    file: 'utils/sites.ts',
    from: 'if (host.length > bestLength && hostCovers(host, pageHost)) {',
    to: 'if (best === undefined && hostCovers(host, pageHost)) {',
    tests: ['test/unit/sites.test.ts', 'test/unit/detect', 'test/unit/settings'],
  },
  {
    name: 'site-rule-last-match',
    rule: 'the last site rule covering the host wins instead of the most specific one',
    file: 'utils/sites.ts',
    from: 'if (host.length > bestLength && hostCovers(host, pageHost)) {',
    to: 'if (hostCovers(host, pageHost)) {',
    tests: ['test/unit/sites.test.ts', 'test/unit/detect', 'test/unit/settings'],
  },
  {
    name: 'site-rule-look-alike',
    rule: 'a rule for shop.example also covers notshop.example',
    file: 'utils/sites.ts',
    from: 'return entry !== \'\' && (page === entry || page.endsWith(`.${entry}`));',
    to: "return entry !== '' && page.endsWith(entry);",
    tests: ['test/unit/sites.test.ts'],
  },
  {
    name: 'probe-says-no',
    rule: 'the probe loads the product UI on every page, product or not',
    file: 'utils/page/probe.ts',
    from: 'if (!mightBeProductPage(document, location.href)) return;',
    to: '',
    tests: ['test/unit/page/probe.test.ts'],
  },
  {
    name: 'prefilter-says-yes',
    rule: 'the prefilter sees a product on every page',
    file: 'utils/detect/prefilter.ts',
    from: 'export function mightBeProductPage(doc: Document, url: string): boolean {',
    to: 'export function mightBeProductPage(doc: Document, url: string): boolean {\n  if (doc) return true;',
    tests: ['test/unit/detect/prefilter.test.ts', 'test/unit/page/probe.test.ts'],
  },
  {
    name: 'json-ld-sku-first',
    rule: "the store's sku no longer wins over barcodes and maker codes",
    file: 'utils/detect/candidates.ts',
    from: '  sku: 300,',
    to: '  sku: 80,',
    tests: ['test/unit/detect/json-ld.test.ts', 'test/unit/detect/fixtures.test.ts'],
  },
  {
    name: 'backend-token-ttl-range',
    rule: 'the token server accepts a token lifetime far above 3600 s',
    file: 'server/token/config.ts',
    from: "'AIUTA_JWT_TTL_SECONDS', 5, 3600, 60)",
    to: "'AIUTA_JWT_TTL_SECONDS', 5, 36000, 60)",
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-cors-prefix',
    rule: 'an origin that merely starts like an allowed one gets CORS headers',
    file: 'server/token/cors.ts',
    from: 'return allowed === origin;',
    to: 'return origin.startsWith(allowed);',
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-rate-burst-default',
    rule: 'the default rate-limit burst is not 20',
    file: 'server/token/config.ts',
    from: "'AIUTA_JWT_RATE_BURST', 1, 100_000, 20)",
    to: "'AIUTA_JWT_RATE_BURST', 1, 100_000, 21)",
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-rate-minute-default',
    rule: 'the default rate limit is not 60 a minute',
    file: 'server/token/config.ts',
    from: "'AIUTA_JWT_RATE_PER_MINUTE', 1, 1_000_000, 60)",
    to: "'AIUTA_JWT_RATE_PER_MINUTE', 1, 1_000_000, 59)",
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-rate-images',
    rule: 'image reports skip the per-client rate limit',
    file: 'server/token/handler.ts',
    from: "const limited = await limit(caller);\n    if (limited) return limited;\n    const refused =\n      otherSubscription(parsed.data.subscription_id) ?? (await authorized(request, { kind: 'images'",
    to: "const refused =\n      otherSubscription(parsed.data.subscription_id) ?? (await authorized(request, { kind: 'images'",
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-do-counter-expiry',
    rule: 'a Durable Object counter renews its expiry at every increment, so a busy client stays limited',
    file: 'server/token/durable-object-store.ts',
    from: 'expiresAt: held?.expiresAt ?? now + command.ttlMs',
    to: 'expiresAt: now + command.ttlMs',
    tests: ['server/token/kv-store.test.ts'],
  },
  {
    name: 'backend-memory-store-bound',
    rule: 'the memory store keeps ten times the documented 100 000 keys',
    file: 'server/token/kv-store.ts',
    from: 'options.maxEntries ?? 100_000',
    to: 'options.maxEntries ?? 1_000_000',
    tests: ['server/token/kv-store.test.ts', 'server/token/token-server.test.ts'],
  },
  {
    name: 'backend-catalog-cache-ready',
    rule: 'a ready catalog item is remembered longer than 10 minutes',
    file: 'server/token/catalog.ts',
    from: 'ready: 10 * 60_000',
    to: 'ready: 11 * 60_000',
    tests: ['server/token/catalog.test.ts'],
  },
  {
    name: 'backend-catalog-cache-rejected',
    rule: 'a rejected catalog item is remembered 10 minutes, not 1',
    file: 'server/token/catalog.ts',
    from: 'rejected: 60_000 }',
    to: 'rejected: 10 * 60_000 }',
    tests: ['server/token/catalog.test.ts'],
  },
  {
    name: 'backend-catalog-lookups-at-once',
    rule: 'every candidate is asked of Aiuta at once, not at most 5 at a time',
    file: 'server/token/catalog.ts',
    from: 'const LOOKUP_CONCURRENCY = 5;',
    to: 'const LOOKUP_CONCURRENCY = 20;',
    tests: ['server/token/catalog.test.ts'],
  },
  {
    name: 'backend-catalog-redirect',
    rule: "a redirect from Aiuta's catalog is followed, API key and all",
    file: 'server/token/aiuta-catalog.ts',
    from: "redirect: 'manual',",
    to: "redirect: 'follow',",
    tests: ['server/token/catalog.test.ts'],
  },
  {
    name: 'backend-body-limit-streamed',
    rule: 'a body sent without Content-Length is read past the 16 KB limit',
    file: 'server/token/http.ts',
    from: '    if (total > limitBytes) {',
    to: '    if (false) {',
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-install-id-length',
    rule: 'an install_id of 15 characters is accepted',
    file: 'utils/contracts/token-request.ts',
    from: '/^[A-Za-z0-9_-]{16,64}$/',
    to: '/^[A-Za-z0-9_-]{15,64}$/',
    tests: ['server/token/token-server.test.ts', 'server/token/catalog.test.ts'],
  },
  {
    name: 'backend-image-report-cap',
    rule: 'an image report of more than 20 ids is accepted',
    file: 'utils/contracts/image-report.ts',
    from: '.min(1).max(MAX_REPORTED_IMAGES)',
    to: '.min(1)',
    tests: ['server/token/token-server.test.ts', 'server/token/catalog.test.ts'],
  },
  {
    name: 'backend-image-binding-days',
    rule: 'an image binding lasts 31 days, not 30',
    file: 'server/token/image-owners.ts',
    from: 'IMAGE_BINDING_MS = 30 * 24',
    to: 'IMAGE_BINDING_MS = 31 * 24',
    tests: ['server/token/token-server.test.ts'],
  },
  {
    name: 'backend-token-margin-value',
    rule: 'a cached token is renewed 5 s before its expiry, not 10',
    file: 'utils/auth/token-broker.ts',
    from: 'export const tokenExpiryMarginMs = 10_000;',
    to: 'export const tokenExpiryMarginMs = 5_000;',
    tests: ['test/unit/auth/token-broker.test.ts', 'test/unit/auth/token-broker-retry.test.ts', 'test/unit/auth/token-budget.test.ts'],
  },
  {
    name: 'backend-token-credentials',
    rule: "token requests send the browser's cookies",
    file: 'utils/auth/token-broker.ts',
    from: "credentials: 'omit',",
    to: "credentials: 'include',",
    tests: ['test/unit/auth/token-broker.test.ts', 'test/unit/auth/token-broker-retry.test.ts', 'test/unit/auth/token-budget.test.ts'],
  },
  {
    name: 'backend-token-retry-after-cap',
    rule: 'a token Retry-After of up to 60 s is waited out, not only up to 5 s',
    file: 'utils/auth/token-broker.ts',
    from: 'const maxTokenRetryAfterMs = 5_000;',
    to: 'const maxTokenRetryAfterMs = 60_000;',
    tests: ['test/unit/auth/token-broker.test.ts', 'test/unit/auth/token-broker-retry.test.ts', 'test/unit/auth/token-budget.test.ts'],
  },
  {
    name: 'backend-catalog-credentials',
    rule: "catalog requests send the browser's cookies",
    file: 'utils/catalog/resolver.ts',
    from: "credentials: 'omit',",
    to: "credentials: 'include',",
    tests: ['test/unit/catalog/resolver.test.ts'],
  },
  {
    name: 'backend-catalog-answers-bound',
    rule: "the extension remembers 2 000 pages' catalog answers, not 200",
    file: 'utils/catalog/resolver.ts',
    from: 'const maxRemembered = 200;',
    to: 'const maxRemembered = 2000;',
    tests: ['test/unit/catalog/resolver.test.ts'],
  },
  {
    name: 'shopper-poll-timeout',
    rule: 'a try-on is given up after 240 s, not 180 s',
    file: 'utils/jobs/poll-schedule.ts',
    from: 'timeoutMs: 180_000,',
    to: 'timeoutMs: 240_000,',
    tests: ['test/unit/jobs/poll-timeout.test.ts', 'test/unit/jobs/poll-schedule.test.ts'],
  },
  {
    name: 'shopper-poll-budget',
    rule: 'status requests come more often than one per second of generation',
    file: 'utils/jobs/poll-schedule.ts',
    from: 'budgetMsPerRequest: 1_000,',
    to: 'budgetMsPerRequest: 800,',
    tests: ['test/unit/jobs/poll-budget.test.ts', 'test/unit/jobs/poll-schedule.test.ts'],
  },
  {
    name: 'shopper-poll-backoff-cap',
    rule: 'a long generation backs off to 6 s between status requests, not 3 s',
    file: 'utils/jobs/poll-schedule.ts',
    from: 'maxMs: 3_000,',
    to: 'maxMs: 6_000,',
    tests: ['test/unit/jobs/poll-schedule.test.ts'],
  },
  {
    name: 'shopper-upload-starts',
    rule: 'an upload cut off by a stopped worker is started a fourth time',
    file: 'utils/jobs/engine.ts',
    from: 'if (uploadStarts > maxUploadStarts) {',
    to: 'if (uploadStarts > maxUploadStarts + 1) {',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-poll-transient',
    rule: 'one failed status request (outage, 5xx) ends the try-on',
    file: 'utils/jobs/engine.ts',
    from: 'if (!isTransient(lastFailure)) throw lastFailure;',
    to: 'throw lastFailure;',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-silent-unanswered',
    rule: 'a status request that hangs is not said to the shopper until it fails',
    file: 'utils/jobs/engine.ts',
    from: 'const unanswered = setTimeout(() => void silent(sentAt).catch(() => undefined), silentAfterMs);',
    to: 'const unanswered = undefined;',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-silent-failed',
    rule: 'a failing status request is not said to the shopper',
    file: 'utils/jobs/engine.ts',
    from: '        await silent(sentAt);\n',
    to: '',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-silent-taken-back',
    rule: '"slow to answer" stays after the service answers again',
    file: 'utils/jobs/engine.ts',
    from: '        await silent(undefined);\n',
    to: '',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-poll-gone',
    rule: 'an operation the service no longer knows is handed over to be watched and deleted',
    file: 'utils/jobs/engine.ts',
    from: 'if (isOperationGone(lastFailure)) throw over(lastFailure);',
    to: 'if (isOperationGone(lastFailure)) throw lastFailure;',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-failed-handover',
    rule: 'a try-on that timed out here is forgotten: what its generation makes at Aiuta is never deleted',
    file: 'utils/jobs/engine.ts',
    from: 'if (failed.operationId && !operationOver.has(error)) {',
    to: 'if (false) {',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-cancel-handover',
    rule: 'a cancelled try-on is not watched: its result stays at Aiuta',
    file: 'utils/jobs/engine.ts',
    from: "if (!isFinished(job) && cancelled.status === 'cancelled') await handOver(cancelled);",
    to: '',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-start-once',
    rule: 'a second Start of the try-on already running starts a second paid generation',
    file: 'utils/jobs/engine.ts',
    from: '}, (running) => sameTryOn(running, request));',
    to: '});',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-resume',
    rule: 'a restarted worker does not pick up the unfinished try-ons',
    file: 'utils/jobs/engine.ts',
    from: 'for (const job of unfinished) run(job.id);',
    to: '',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-finished-final',
    rule: 'a finished try-on can change again (a poll after a cancel turns it into done)',
    file: 'utils/jobs/job-store.ts',
    from: 'if (!current || isFinished(current)) return { job: current, changed: false };',
    to: 'if (!current) return { job: current, changed: false };',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-photo-expired-reupload',
    rule: "an upload Aiuta no longer has (400 'input image not found') fails the try-on instead of being uploaded again",
    file: 'utils/jobs/engine.ts',
    from: "if (!(error instanceof AppError && error.code === 'photo_expired' && job.photo.kind === 'saved')) throw error;",
    to: 'throw error;',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-no-images',
    rule: 'a SUCCESS without images is kept as a done try-on with no picture',
    file: 'utils/jobs/engine.ts',
    from: 'if (!state.images.length) {',
    to: 'if (false) {',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-client-zod',
    rule: 'an answer from Aiuta that fails its schema is used as it is',
    file: 'utils/aiuta/client.ts',
    from: 'if (!parsed.success) {',
    to: 'if (false) {',
    tests: ['test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-status-enum',
    rule: 'an operation status outside the documented seven is accepted',
    file: 'utils/aiuta/schemas.ts',
    from: 'status: z.enum(operationStatuses),',
    to: 'status: z.string(),',
    tests: ['test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-upload-field',
    rule: "the photo goes in a multipart field other than Aiuta's image_data",
    file: 'utils/aiuta/schemas.ts',
    from: "export const uploadFieldName = 'image_data';",
    to: "export const uploadFieldName = 'image';",
    tests: ['test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-post-no-retry-timeout',
    rule: 'an upload or create that timed out is sent again (a second paid generation)',
    file: 'utils/aiuta/http.ts',
    from: "if (last || (call.retry !== 'idempotent' && !result.beforeSend)) throw result.failure;",
    to: 'if (last) throw result.failure;',
    tests: ['test/unit/aiuta/client.test.ts', 'test/unit/aiuta/http.test.ts'],
  },
  {
    name: 'shopper-post-no-retry-500',
    rule: 'a create answered 500 is sent again',
    file: 'utils/aiuta/http.ts',
    from: "if (reply.status >= 500 && call.retry === 'idempotent' && !last) {",
    to: 'if (reply.status >= 500 && !last) {',
    tests: ['test/unit/aiuta/client.test.ts', 'test/unit/aiuta/http.test.ts'],
  },
  {
    name: 'shopper-401-refresh',
    rule: 'a 401 is not retried once with a fresh token',
    file: 'utils/aiuta/client.ts',
    from: 'if (reply.status === 401 && usesToken(settings, spec.credentials)) {',
    to: 'if (false) {',
    tests: ['test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-retry-after-cap',
    rule: 'a Retry-After of 5 minutes is waited out instead of telling the shopper',
    file: 'utils/aiuta/http.ts',
    from: 'maxRetryAfterMs: 30_000 }',
    to: 'maxRetryAfterMs: 600_000 }',
    tests: ['test/unit/aiuta/http.test.ts'],
  },
  {
    name: 'shopper-max-items-dto',
    rule: 'Digital Try-On v1 is sent 3 SKUs in one try-on (it takes 1..2)',
    file: 'utils/aiuta/flavours.ts',
    from: "'digital-try-on-v1': 2,",
    to: "'digital-try-on-v1': 3,",
    tests: ['test/unit/aiuta/client.test.ts', 'test/unit/aiuta/flavours.test.ts'],
  },
  {
    name: 'shopper-status-404-gone',
    rule: 'a 404 on a status request is not taken as "the service no longer knows this try-on"',
    file: 'utils/aiuta/errors.ts',
    from: "if (status === 404 && kind === 'status') return operationGoneError();",
    to: '',
    tests: ['test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-photo-expired-400',
    rule: "400 'input image not found' is not recognised as an expired upload",
    file: 'utils/aiuta/errors.ts',
    from: 'if (status === 400 && detail && photoGonePattern.test(detail)) {',
    to: 'if (status === 410 && detail && photoGonePattern.test(detail)) {',
    tests: ['test/unit/aiuta/client.test.ts', 'test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-429-busy',
    rule: 'a 429 is reported as a generic error, without the wait from Retry-After',
    file: 'utils/aiuta/errors.ts',
    from: '    case 429:',
    to: '    case 4290:',
    tests: ['test/unit/aiuta/client.test.ts', 'test/unit/aiuta/errors.test.ts'],
  },
  {
    name: 'shopper-5xx-transient',
    rule: 'a 500 while polling is not treated as passing',
    file: 'utils/aiuta/errors.ts',
    from: '(httpStatusOf(error) ?? 0) >= 500;',
    to: '(httpStatusOf(error) ?? 0) >= 600;',
    tests: ['test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-retry-after-round-up',
    rule: 'a wait of 1.5 s is announced as 1 second (rounded down)',
    file: 'utils/http.ts',
    from: 'Math.max(1, Math.ceil(ms / 1000))',
    to: 'Math.max(1, Math.floor(ms / 1000))',
    tests: ['test/unit/aiuta/errors.test.ts', 'test/unit/aiuta/client.test.ts'],
  },
  {
    name: 'shopper-401-settings',
    rule: 'a 401 from Aiuta offers Retry instead of the settings',
    file: 'components/error-action.ts',
    from: '  \'api_unauthorized\',\n',
    to: '',
    tests: ['test/unit/components/error-action.test.ts'],
  },
  {
    name: 'shopper-abort-change-photo',
    rule: 'no person in the photo offers Retry instead of Change photo',
    file: 'components/error-action.ts',
    from: '  \'abort_no_people\',\n',
    to: '',
    tests: ['test/unit/components/error-action.test.ts', 'test/unit/components/error-notice.test.tsx'],
  },
  {
    name: 'shopper-budget-no-retry',
    rule: 'a spent daily allowance offers a Retry that cannot work',
    file: 'components/error-action.ts',
    from: "'panel_session_unknown', 'budget_exhausted'];",
    to: "'panel_session_unknown'];",
    tests: ['test/unit/components/error-action.test.ts'],
  },
  {
    name: 'shopper-max-photos',
    rule: 'a sixth photo is saved',
    file: 'utils/photos/schema.ts',
    from: 'export const maxSavedPhotos = 5;',
    to: 'export const maxSavedPhotos = 6;',
    tests: ['test/unit/components/photo/photo-section.test.tsx', 'test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-min-side',
    rule: 'a photo whose short side is 200 px once fitted is accepted (minimum 256)',
    file: 'utils/photos/pipeline.ts',
    from: 'minShortSide: 256,',
    to: 'minShortSide: 200,',
    tests: ['test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-max-side',
    rule: 'a photo is uploaded with a longest side of 2000 px (at most 1500)',
    file: 'utils/photos/pipeline.ts',
    from: 'maxSide: 1500,',
    to: 'maxSide: 2000,',
    tests: ['test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-max-input',
    rule: 'a file of 30 MB is accepted (at most 20 MB)',
    file: 'utils/photos/pipeline.ts',
    from: 'maxInputBytes: 20 * 1024 * 1024,',
    to: 'maxInputBytes: 30 * 1024 * 1024,',
    tests: ['test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-formats',
    rule: 'a file that is not JPEG, PNG, WebP or HEIC (a GIF) is taken for a photo',
    file: 'utils/photos/sniff.ts',
    from: '  return null;\n}',
    to: '  return \'image/png\';\n}',
    tests: ['test/unit/background/handlers.test.ts', 'test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-upload-per-target',
    rule: 'an upload made for one API base or subscription is reused with another',
    file: 'utils/photos/store.ts',
    from: 'meta.uploaded && meta.uploaded.target === where &&',
    to: 'meta.uploaded &&',
    tests: ['test/unit/photos/store.test.ts'],
  },
  {
    name: 'shopper-add-photo-consent',
    rule: 'the file field that adds a photo works before the shopper agreed to the upload',
    file: 'components/photo/AddPhoto.tsx',
    from: 'disabled={!agreed || busy || full}',
    to: 'disabled={busy || full}',
    tests: ['test/unit/components/photo/delete-photo-focus.test.tsx', 'test/unit/components/photo/photo-section.test.tsx'],
  },
  {
    name: 'shopper-history-max',
    rule: 'the history keeps 101 results, not 100',
    file: 'utils/history/history.ts',
    from: 'export const maxHistoryEntries = 100;',
    to: 'export const maxHistoryEntries = 101;',
    tests: ['test/unit/history'],
  },
  {
    name: 'shopper-history-evict-delete',
    rule: 'a result dropped from a full history is not deleted at Aiuta',
    file: 'utils/history/history.ts',
    from: 'if (evicted.length) void deps.remoteDeletes.delete(',
    to: 'if (false) void deps.remoteDeletes.delete(',
    tests: ['test/unit/history'],
  },
  {
    name: 'shopper-history-aiuta-owned',
    rule: "a delete is sent for Aiuta's own images, which cannot be deleted",
    file: 'utils/history/history.ts',
    from: ".filter((image) => image.owner !== 'aiuta')",
    to: '',
    tests: ['test/unit/history', 'test/unit/background/handlers.test.ts'],
  },
  {
    name: 'shopper-delete-all-history',
    rule: '"Delete all my data" keeps the results history',
    file: 'utils/storage.ts',
    from: "defineStored<HistoryEntry[]>('local:history', { fallback: [], version: 1 }, 'clear');",
    to: "defineStored<HistoryEntry[]>('local:history', { fallback: [], version: 1 }, 'keep');",
    tests: ['test/unit/background/handlers.test.ts'],
  },
  {
    name: 'shopper-delete-all-settings',
    rule: '"Delete all my data" clears the connection settings',
    file: 'utils/storage.ts',
    from: '  \'keep\',\n);',
    to: '  \'clear\',\n);',
    tests: ['test/unit/background/handlers.test.ts', 'test/unit/jobs/engine.test.ts'],
  },
  {
    name: 'shopper-delete-all-remote',
    rule: '"Delete all my data" leaves the results at Aiuta',
    file: 'utils/background/delete-all.ts',
    from: '...(await services.history.remoteImages()), ',
    to: '',
    tests: ['test/unit/background/delete-all.test.ts', 'test/unit/background/handlers.test.ts'],
  },
  {
    name: 'shopper-delete-tries',
    rule: 'a failing delete is tried six times, not five',
    file: 'utils/aiuta/remote-deletes.ts',
    from: 'export const maxDeleteTries = 5;',
    to: 'export const maxDeleteTries = 6;',
    tests: ['test/unit/aiuta/remote-deletes.test.ts'],
  },
  {
    name: 'shopper-delete-doubling',
    rule: 'the wait between delete tries grows linearly (30, 60, 90 s), not doubling',
    file: 'utils/aiuta/remote-deletes.ts',
    from: 'firstRetryAfterMs * 2 ** (record.tries - 1)',
    to: 'firstRetryAfterMs * record.tries',
    tests: ['test/unit/aiuta/remote-deletes.test.ts'],
  },
  {
    name: 'shopper-delete-refused',
    rule: 'a delete the service refuses (403) is repeated by itself',
    file: 'utils/aiuta/remote-deletes.ts',
    from: "const state = isRetryable(error) && tries < maxDeleteTries ? 'pending' : 'failed';",
    to: "const state = tries < maxDeleteTries ? 'pending' : 'failed';",
    tests: ['test/unit/aiuta/remote-deletes.test.ts'],
  },
  {
    name: 'shopper-earlier-expired',
    rule: 'a reopened panel shows an earlier result whose pictures expire within the minute',
    file: 'components/panel/panel-flow.ts',
    from: 'export const reopenMarginMs = 60_000;',
    to: 'export const reopenMarginMs = 0;',
    tests: ['test/unit/components/panel/panel-flow.test.ts'],
  },
  {
    name: 'shopper-settings-https',
    rule: 'a token endpoint or API base on plain http to another host is accepted',
    file: 'utils/settings/connection-form.ts',
    from: "} else if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {",
    to: '} else if (false) {',
    tests: ['test/unit/settings/connection-form.test.ts'],
  },
  {
    name: 'shopper-settings-credentials',
    rule: 'a service URL carrying a user name or password is accepted',
    file: 'utils/settings/connection-form.ts',
    from: '} else if (url.username || url.password) {',
    to: '} else if (false) {',
    tests: ['test/unit/settings/connection-form.test.ts'],
  },
  {
    name: 'shopper-subscription-format',
    rule: 'a subscription id with spaces or other characters is accepted',
    file: 'utils/settings/connection-form.ts',
    from: '.regex(/^[A-Za-z0-9_-]{1,64}$/,',
    to: '.regex(/^.{1,64}$/,',
    tests: ['test/unit/settings/connection-form.test.ts'],
  },
  {
    name: 'shopper-dev-key-sandbox',
    rule: 'the background saves a developer API key with an API base on another host',
    file: 'utils/settings/connection-form.ts',
    from: '.refine((values) => !developerKeyOutsideSandbox(values),',
    to: '.refine((values) => true || !developerKeyOutsideSandbox(values),',
    tests: ['test/unit/background/handlers.test.ts'],
  },
  {
    name: 'shopper-service-url-runtime',
    rule: 'the client sends the photo to an API base on plain http to another host',
    file: 'utils/http.ts',
    from: "if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {",
    to: 'if (false) {',
    tests: ['test/unit/http.test.ts'],
  },
  {
    name: 'shopper-message-request-zod',
    rule: 'a request that fails its schema reaches the handler',
    file: 'utils/messaging/channel.ts',
    from: "const payload = parseOrThrow(def.request, data, 'bad_request', `\"${type}\" request`);\n        const result",
    to: 'const payload = data;\n        const result',
    tests: ['test/unit/background/handlers.test.ts', 'test/unit/messaging/content-channel.test.ts', 'test/unit/messaging/messaging.test.ts'],
  },
  {
    name: 'shopper-message-response-zod',
    rule: "a handler's answer that fails its schema is sent as it is",
    file: 'utils/messaging/channel.ts',
    from: "return { ok: true, data: parseOrThrow(def.response, result, 'bad_response', `\"${type}\" result`) };",
    to: 'return { ok: true, data: result };',
    tests: ['test/unit/messaging/messaging.test.ts'],
  },
  {
    name: 'shopper-message-reply-zod',
    rule: 'a reply that fails its schema is given to the caller as it is',
    file: 'utils/messaging/channel.ts',
    from: "return parseOrThrow(def.response, reply.data, 'bad_response', `reply to \"${type}\"`) as Response<P, T>;",
    to: 'return reply.data as Response<P, T>;',
    tests: ['test/unit/messaging/messaging.test.ts'],
  },
  {
    name: 'shopper-tryon-items-max',
    rule: 'tryOn.start takes more items than any API can dress',
    file: 'utils/messaging/index.ts',
    from: 'items: z.array(tryOnItemSchema).min(1).max(maxItemsAnyFlavour),',
    to: 'items: z.array(tryOnItemSchema).min(1),',
    tests: ['test/unit/background/handlers.test.ts', 'test/unit/messaging'],
  },
  {
    name: 'shopper-poll-timeout-short',
    rule: 'a try-on is given up after 170 s, before the 180 s it is given',
    file: 'utils/jobs/poll-schedule.ts',
    from: 'timeoutMs: 180_000,',
    to: 'timeoutMs: 170_000,',
    tests: ['test/unit/jobs/poll-timeout.test.ts', 'test/unit/jobs/poll-schedule.test.ts'],
  },
];

const repo = resolve(import.meta.dirname, '..');
const filter = process.argv[2];
const chosen = filter ? mutations.filter((mutation) => mutation.name.includes(filter)) : mutations;
if (chosen.length === 0) {
  console.error(`No mutation's name contains "${filter}". Names: ${mutations.map((mutation) => mutation.name).join(', ')}`);
  process.exit(2);
}

/** The project's files as git sees them (tracked, plus new files not ignored) copied into a scratch folder. */
function scratchCopy(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'shop-try-on-mutate-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(repo, file), join(scratch, file));
  }
  // Generated by `wxt prepare` (the tests' tsconfig and aliases) and the installed packages: shared, not copied.
  cpSync(join(repo, '.wxt'), join(scratch, '.wxt'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  return scratch;
}

function runTests(scratch: string, tests: string[]): { passed: boolean; output: string } {
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', ...tests], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '' },
    timeout: 600_000,
  });
  return { passed: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

const scratch = scratchCopy();
console.info(`Scratch copy: ${scratch}`);
try {
  // The unmutated copy must pass the very tests each mutation is judged by.
  const allTests = [...new Set(chosen.flatMap((mutation) => mutation.tests))];
  const baseline = runTests(scratch, allTests);
  if (!baseline.passed) {
    console.error(baseline.output);
    throw new Error('The tests fail without any mutation: fix them first.');
  }
  const rows: { name: string; verdict: 'killed' | 'SURVIVED'; seconds: string; rule: string }[] = [];
  for (const mutation of chosen) {
    const path = join(scratch, mutation.file);
    const original = readFileSync(path, 'utf8');
    const count = occurrences(original, mutation.from);
    if (count !== 1) throw new Error(`${mutation.name}: expected the text once in ${mutation.file}, found it ${count} times.`);
    writeFileSync(path, original.replace(mutation.from, mutation.to));
    const started = Date.now();
    try {
      const { passed } = runTests(scratch, mutation.tests);
      const row = { name: mutation.name, verdict: passed ? ('SURVIVED' as const) : ('killed' as const), seconds: ((Date.now() - started) / 1000).toFixed(1), rule: mutation.rule };
      rows.push(row);
      console.info(`${row.verdict.padEnd(8)} ${row.name} (${row.seconds} s)`);
    } finally {
      writeFileSync(path, original);
    }
  }
  console.info('\nmutation                     result    tests run                                   broken rule');
  for (const row of rows) {
    const tests = chosen.find((mutation) => mutation.name === row.name)!.tests.join(' ');
    console.info(`${row.name.padEnd(28)} ${row.verdict.padEnd(9)} ${tests.padEnd(43)} ${row.rule}`);
  }
  const survived = rows.filter((row) => row.verdict === 'SURVIVED').length;
  console.info(`\n${rows.length - survived} killed, ${survived} survived, of ${rows.length} mutations.`);
  process.exitCode = survived === 0 ? 0 : 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
