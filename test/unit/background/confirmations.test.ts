import { describe, expect, it, vi } from 'vitest';
import { createConfirmations, type ConfirmationRequest } from '@/utils/background/confirmations';

const request = (sessionId = 'session-1'): ConfirmationRequest => ({
  sessionId,
  action: 'start',
  product: { sku: 'SKU-1', ids: [], name: 'Linen Shirt', pageUrl: 'https://shop.example/shirt' } as unknown as ConfirmationRequest['product'],
});

function setup() {
  let ids = 0;
  let windows = 100;
  const timers: (() => void)[] = [];
  const delays: number[] = [];
  const opened: { id: string; windowId: number }[] = [];
  const closeWindow = vi.fn(async () => {});
  const confirmations = createConfirmations({
    newId: () => `c${++ids}`,
    openWindow: async (id) => {
      const windowId = ++windows;
      opened.push({ id, windowId });
      return windowId;
    },
    closeWindow,
    setTimer: (run, ms) => {
      timers.push(run);
      delays.push(ms);
      return () => timers.splice(timers.indexOf(run), 1);
    },
  });
  const settled = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { confirmations, opened, timers, delays, closeWindow, settled };
}

describe('confirmations in a window of their own', () => {
  it('opens a window, shows it what was clicked, and answers with the shopper\'s yes', async () => {
    const { confirmations, opened, closeWindow, settled } = setup();
    const answer = confirmations.ask(request());
    await settled();
    const [{ id, windowId }] = opened as [{ id: string; windowId: number }];
    expect(confirmations.details(id, windowId)).toEqual({ action: 'start', productName: 'Linen Shirt', pageHost: 'shop.example' });
    confirmations.answer(id, windowId, true);
    await expect(answer).resolves.toBe(true);
    expect(closeWindow).toHaveBeenCalledWith(windowId);
  });

  it('takes the answer once, and only from the window opened for it', async () => {
    const { confirmations, opened, settled } = setup();
    const answer = confirmations.ask(request());
    await settled();
    const [{ id, windowId }] = opened as [{ id: string; windowId: number }];
    expect(() => confirmations.answer(id, windowId + 1, true)).toThrow(/expired/);
    expect(() => confirmations.details(id, undefined)).toThrow(/expired/);
    confirmations.answer(id, windowId, false);
    await expect(answer).resolves.toBe(false);
    expect(() => confirmations.answer(id, windowId, true)).toThrow(/expired/);
  });

  it('counts a closed window or the timeout, a minute after asking, as no', async () => {
    const { confirmations, opened, timers, delays, settled } = setup();
    const closed = confirmations.ask(request('a'));
    await settled();
    confirmations.windowClosed(opened[0]!.windowId);
    await expect(closed).resolves.toBe(false);

    const late = confirmations.ask(request('b'));
    await settled();
    expect(delays.at(-1)).toBe(60_000);
    timers.at(-1)!();
    await expect(late).resolves.toBe(false);
    expect(() => confirmations.answer(opened[1]!.id, opened[1]!.windowId, true)).toThrow(/expired/);
  });

  it('keeps one question per panel: a new one declines the previous', async () => {
    const { confirmations, opened, settled } = setup();
    const first = confirmations.ask(request());
    const second = confirmations.ask(request());
    await expect(first).resolves.toBe(false);
    await settled();
    confirmations.answer(opened[1]!.id, opened[1]!.windowId, true);
    await expect(second).resolves.toBe(true);
  });
});
