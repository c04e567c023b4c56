import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startSandbox, type Sandbox } from '../../../server/sandbox/index';
import { createImageReports, imagesEndpointOf } from '@/utils/auth/image-reports';
import { createInstallId } from '@/utils/auth/install-id';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { tokenRequestSchema } from '@/utils/contracts/token-request';
import { AppError } from '@/utils/errors';
import { createSerialQueue } from '@/utils/serial-queue';
import { installIdItem } from '@/utils/storage';

/**
 * Image ownership through the sandbox's real token server: an installation's reports bind images to
 * its install id, and `delete_image` is signed for its own images only.
 */

describe('install id', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is made once, kept in local storage, and the same for every caller and a restarted worker', async () => {
    let made = 0;
    const newId = () => `install-${++made}-0123456789abcdef`;
    const first = createInstallId({ write: createSerialQueue(), newId });
    const [a, b] = await Promise.all([first(), first()]);
    expect(a).toBe('install-1-0123456789abcdef');
    expect(b).toBe(a);
    expect(await installIdItem.getValue()).toBe(a);
    // A new worker reads it back instead of making another.
    expect(await createInstallId({ write: createSerialQueue(), newId })()).toBe(a);
    expect(made).toBe(1);
  });

  it('is random and fits the token contract by default', async () => {
    const id = await createInstallId({ write: createSerialQueue() })();
    expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    fakeBrowser.reset();
    expect(await createInstallId({ write: createSerialQueue() })()).not.toBe(id);
  });
});

describe('image ownership with the sandbox token server', () => {
  let sandbox: Sandbox;
  const installs = { mine: 'install-mine-0123456789', theirs: 'install-theirs-0123456789' };

  const brokerFor = (installId: string) =>
    createTokenBroker({
      getSettings: async () => ({ tokenEndpoint: sandbox.tokenUrl, subscriptionId: sandbox.subscriptionId }),
      fetch,
      now: Date.now,
      installId: async () => installId,
      sleep: async () => undefined,
    });
  const reportsFor = (installId: string) =>
    createImageReports({
      getSettings: async () => ({ tokenEndpoint: sandbox.tokenUrl, subscriptionId: sandbox.subscriptionId }),
      installId: async () => installId,
      fetch,
    });
  const tokenRequests = () => sandbox.log().filter((entry) => entry.service === 'token' && entry.path.endsWith('/aiuta_jwt'));

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('sends install_id with every token request, in the shared contract', async () => {
    await brokerFor(installs.mine).getToken({ operation: 'upload_image' });
    const [request] = tokenRequests();
    expect(request!.requestBody).toEqual({ operation: 'upload_image', subscription_id: sandbox.subscriptionId, install_id: installs.mine });
    expect(tokenRequestSchema.safeParse(request!.requestBody).success).toBe(true);
  });

  it('reports images to the endpoint beside the token endpoint', () => {
    expect(imagesEndpointOf('https://shop.example/api/aiuta_jwt').href).toBe('https://shop.example/api/aiuta_images');
  });

  it('gets a delete_image token for its own reported image; another installation is refused', async () => {
    const imageId = 'generated_image-0f7c2b61-3a55-4f6e-9a57-0c8f7f1d2e11';
    await reportsFor(installs.mine)([imageId]);
    const reports = sandbox.log().filter((entry) => entry.path.endsWith('/aiuta_images'));
    expect(reports.map((entry) => [entry.status, entry.responseBody])).toEqual([[200, { owned: [imageId], not_owned: [] }]]);

    await expect(brokerFor(installs.mine).getToken({ operation: 'delete_image', image_id: imageId })).resolves.toMatchObject({ token: expect.any(String) });
    const refused = await brokerFor(installs.theirs)
      .getToken({ operation: 'delete_image', image_id: imageId })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'token_rejected' });
    expect((refused as AppError).message).toMatch(/403/);

    // The other installation reporting it later does not take it over.
    await reportsFor(installs.theirs)([imageId]);
    expect(sandbox.log().at(-1)!.responseBody).toEqual({ owned: [], not_owned: [imageId] });
  });

  it('binds the uploaded photo of a create_try_on to the installation that asked', async () => {
    const imageId = 'user_image-7d1e0c44-5b7a-4d0e-8f0b-1c2d3e4f5a6b';
    await brokerFor(installs.mine).getToken({ operation: 'create_try_on', uploaded_image_id: imageId, sku_id: 'SKU-1' });
    await expect(brokerFor(installs.mine).getToken({ operation: 'delete_image', image_id: imageId })).resolves.toMatchObject({ token: expect.any(String) });
    await expect(brokerFor(installs.theirs).getToken({ operation: 'delete_image', image_id: imageId })).rejects.toMatchObject({ code: 'token_rejected' });
  });

  it('keeps a try-on going when the backend has no image reports (404)', async () => {
    const report = createImageReports({
      getSettings: async () => ({ tokenEndpoint: `${new URL(sandbox.tokenUrl).origin}/elsewhere/aiuta_jwt`, subscriptionId: sandbox.subscriptionId }),
      installId: async () => installs.mine,
      fetch,
    });
    await expect(report(['generated_image-1'])).resolves.toBeUndefined();
    expect(sandbox.log().at(-1)!.status).toBe(404);
  });
});
