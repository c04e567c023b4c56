import * as z from 'zod/mini';

/**
 * The only thing the panel (an extension page in an iframe) tells the content script around it:
 * "close me". It travels by postMessage to the parent window, so the receiver checks that the
 * message comes from the panel's own frame and the extension's origin, never trusting the page.
 */
export const PANEL_CHANNEL = 'shop-try-on:panel';

const panelRequestSchema = z.object({ channel: z.literal(PANEL_CHANNEL), type: z.literal('close') });
export type PanelRequest = z.infer<typeof panelRequestSchema>;

export function closeRequest(): PanelRequest {
  return { channel: PANEL_CHANNEL, type: 'close' };
}

export function isPanelRequest(data: unknown): data is PanelRequest {
  return z.safeParse(panelRequestSchema, data).success;
}

/** True for a close request from the panel frame itself (source and origin are set by the browser). */
export function isFromPanel(event: Pick<MessageEvent, 'source' | 'origin' | 'data'>, panelWindow: Window | null | undefined, extensionOrigin: string): boolean {
  return Boolean(panelWindow) && event.source === panelWindow && event.origin === extensionOrigin && isPanelRequest(event.data);
}
