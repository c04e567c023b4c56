import { bench, describe } from 'vitest';
import { validateTokenConfig } from '../token/config';
import { createTokenHandler } from '../token/handler';
import { CATALOG } from './catalog';
import { decodeImage, encodeJpeg } from './images/codecs';
import { composeTryOnJpeg } from './images/composite';
import { renderPersonPhoto, SHOPPER_LOOK } from './images/figures';

/** What the sandbox spends its time on: generating results, checking uploads, signing tokens. */

const shopper = encodeJpeg(renderPersonPhoto(SHOPPER_LOOK, 720, 960), 88);
// The largest photo the extension uploads (longest side 1500 px).
const large = encodeJpeg(renderPersonPhoto(SHOPPER_LOOK, 1125, 1500), 92);
const outfit = CATALOG.filter((item) => ['MG-CHINO-KHAKI-32', 'SPA-BRETON-SHIRT'].includes(item.sku));

describe('try-on composite (decode, draw, encode JPEG)', () => {
  bench('720x960 photo, one garment', () => {
    composeTryOnJpeg(shopper, [CATALOG[0]!]);
  }, { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 });
  bench('1125x1500 photo, two garments (scaled to 1024)', () => {
    composeTryOnJpeg(large, outfit);
  }, { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 });
});

describe('upload check', () => {
  bench('decode a 1125x1500 JPEG', () => {
    decodeImage(large);
  }, { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 });
});

describe('token server', () => {
  const handler = createTokenHandler(
    validateTokenConfig({
      secret: 'bench-secret-0123456789-0123456789',
      issuer: 'bench',
      subscriptionId: 'bench-subscription',
      allowAnonymous: true,
      ttlSeconds: 60,
      allowedOrigins: [],
      sandbox: false,
      rateLimit: { burst: 1_000_000, perMinute: 1_000_000 },
      path: '/aiuta_jwt',
    }),
  );
  const body = JSON.stringify({ operation: 'create_try_on', uploaded_image_id: 'user_image-1', sku_id: 'NWB-TEE-NAVY-M' });
  bench('validate and sign one token (handler, no network)', async () => {
    await handler.fetch(
      new Request('http://127.0.0.1/aiuta_jwt', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
    );
  }, { time: 300 });
});
