import type { ErrorCode, ErrorParams } from '@/utils/errors';

/** What the shopper can do about a failure; each maps to one button in the UI. */
export const errorActions = ['retry', 'change_photo', 'open_settings', 'enter_sku', 'edit_outfit', 'close'] as const;
export type ErrorAction = (typeof errorActions)[number];

const changePhoto: readonly ErrorCode[] = [
  'abort_no_people',
  'abort_too_many_people',
  'abort_child',
  'abort_target_area',
  'abort_restricted',
  'photo_missing',
  'photo_not_image',
  'photo_too_small',
  'photo_too_large',
  'photo_unreadable',
  'photo_heic',
  'consent_required',
];

// Credentials and endpoints are wrong: only the settings can fix that, retrying cannot.
const openSettings: readonly ErrorCode[] = [
  'not_configured',
  'api_key_not_local',
  'token_bad_response',
  'token_rejected',
  'api_unauthorized',
  'api_forbidden',
  'catalog_refused',
  'catalog_bad_response',
];

// The panel lost its link to the page or the extension was updated: a fresh panel is the fix.
// A spent daily allowance: nothing helps until it resets, so no Retry that cannot work.
const close: readonly ErrorCode[] = ['bad_request', 'unknown_message', 'forbidden_sender', 'no_receiver', 'panel_session_unknown', 'budget_exhausted'];

/**
 * The one action that fixes a failure; anything transient (network, service, timeouts) is a retry.
 * A refused redirect is a wrong address whatever service sent it: the settings fix it, a retry does not.
 */
export function actionFor(code: ErrorCode, params?: ErrorParams): ErrorAction {
  if (params?.redirectedBy) return 'open_settings';
  if (changePhoto.includes(code)) return 'change_photo';
  if (openSettings.includes(code)) return 'open_settings';
  if (close.includes(code)) return 'close';
  if (code === 'sku_not_found') return 'enter_sku';
  if (code === 'too_many_items') return 'edit_outfit';
  return 'retry';
}
