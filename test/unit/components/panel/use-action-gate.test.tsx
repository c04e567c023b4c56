// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { GateClock, VisibilityObserverFactory, VisibilityReport } from '@/components/panel/action-gate';
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

function Panel({ clock, onStart, observer }: { clock: GateClock; onStart(): void; observer?: VisibilityObserverFactory<Element> }) {
  const gate = useActionGate('session-1', { clock, observer });
  return (
    <>
      <button type="button" id="elsewhere">
        Elsewhere
      </button>
      <button type="button" data-gated="start" onClick={onStart}>
        Start try-on
      </button>
      <label data-gated="choose">
        <input type="radio" name="photo" /> My photo 1
      </label>
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
    const start = dom.root.querySelector<HTMLButtonElement>('[data-gated]')!;
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
    // However long the window stays open, the panel keeps saying where to answer.
    await advance(60_000);
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
    await act(() => press(dom.root.querySelector<HTMLButtonElement>('[data-gated]')!));
    await flush();
    expect(onStart).not.toHaveBeenCalled();
  });
});

/** A stand-in for IntersectionObserver v2 that the test reports through, as Chrome would. */
function fakeVisibility() {
  let report: (reports: VisibilityReport<Element>[]) => void = () => {};
  const observer: VisibilityObserverFactory<Element> = (callback) => {
    report = callback;
    return { observe() {}, unobserve() {}, disconnect() {} };
  };
  return { observer, see: (target: Element, visible: boolean) => act(() => report([{ target, visible }])) };
}

/** Enter on the focused control: a key press, then the click the browser makes of it (no pointer). */
function pressEnter(button: HTMLElement) {
  button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  button.click();
}

describe('the panel gate with IntersectionObserver v2 (Chrome)', () => {
  async function panel() {
    const { clock, advance } = manualClock();
    const { observer, see } = fakeVisibility();
    const onStart = vi.fn();
    await act(() => render(<Panel clock={clock} onStart={onStart} observer={observer} />, dom.root));
    const start = dom.root.querySelector<HTMLButtonElement>('[data-gated]')!;
    const status = dom.root.querySelector('[role=status]')!;
    return { advance, see, onStart, start, status };
  }

  it('stops a click on Start that the browser has not seen unobscured, and one in its first half second', async () => {
    const { advance, see, onStart, start, status } = await panel();
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/did not count/);

    await see(start, true);
    await advance(499);
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/just appeared/);

    await advance(1);
    expect(start.hasAttribute('data-armed')).toBe(true);
    await act(() => press(start));
    expect(onStart).toHaveBeenCalledTimes(1);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('calls a click on Start right after it was enabled early, not covered: the browser has not reported since', async () => {
    const { advance, see, onStart, start, status } = await panel();
    // Disabled, Start is drawn faded, which the browser reports as not visible.
    start.disabled = true;
    await flush();
    await see(start, false);
    await advance(2000);
    start.disabled = false;
    await flush();
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/just appeared/);
    // Still no word from the browser once the arming delay is over: something covers it.
    await advance(500);
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/did not count/);
  });

  it('calls a click on a photo choice whose input was enabled a moment ago early, not covered', async () => {
    const { advance, see, status } = await panel();
    const choice = dom.root.querySelector<HTMLElement>('[data-gated="choose"]')!;
    const input = choice.querySelector('input')!;
    input.disabled = true;
    await flush();
    await see(choice, false);
    await advance(2000);
    input.disabled = false;
    await flush();
    await act(() => press(input));
    expect(input.checked).toBe(false);
    expect(status.textContent).toMatch(/just appeared/);
  });

  it('stops a click while a decoy covers Start, however long it was seen before', async () => {
    const { advance, see, onStart, start, status } = await panel();
    await see(start, true);
    await advance(2000);
    await see(start, false);
    expect(start.hasAttribute('data-armed')).toBe(false);
    await act(() => press(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/did not count/);
  });

  it('counts Enter on Start only when the shopper moved focus there after it armed', async () => {
    const { advance, see, onStart, start, status } = await panel();
    // Focus rests on Start as the panel opens.
    await act(() => start.focus());
    await see(start, true);
    await advance(1000);
    await act(() => pressEnter(start));
    expect(onStart).not.toHaveBeenCalled();
    expect(status.textContent).toMatch(/key press did not count/);

    // A pointer click is a choice of its own.
    await act(() => press(start));
    expect(onStart).toHaveBeenCalledTimes(1);

    // The shopper tabs away and back: now Enter counts.
    await act(() => dom.root.querySelector<HTMLButtonElement>('#elsewhere')!.focus());
    await act(() => start.focus());
    await act(() => pressEnter(start));
    expect(onStart).toHaveBeenCalledTimes(2);
  });
});

function PhotoChoice({ clock, onChosen }: { clock: GateClock; onChosen(id: string): void }) {
  const gate = useActionGate('session-1', { clock });
  return (
    <>
      <div role="radiogroup">
        {['first', 'second', 'third'].map((id) => (
          <label data-gated="choose" key={id}>
            <input type="radio" name="photos" value={id} onChange={() => onChosen(id)} />
            {id}
          </label>
        ))}
      </div>
      <p role="status">{gate.hint}</p>
    </>
  );
}

describe('arrow keys in a gated radio group (choosing a photo card)', () => {
  const arrow = (target: Element, key: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

  it('change the choice only through the gate, like a click', async () => {
    const { clock, advance } = manualClock();
    const onChosen = vi.fn();
    await act(() => render(<PhotoChoice clock={clock} onChosen={onChosen} />, dom.root));
    const radios = [...dom.root.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    const status = dom.root.querySelector('[role=status]')!;

    // Right after the panel appears an arrow key chooses nothing, though focus moves on.
    radios[0]!.focus();
    let event: KeyboardEvent | undefined;
    await act(() => {
      event = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true });
      radios[0]!.dispatchEvent(event);
    });
    expect(event!.defaultPrevented).toBe(true);
    expect(onChosen).not.toHaveBeenCalled();
    expect(radios.map((radio) => radio.checked)).toEqual([false, false, false]);
    expect(status.textContent).toMatch(/just appeared/);

    // Once armed, the arrow key moves the choice, as a key press on the radio it reaches.
    await advance(500);
    await act(() => {
      arrow(radios[1]!, 'ArrowDown');
    });
    expect(onChosen).toHaveBeenLastCalledWith('third');
    expect(radios.map((radio) => radio.checked)).toEqual([false, false, true]);
    expect(document.activeElement).toBe(radios[2]);
    // Past the last, back to the first; up goes back.
    await act(() => {
      arrow(radios[2]!, 'ArrowRight');
    });
    expect(onChosen).toHaveBeenLastCalledWith('first');
    await act(() => {
      arrow(radios[0]!, 'ArrowUp');
    });
    expect(onChosen).toHaveBeenLastCalledWith('third');
    expect(onChosen).toHaveBeenCalledTimes(3);
  });
});
