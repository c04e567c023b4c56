import { describe, expect, it } from 'vitest';
import { closeRequest, isFromPanel, isPanelRequest } from '@/utils/messaging/panel-link';
import { originOf } from '@/utils/page/panel-frame';

describe('the close request from the panel frame', () => {
  const panelWindow = {} as Window;
  const pageWindow = {} as Window;
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  it('is accepted only from the panel frame itself and the extension origin', () => {
    expect(isFromPanel({ source: panelWindow, origin, data: closeRequest() }, panelWindow, origin)).toBe(true);
    // The page (or another frame) posting the same message is ignored.
    expect(isFromPanel({ source: pageWindow, origin, data: closeRequest() }, panelWindow, origin)).toBe(false);
    expect(isFromPanel({ source: panelWindow, origin: 'https://shop.example', data: closeRequest() }, panelWindow, origin)).toBe(false);
    expect(isFromPanel({ source: panelWindow, origin, data: { channel: 'other', type: 'close' } }, panelWindow, origin)).toBe(false);
    expect(isFromPanel({ source: null, origin, data: closeRequest() }, null, origin)).toBe(false);
  });

  it('has one exact shape', () => {
    expect(isPanelRequest(closeRequest())).toBe(true);
    expect(isPanelRequest({ channel: 'shop-try-on:panel', type: 'open' })).toBe(false);
    expect(isPanelRequest('close')).toBe(false);
    expect(isPanelRequest(null)).toBe(false);
  });

  it('computes extension origins by hand (URL.origin is "null" for them)', () => {
    expect(originOf(`${origin}/panel.html#abc`)).toBe(origin);
    expect(originOf('moz-extension://1234-5678/panel.html')).toBe('moz-extension://1234-5678');
  });
});
