/**
 * The only thing the panel (an extension page in an iframe) tells the content script around it:
 * "close me". It travels by postMessage to the parent window, so the receiver checks that the
 * message comes from the panel's own frame and the extension's origin, never trusting the page.
 */
export const PANEL_CHANNEL = 'shop-try-on:panel';

export interface PanelRequest {
  channel: typeof PANEL_CHANNEL;
  type: 'close';
}

export function closeRequest(): PanelRequest {
  return { channel: PANEL_CHANNEL, type: 'close' };
}

export function isPanelRequest(data: unknown): data is PanelRequest {
  if (typeof data !== 'object' || data === null) return false;
  const { channel, type } = data as Partial<PanelRequest>;
  return channel === PANEL_CHANNEL && type === 'close';
}

/** True for a close request from the panel frame itself (source and origin are set by the browser). */
export function isFromPanel(event: Pick<MessageEvent, 'source' | 'origin' | 'data'>, panelWindow: Window | null | undefined, extensionOrigin: string): boolean {
  return Boolean(panelWindow) && event.source === panelWindow && event.origin === extensionOrigin && isPanelRequest(event.data);
}
