/**
 * `npm run extension-key`: creates the signing key that gives a Chrome build a fixed extension id, or
 * with `-- --from <key.pem>` reads an existing one. Prints the manifest `key` (for MANIFEST_KEY), the
 * extension id it yields, and the origin the token server must allow (AIUTA_JWT_ALLOWED_ORIGINS).
 * The private key stays with whoever uploads to the Chrome Web Store; the build needs only the public part.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The manifest `key`: the public key as base64 DER (SubjectPublicKeyInfo). */
export function manifestKeyOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Chrome's id for a manifest key: the first 32 hex digits of the key's SHA-256, written with a-p for 0-f. */
export function extensionIdOf(manifestKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(manifestKey, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

export function newPrivateKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function main(): void {
  const { values } = parseArgs({ options: { from: { type: 'string' }, out: { type: 'string', default: 'extension-key.pem' } } });
  let pem: string;
  if (values.from) {
    pem = readFileSync(resolve(values.from), 'utf8');
  } else {
    const out = resolve(values.out);
    if (existsSync(out)) throw new Error(`${out} exists already; use --from ${values.out} to read it, or --out another path.`);
    pem = newPrivateKeyPem();
    writeFileSync(out, pem, { mode: 0o600 });
    console.info(`Private key written to ${out}: keep it secret and out of the repository.`);
  }
  const key = manifestKeyOf(pem);
  const id = extensionIdOf(key);
  console.info(`MANIFEST_KEY=${key}`);
  console.info(`Extension id: ${id}`);
  console.info(`AIUTA_JWT_ALLOWED_ORIGINS=chrome-extension://${id}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
