import { describe, expect, it } from 'vitest';
import { errorCodes } from '@/utils/errors';
import { actionFor, errorActions } from '@/components/error-action';
import { localeMessages, localeNames } from '../support/locale';

describe('the action that fixes an error', () => {
  it.each([
    ['abort_no_people', 'change_photo'],
    ['abort_child', 'change_photo'],
    ['photo_not_image', 'change_photo'],
    ['photo_heic', 'change_photo'],
    ['not_configured', 'open_settings'],
    ['token_rejected', 'open_settings'],
    ['api_unauthorized', 'open_settings'],
    ['api_unreachable', 'retry'],
    ['token_unreachable', 'retry'],
    ['api_rate_limited', 'retry'],
    ['generation_timeout', 'retry'],
    ['sku_not_found', 'enter_sku'],
    ['too_many_items', 'edit_outfit'],
    ['panel_session_unknown', 'close'],
    // A spent daily allowance comes back only when it resets: a Retry could not work.
    ['budget_exhausted', 'close'],
  ] as const)('%s -> %s', (code, action) => {
    expect(actionFor(code)).toBe(action);
  });

  it('gives every error code an action the UI can label', () => {
    for (const code of errorCodes) expect(errorActions).toContain(actionFor(code));
  });

  it.each(localeNames())('has a %s sentence for every error code and a label for every action', (lang) => {
    const keys = localeMessages(lang);
    const missing = [
      ...errorCodes.map((code) => `error_${code}`),
      ...errorActions.map((action) => `error_action_${action}`),
    ].filter((key) => !keys[key]?.message);
    expect(missing).toEqual([]);
  });
});
