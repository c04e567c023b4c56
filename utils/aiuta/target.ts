import { z } from 'zod';
import { apiFlavours } from '@/utils/aiuta/flavours';

/**
 * Which API and subscription something on Aiuta's side belongs to. An uploaded photo's id or a
 * cached models list is reused only for the same target: changing either setting starts afresh.
 * Every stored id of a remote image records its target, so deleting it later goes to the host that
 * stored it, with a token for the subscription it was stored under, whatever the settings say then.
 */
export const apiTargetSchema = z.object({
  apiBaseUrl: z.string(),
  subscriptionId: z.string(),
  /**
   * The API an operation was created with (its status path differs between flavours): set on an
   * operation's target only, so following or deleting it after the settings switched flavour still
   * asks the right path. Uploaded images live at the same path in both.
   */
  apiFlavour: z.enum(apiFlavours).optional(),
});
export type ApiTarget = z.infer<typeof apiTargetSchema>;

/** The target of the given settings (only the two fields that name it). */
export function targetOf(settings: { apiBaseUrl: string; subscriptionId: string }): ApiTarget {
  return { apiBaseUrl: settings.apiBaseUrl, subscriptionId: settings.subscriptionId };
}

/** A target as one comparable string (the key models-cache and photo records store). */
export function apiTarget(settings: { apiBaseUrl: string; subscriptionId: string }): string {
  return `${settings.apiBaseUrl}|${settings.subscriptionId}`;
}

/** The target a key made by `apiTarget` names (a subscription id holds no `|`; a URL might). */
export function targetFromKey(key: string): ApiTarget {
  const split = key.lastIndexOf('|');
  return split < 0 ? { apiBaseUrl: key, subscriptionId: '' } : { apiBaseUrl: key.slice(0, split), subscriptionId: key.slice(split + 1) };
}
