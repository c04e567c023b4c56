import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { createBackground, startBackground, wakeAlarmName, type Background } from '@/utils/background/wiring';
import { firstRetryAfterMs } from '@/utils/aiuta/remote-deletes';
import { CHANNEL } from '@/utils/messaging/envelope';
import type { Job } from '@/utils/jobs/schema';
import { consentItem, getSettings, historyItem, jobsItem, modelsCacheItem, outfitItem, pendingDeletesItem, saveSettings, storedItems } from '@/utils/storage';
import { reply, startFakeApi, type FakeApi } from '../support/fake-api';
import { configure, fastOptions, sampleItem, send, senders, waitForJob } from '../support/background-setup';
import { fakeCodec, fakePhoto, toDataUrl } from '../support/node-codec';

const product = { sku: 'SKU-123', ids: [{ kind: 'sku', value: 'SKU-123', source: 'json-ld' }], name: 'Linen shirt', pageUrl: 'https://shop.example/p/1' };

describe('background handlers', () => {
  let api: FakeApi;
  let engine: Background;

  beforeEach(async () => {
    fakeBrowser.reset();
    api = await startFakeApi({ readyAfterPolls: 0 });
    await configure(api);
    engine = createBackground(fastOptions({ codec: fakeCodec }));
  });
  afterEach(async () => {
    engine.jobs.dispose();
    await engine.jobs.settled();
    await api.close();
  });

  const finishedJob = async (): Promise<Job> => {
    await send(engine, 'photo.save', { dataUrl: toDataUrl(fakePhoto(600, 800)) });
    const started = await send(engine, 'tryOn.start', { items: [sampleItem], photo: { kind: 'saved' } });
    if (!started.ok) throw new Error(started.error.message);
    return waitForJob(engine, started.data.job.id);
  };

  describe('panel sessions', () => {
    it('gives the product to the panel in the tab that opened it, and to no other', async () => {
      const opened = await send(engine, 'panel.open', { product }, senders.content(7));
      if (!opened.ok) throw new Error(opened.error.message);
      const { sessionId } = opened.data;
      expect(await send(engine, 'panel.session', { sessionId }, senders.panel(7))).toMatchObject({ ok: true, data: { product: { sku: 'SKU-123' } } });
      expect(await send(engine, 'panel.session', { sessionId }, senders.panel(8))).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });
      expect(await send(engine, 'panel.session', { sessionId }, senders.popup())).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });
      expect(await send(engine, 'panel.session', { sessionId: 'made-up' }, senders.panel(7))).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });
      // The panel asks from an extension page, never as a content script.
      expect(await send(engine, 'panel.session', { sessionId }, senders.content(7))).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    });

    it('keeps the code the shopper typed for the product page, for the browser session only, and gives it to the panel opened there again', async () => {
      const noCode = { sku: '', ids: [], name: 'Mystery scarf', pageUrl: 'https://shop.example/p/scarf?utm_source=mail#reviews' };
      const open = async (opened: typeof noCode, tab = 7) => {
        const reply = await send(engine, 'panel.open', { product: opened }, senders.content(tab));
        if (!reply.ok) throw new Error(reply.error.message);
        return reply.data.sessionId;
      };
      const first = await open(noCode);
      expect(await send(engine, 'panel.session', { sessionId: first }, senders.panel(7))).toMatchObject({ ok: true, data: { enteredSku: undefined } });
      expect(await send(engine, 'panel.skuEntered', { sessionId: first, skuId: ' TYPED-1 ' }, senders.panel(7))).toEqual({ ok: true, data: { ok: true } });

      // The same page, reached again from another link: the code, trimmed.
      const again = await open({ ...noCode, pageUrl: 'https://shop.example/p/scarf?fbclid=abc' });
      expect(await send(engine, 'panel.session', { sessionId: again }, senders.panel(7))).toMatchObject({ ok: true, data: { enteredSku: 'TYPED-1' } });
      // Another page (another variant, too) has none.
      const other = await open({ ...noCode, pageUrl: 'https://shop.example/p/scarf?variant=2' });
      expect(await send(engine, 'panel.session', { sessionId: other }, senders.panel(7))).toMatchObject({ ok: true, data: { enteredSku: undefined } });

      // Only the panel of a live session, in its own tab, names the code of its page.
      const elsewhere = await open(noCode, 8);
      expect(await send(engine, 'panel.skuEntered', { sessionId: elsewhere, skuId: 'FORGED' }, senders.panel(7))).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });
      expect(await send(engine, 'panel.skuEntered', { sessionId: elsewhere, skuId: 'FORGED' }, senders.content(8))).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await send(engine, 'panel.skuEntered', { sessionId: elsewhere, skuId: '' }, senders.panel(8))).toMatchObject({ ok: false });
      expect(await send(engine, 'panel.session', { sessionId: elsewhere }, senders.panel(8))).toMatchObject({ ok: true, data: { enteredSku: 'TYPED-1' } });

      // Kept in memory for the browser session, never on disk; "Delete all my data" forgets it.
      expect(Object.keys(await fakeBrowser.storage.session.get(null))).toContain('enteredSkus');
      expect(Object.keys(await fakeBrowser.storage.local.get(null))).not.toContain('enteredSkus');
      expect(storedItems().find(({ item }) => item.key === 'session:enteredSkus')?.onDeleteAll).toBe('clear');
    });

    it('lets the panel close its own tab\'s panel after "Delete all my data" took its session, and nobody else', async () => {
      const opened = await send(engine, 'panel.open', { product }, senders.content(7));
      if (!opened.ok) throw new Error(opened.error.message);
      const { sessionId } = opened.data;
      const closing = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, data: { ok: true } });
      onTestFinished(() => closing.mockRestore());
      expect(await send(engine, 'data.deleteAll', {}, senders.popup())).toMatchObject({ ok: true });
      expect(await send(engine, 'panel.session', { sessionId }, senders.panel(7))).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });

      expect(await send(engine, 'panel.close', { sessionId }, senders.panel(7))).toMatchObject({ ok: true });
      expect(closing).toHaveBeenLastCalledWith(7, expect.objectContaining({ type: 'panel.close' }), { frameId: 0 });
      // Without a session, no other page closes a panel.
      closing.mockClear();
      expect(await send(engine, 'panel.close', { sessionId }, senders.popup())).toMatchObject({ ok: false, error: { code: 'panel_session_unknown' } });
      expect(await send(engine, 'panel.close', { sessionId }, senders.content(7))).toMatchObject({ ok: false });
      expect(closing).not.toHaveBeenCalled();
    });

    it('opens nothing on a site the shopper switched off, whatever a page kept from before says', async () => {
      await saveSettings({ ...(await getSettings()), disabledSites: ['shop.example'] });
      expect(await send(engine, 'panel.open', { product }, senders.content(7))).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      await saveSettings({ ...(await getSettings()), disabledSites: [] });
      expect(await send(engine, 'panel.open', { product }, senders.content(7))).toMatchObject({ ok: true });
    });

    it('opens only from a content script, and reopening in a tab replaces its session', async () => {
      expect(await send(engine, 'panel.open', { product }, senders.popup())).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      const first = await send(engine, 'panel.open', { product }, senders.content(7));
      const second = await send(engine, 'panel.open', { product: { ...product, sku: 'OTHER' } }, senders.content(7));
      if (!first.ok || !second.ok) throw new Error('open failed');
      expect(await send(engine, 'panel.session', { sessionId: first.data.sessionId }, senders.panel(7))).toMatchObject({ ok: false });
      expect(await send(engine, 'panel.session', { sessionId: second.data.sessionId }, senders.panel(7))).toMatchObject({ ok: true, data: { product: { sku: 'OTHER' } } });
    });

    it('lets only the panel ask for a confirmation, and only the window opened for it read and answer it', async () => {
      const opened = await send(engine, 'panel.open', { product }, senders.content(7));
      if (!opened.ok) throw new Error(opened.error.message);
      const { sessionId } = opened.data;
      for (const sender of [senders.popup(), senders.options()]) {
        expect(await send(engine, 'confirm.request', { sessionId, action: 'start' }, sender)).toMatchObject({ ok: false, error: { code: 'forbidden_sender', message: expect.stringMatching(/Only the try-on panel/) } });
      }
      const created = vi.spyOn(fakeBrowser.windows, 'create');
      const asked = send(engine, 'confirm.request', { sessionId, action: 'start' }, senders.panel(7));
      await vi.waitFor(() => expect(created).toHaveBeenCalled());
      const window = await created.mock.results[0]!.value;
      const id = /#(.+)$/.exec(String(created.mock.calls[0]![0]!.url))![1]!;
      const confirmWindow = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/confirm.html'), tab: { id: 30, windowId: window.id } as Browser.tabs.Tab };
      // The panel itself, the popup and the options page can neither read the question nor answer it.
      for (const sender of [senders.panel(7), senders.popup(), senders.options()]) {
        expect(await send(engine, 'confirm.details', { id }, sender)).toMatchObject({ ok: false, error: { code: 'forbidden_sender', message: expect.stringMatching(/Only the confirmation window/) } });
        expect(await send(engine, 'confirm.answer', { id, confirmed: true }, sender)).toMatchObject({ ok: false, error: { code: 'forbidden_sender', message: expect.stringMatching(/Only the confirmation window/) } });
      }
      expect(await send(engine, 'confirm.details', { id }, confirmWindow)).toMatchObject({ ok: true, data: { action: 'start', pageHost: 'shop.example' } });
      expect(await send(engine, 'confirm.answer', { id, confirmed: true }, confirmWindow)).toMatchObject({ ok: true });
      expect(await asked).toMatchObject({ ok: true, data: { confirmed: true } });
    });
  });

  it('lists predefined models once, then revalidates with the ETag; an outage falls back to the cache', async () => {
    const first = await send(engine, 'models.list', {}, senders.popup());
    expect(first).toMatchObject({ ok: true, data: { categories: [{ category: 'woman' }, { category: 'man' }] } });
    const second = await send(engine, 'models.list', {}, senders.popup());
    expect(second).toEqual(first);
    const modelRequests = api.requests.filter((r) => r.path.endsWith('/predefined_try_on_models'));
    expect(modelRequests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"models-v1"']);
    expect((await modelsCacheItem.getValue())?.etag).toBe('"models-v1"');

    api.fault({ path: /predefined_try_on_models/, respond: reply(500, {}) });
    expect(await send(engine, 'models.list', {}, senders.popup())).toEqual(first);
  });

  it('tests the connection: issuer and expiry from a fresh token, then the API with x-user-id', async () => {
    const result = await send(engine, 'settings.testConnection', {}, senders.popup());
    expect(result).toMatchObject({ ok: true, data: { issuer: 'test-issuer', apiReachable: true } });
    if (result.ok) expect(result.data.expiresAt).toBeGreaterThan(Date.now() + 30_000);

    await saveSettings({ ...(await getSettings()), apiBaseUrl: `${api.origin}/nothing-here` });
    const unreachable = await send(engine, 'settings.testConnection', {}, senders.popup());
    expect(unreachable).toMatchObject({ ok: true, data: { apiReachable: false, apiError: { code: 'api_error' } } });

    api.fault({ path: /^\/token$/, respond: reply(403, { error: 'forbidden', message: 'unknown subscription' }) });
    expect(await send(engine, 'settings.testConnection', {}, senders.popup())).toMatchObject({ ok: false, error: { code: 'token_rejected' } });
  });

  it('deletes one history entry here and its images there', async () => {
    const job = await finishedJob();
    const [entry] = await historyItem.getValue();
    expect(await send(engine, 'history.delete', { id: entry!.id }, senders.popup())).toEqual({ ok: true, data: { ok: true } });
    expect(await historyItem.getValue()).toEqual([]);
    expect(api.deleted).toEqual(job.result!.map((image) => `generated_images/${image.id}`));
  });

  it('keeps a failed remote delete for later and says so', async () => {
    await finishedJob();
    const [entry] = await historyItem.getValue();
    api.fault({ method: 'DELETE', path: /generated_images/, respond: reply(503, {}, { 'retry-after': '0' }) });
    const result = await send(engine, 'history.delete', { id: entry!.id }, senders.popup());
    expect(result).toMatchObject({ ok: false, error: { code: 'remote_delete_failed' } });
    expect(await historyItem.getValue()).toEqual([]);
    expect(await pendingDeletesItem.getValue()).toMatchObject([{ kind: 'generated', state: 'pending', target: { apiBaseUrl: api.dtoBase } }]);
    api.faults.length = 0;
    // Half a minute on (its last try moved back that much), the next try is due.
    await pendingDeletesItem.setValue((await pendingDeletesItem.getValue()).map((record) => ({ ...record, updatedAt: record.updatedAt! - firstRetryAfterMs })));
    await engine.wakeUp();
    expect(await pendingDeletesItem.getValue()).toMatchObject([{ kind: 'generated', state: 'deleted' }]);
    expect(api.deleted).toHaveLength(1);
  });

  it('deletes all data: every local item but the settings, and every image on the service', async () => {
    const job = await finishedJob();
    await send(engine, 'models.list', {}, senders.popup());
    await send(engine, 'panel.open', { product }, senders.content(7));
    const uploadedId = (await engine.photos.get())!.uploaded!.id;
    await outfitItem.setValue([{ skuId: 'KEPT-FOR-OUTFIT', name: 'Scarf', pageUrl: 'https://shop.example/scarf' }]);

    expect(await send(engine, 'data.deleteAll', {}, senders.popup())).toEqual({ ok: true, data: { ok: true } });
    // The install id stays: images still to be deleted on the service are bound to it.
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => !/^(settings|installId|pendingDeletes)/.test(key))).toEqual([]);
    // What was deleted stays listed, without the names of the results.
    expect(await pendingDeletesItem.getValue()).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'deleted' })]));
    expect((await pendingDeletesItem.getValue()).some((record) => 'label' in record)).toBe(false);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await consentItem.getValue()).toBeNull();
    expect(api.deleted.sort()).toEqual([`generated_images/${job.result![0]!.id}`, `uploaded_images/${uploadedId}`].sort());
  });

  it('derives what "delete all" clears from the storage definitions: every item but those marked keep', async () => {
    const kept = storedItems().filter(({ onDeleteAll }) => onDeleteAll === 'keep').map(({ item }) => item.key);
    expect(kept.sort()).toEqual(['local:installId', 'local:pendingDeletes', 'local:privacyFactsSeen', 'local:settings']);
    // Something in every item, as if each feature had written it (values need not be valid to be cleared).
    for (const { item } of storedItems()) if (!kept.includes(item.key)) await item.setValue(['something'] as never);
    await pendingDeletesItem.setValue([{ kind: 'generated', id: 'gone-long-ago', expiresAt: 1, tries: 1 }]);

    expect(await send(engine, 'data.deleteAll', {}, senders.popup())).toEqual({ ok: true, data: { ok: true } });
    for (const { item, onDeleteAll } of storedItems()) {
      if (onDeleteAll === 'clear') expect(await fakeBrowser.storage[item.key.startsWith('local:') ? 'local' : 'session'].get(item.key.split(':')[1]!), item.key).toEqual({});
    }
    expect((await getSettings()).tokenEndpoint).not.toBe('');
  });

  it('answers photo.get and photo.delete', async () => {
    expect(await send(engine, 'photo.get', {}, senders.popup())).toEqual({ ok: true, data: { photo: null } });
    await send(engine, 'photo.save', { dataUrl: toDataUrl(fakePhoto(600, 800)) }, senders.popup());
    expect(await send(engine, 'photo.get', {}, senders.popup())).toMatchObject({ ok: true, data: { photo: { width: 600, height: 800 } } });
    const bad = await send(engine, 'photo.save', { dataUrl: 'data:text/plain;base64,aGVsbG8=' }, senders.popup());
    expect(bad).toMatchObject({ ok: false, error: { code: 'photo_not_image' } });
    expect(await send(engine, 'photo.delete', {}, senders.popup())).toEqual({ ok: true, data: { ok: true } });
    expect(await send(engine, 'photo.get', {}, senders.popup())).toEqual({ ok: true, data: { photo: null } });
  });

  it('lists jobs, and answers for one job (null once it is gone)', async () => {
    const job = await finishedJob();
    expect(await send(engine, 'jobs.list', {}, senders.popup())).toMatchObject({ ok: true, data: { jobs: [{ id: job.id, status: 'done' }] } });
    expect(await send(engine, 'jobs.get', { jobId: job.id }, senders.popup())).toMatchObject({ ok: true, data: { job: { id: job.id, status: 'done' } } });
    expect(await send(engine, 'jobs.get', { jobId: 'made-up' }, senders.popup())).toEqual({ ok: true, data: { job: null } });
  });

  describe('writes pages ask for', () => {
    it('saves the connection settings with the form rules, keeping the rest of the settings', async () => {
      await send(engine, 'settings.saveSiteRule', { rule: { host: 'shop.example', idKind: 'gtin' } }, senders.popup());
      const values = { subscriptionId: 'sub-2', tokenEndpoint: 'https://shop.example/jwt', apiBaseUrl: 'https://api.aiuta.com/v1/', apiFlavour: 'unified-v1', developerApiKey: '', catalogEndpoint: '' } as const;
      expect(await send(engine, 'settings.saveConnection', { values }, senders.options())).toMatchObject({ ok: true, data: { settings: { subscriptionId: 'sub-2', apiBaseUrl: 'https://api.aiuta.com/v1' } } });
      expect((await getSettings()).siteRules).toEqual([{ host: 'shop.example', idKind: 'gtin' }]);
      const insecure = await send(engine, 'settings.saveConnection', { values: { ...values, tokenEndpoint: 'http://shop.example/jwt' } }, senders.popup());
      expect(insecure).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const leakedKey = await send(engine, 'settings.saveConnection', { values: { ...values, developerApiKey: 'sk-1' } }, senders.popup());
      expect(leakedKey).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect((await getSettings()).tokenEndpoint).toBe('https://shop.example/jwt');
    });

    it('keeps every one of many changes sent at once: each reads the settings right before writing', async () => {
      const hosts = ['a.example', 'b.example', 'c.example', 'd.example'];
      await Promise.all([
        ...hosts.map((host) => send(engine, 'settings.setSiteDisabled', { host, disabled: true }, senders.popup())),
        send(engine, 'settings.saveSiteRule', { rule: { host: 'https://Shop.example/p', selector: '.sku' } }, senders.options()),
      ]);
      const settings = await getSettings();
      expect([...settings.disabledSites].sort()).toEqual(hosts);
      expect(settings.siteRules).toEqual([{ host: 'shop.example', selector: '.sku' }]);
      await send(engine, 'settings.setSiteDisabled', { host: 'www.b.example', disabled: false }, senders.popup());
      await send(engine, 'settings.removeSiteRule', { host: 'shop.example' }, senders.popup());
      expect(await getSettings()).toMatchObject({ disabledSites: ['a.example', 'c.example', 'd.example'], siteRules: [] });
    });

    it('records consent and its withdrawal', async () => {
      expect(await send(engine, 'consent.set', { accepted: true }, senders.panel(3))).toMatchObject({ ok: true, data: { consent: { acceptedAt: expect.any(Number) } } });
      expect(await consentItem.getValue()).toEqual({ acceptedAt: expect.any(Number) });
      expect(await send(engine, 'consent.set', { accepted: false }, senders.popup())).toEqual({ ok: true, data: { consent: null } });
      expect(await consentItem.getValue()).toBeNull();
    });

    it('keeps the outfit within the item limit of the API in use', async () => {
      const item = (skuId: string) => ({ skuId, name: skuId });
      expect(await send(engine, 'outfit.add', { item: item('A') }, senders.panel(3))).toEqual({ ok: true, data: { result: { ok: true, outfit: [item('A')] } } });
      expect(await send(engine, 'outfit.add', { item: item('A') }, senders.panel(3))).toEqual({ ok: true, data: { result: { ok: false, reason: 'already_in' } } });
      // Digital Try-On v1 dresses two items: one kept, one slot for the product on the next page.
      expect(await send(engine, 'outfit.add', { item: item('B') }, senders.panel(3))).toEqual({ ok: true, data: { result: { ok: false, reason: 'full' } } });
      await saveSettings({ ...(await getSettings()), apiFlavour: 'unified-v1' });
      expect(await send(engine, 'outfit.add', { item: item('B') }, senders.panel(3))).toMatchObject({ ok: true, data: { result: { ok: true } } });
      expect(await send(engine, 'outfit.remove', { skuId: 'A' }, senders.panel(3))).toEqual({ ok: true, data: { outfit: [item('B')] } });
      expect(await outfitItem.getValue()).toEqual([item('B')]);
    });

    it('refuses a try-on of more items than any API dresses (six) before anything is stored or uploaded; five go through', async () => {
      await saveSettings({ ...(await getSettings()), apiFlavour: 'unified-v1' });
      const items = (count: number) => Array.from({ length: count }, (_, i) => ({ ...sampleItem, skuId: `SKU-${i}` }));
      const six = await send(engine, 'tryOn.start', { items: items(6), photo: { kind: 'model', imageId: 'model_woman_00' } });
      expect(six).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await jobsItem.getValue()).toEqual([]);
      const five = await send(engine, 'tryOn.start', { items: items(5), photo: { kind: 'model', imageId: 'model_woman_00' } });
      expect(five).toMatchObject({ ok: true, data: { job: { items: items(5) } } });
    });

    it('takes writes from the extension only, never from a store page', async () => {
      expect(await send(engine, 'settings.setSiteDisabled', { host: 'shop.example', disabled: true }, senders.content(7))).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await send(engine, 'outfit.add', { item: { skuId: 'A' } }, senders.content(7))).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect((await getSettings()).disabledSites).toEqual([]);
    });
  });
});

describe('startBackground', () => {
  beforeEach(() => fakeBrowser.reset());

  it('registers the message listener synchronously and checks senders', async () => {
    startBackground();
    // fakeBrowser's sendMessage passes an empty sender record, which is not our extension.
    const answer = await fakeBrowser.runtime.sendMessage({ channel: CHANNEL, type: 'jobs.list', data: {} });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('continues unfinished jobs when the wake-up alarm fires', async () => {
    startBackground();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // A job left by a worker that stopped while its create was in flight.
    const now = Date.now();
    await jobsItem.setValue([{ id: 'left-over', status: 'generating', items: [sampleItem], photo: { kind: 'saved' }, createdAt: now, updatedAt: now, stageStartedAt: now, createSentAt: now }]);
    await fakeBrowser.alarms.onAlarm.trigger({ name: wakeAlarmName, scheduledTime: now });
    await expect.poll(async () => (await jobsItem.getValue())[0]?.error?.code).toBe('generation_interrupted');
  });

  it('clears the notification it is clicked on', async () => {
    startBackground();
    await fakeBrowser.notifications.create('try-on:some-job', { type: 'basic', iconUrl: '', title: 't', message: 'm' });
    await fakeBrowser.notifications.onClicked.trigger('try-on:some-job');
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});
