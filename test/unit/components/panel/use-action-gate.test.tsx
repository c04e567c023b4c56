// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { GateClock } from '@/components/panel/action-gate';
import { intersectionVisibility, useActionGate } from '@/components/panel/use-action-gate';
import { manualClock as movedByHand } from '../../support/manual-clock';
import { useRenderRoot } from '../../support/render-root';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging', () => ({ sendMessage }));

const dom = useRenderRoot(() => sendMessage.mockReset());

/** The shared hand-moved clock, its timers run inside `act` (they update the panel). */
function manualClock() {
  const { clock, advance } = movedByHand();
  return { clock, advance: (ms: number) => act(() => advance(ms)) };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
};

function Panel({ clock, onStart }: { clock: GateClock; onStart(): void }) {
  const gate = useActionGate('session-1', { clock });
  return (
    <>
      <button type="button" data-gated="start" onClick={onStart}>
        Start try-on
      </button>
      <p role="status">{gate.hint}</p>
    </>
  );
}

/** A pointer press and click, as a mouse makes them. */
function press(button: HTMLElement) {
  button.dispatchEvent(new Event('pointerdown', { bubbles: true }));
  button.click();
}

describe('the panel gate without IntersectionObserver v2 (e.g. Firefox)', () => {
  it('asks the background for a confirmation and starts only on its yes', async () => {
    // This environment, like Firefox, cannot say whether an element is covered.
    expect(intersectionVisibility(() => {})).toBeNull();
    const { clock, advance } = manualClock();
    const onStart = vi.fn();
    let answer: (value: { confirmed: boolean }) => void = () => {};
    sendMessage.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    await act(() => render(<Panel clock={clock} onStart={onStart} />, dom.root));
    const start = dom.root.querySelector<HTMLButtonElement>('button')!;
    const status = dom.root.querySelector('[role=status]')!;

    // Right after the panel appears, a click does nothing and asks nothing.
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(sendMessage).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/just appeared/);

    await advance(500);
    expect(document.documentElement.hasAttribute('data-armed')).toBe(true);
    await act(() => press(start));
    expect(sendMessage).toHaveBeenCalledWith('confirm.request', { sessionId: 'session-1', action: 'start' });
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/small window/);

    // The shopper says no in the window: nothing starts.
    await act(() => answer({ confirmed: false }));
    await flush();
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/Not confirmed/);

    // They click again and say yes: it starts, once.
    await act(() => press(start));
    expect(sendMessage).toHaveBeenCalledTimes(2);
    await act(() => answer({ confirmed: true }));
    await flush();
    expect(onStart).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the background cannot ask (no answer is no)', async () => {
    const { clock, advance } = manualClock();
    const onStart = vi.fn();
    sendMessage.mockRejectedValue(new Error('no receiver'));
    await act(() => render(<Panel clock={clock} onStart={onStart} />, dom.root));
    await advance(500);
    await act(() => press(dom.root.querySelector<HTMLButtonElement>('button')!));
    await flush();
    expect(onStart).not.toHaveBeenCalled();
  });
});
