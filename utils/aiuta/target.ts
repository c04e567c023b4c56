/**
 * Which API and subscription something on Aiuta's side belongs to. An uploaded photo's id or a
 * cached models list is reused only for the same target: changing either setting starts afresh.
 */
export function apiTarget(settings: { apiBaseUrl: string; subscriptionId: string }): string {
  return `${settings.apiBaseUrl}|${settings.subscriptionId}`;
}
