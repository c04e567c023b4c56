import { browser } from 'wxt/browser';
import type { AppErrorData, ErrorCode } from '@/utils/errors';
import { t, tOr, type MessageKey } from '@/utils/i18n';

/**
 * The sentence a shopper reads for an error, in the browser's language, wherever it is shown (panel,
 * popup, notifications). The translation for the code comes first; what the error knows beyond its
 * code (a wait, the host of a refused redirect) fills the placeholders of a fuller translation. The
 * sender's English sentence is used only when a language lacks the code.
 */
export function errorSentence(error: AppErrorData): string {
  const params = error.params ?? {};
  if (params.redirectedBy) return t('error_redirected', params.redirectedBy);
  if (error.code === 'budget_exhausted' && params.resetsAt !== undefined) {
    return t('error_budget_exhausted_until', formatResetTime(params.resetsAt));
  }
  const withWait = waitKeys[error.code];
  if (withWait && params.retryAfterS !== undefined) return t(withWait, formatWait(params.retryAfterS));
  return tOr(`error_${error.code}`, error.message);
}

/** Codes whose sentence says how long to wait when the service named it (Retry-After). */
const waitKeys: Partial<Record<ErrorCode, MessageKey>> = {
  api_rate_limited: 'error_api_rate_limited_wait',
  api_unavailable: 'error_api_unavailable_wait',
  token_unreachable: 'error_token_unreachable_wait',
  catalog_unreachable: 'error_catalog_unreachable_wait',
};

/** The language the browser shows the extension in, for numbers and times; the runtime's own without one. */
function uiLanguage(): string | undefined {
  try {
    return browser.i18n.getUILanguage() || undefined;
  } catch {
    return undefined;
  }
}

/** "45 seconds", "3 minutes", "2 hours" in the shopper's language, rounded up so it never says too little. */
export function formatWait(seconds: number): string {
  const [value, unit] = seconds < 120 ? [seconds, 'second'] : seconds < 7200 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(uiLanguage(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** The local time an allowance is back, with the date when that is more than a day away. */
export function formatResetTime(resetsAt: number, now = Date.now()): string {
  const nearby = resetsAt - now < 24 * 3600 * 1000;
  const format: Intl.DateTimeFormatOptions = nearby ? { hour: 'numeric', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(uiLanguage(), format).format(resetsAt);
}
