import { installIdSchema } from '@/utils/contracts/token-request';
import type { SerialQueue } from '@/utils/serial-queue';
import { installIdItem } from '@/utils/storage';

/**
 * This installation's random id, made once and kept in local storage (extension storage, which web
 * pages cannot read). The token backend binds the images this installation makes to it, so nobody
 * else can get a token to delete them. It says nothing about the shopper.
 */
export function createInstallId(deps: { write: SerialQueue; newId?: () => string }): () => Promise<string> {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let known: string | undefined;
  return async () => {
    if (known) return known;
    known = await deps.write(async () => {
      const stored = installIdSchema.safeParse(await installIdItem.getValue());
      if (stored.success) return stored.data;
      const made = installIdSchema.parse(newId());
      await installIdItem.setValue(made);
      return made;
    });
    return known;
  };
}
