import { describe, expect, it, vi } from 'vitest';
import { createActionGate, type VisibilityReport } from '@/components/panel/action-gate';
import { manualClock } from '../../support/manual-clock';

type Target = { name: string };

/** A gate over a fake IntersectionObserver v2 the test reports through. */
function visibilityGate() {
  const { clock, advance } = manualClock(1000);
  let report: (reports: VisibilityReport<Target>[]) => void = () => {};
  const observed = new Set<Target>();
  const onChange = vi.fn();
  const gate = createActionGate<Target>({
    clock,
    onChange,
    observer: (callback) => {
      report = callback;
      return { observe: (target) => observed.add(target), unobserve: (target) => observed.delete(target), disconnect: () => observed.clear() };
    },
  });
  const see = (target: Target, visible: boolean) => report([{ target, visible }]);
  return { gate, advance, see, observed, onChange };
}

describe('the panel action gate with IntersectionObserver v2', () => {
  it('counts a click only after the control has been visible for the arming delay', () => {
    const { gate, advance, see, observed } = visibilityGate();
    const start = { name: 'start' };
    gate.add(start);
    expect(gate.mode).toBe('visibility');
    expect(observed.has(start)).toBe(true);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'hidden' });

    see(start, true);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(499);
    expect(gate.isArmed(start)).toBe(false);
    advance(1);
    expect(gate.isArmed(start)).toBe(true);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'allow' });
  });

  it('calls a control enabled a moment ago early, not covered, until the browser reports on it', () => {
    const { gate, advance, see } = visibilityGate();
    const start = { name: 'start' };
    gate.add(start);
    see(start, false);
    advance(2000);
    gate.enabled(start);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    // The browser says it is covered: that is what a click is told.
    see(start, false);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
    // Enabled again and reported visible: armed after the delay, as any control.
    gate.enabled(start);
    see(start, true);
    advance(499);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(1);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'allow' });
    // Enabled with no report at all: early only for the arming delay.
    see(start, false);
    gate.enabled(start);
    advance(499);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(1);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
  });

  it('refuses while a decoy covers the control, and arms again only after it has been uncovered for the delay', () => {
    const { gate, advance, see } = visibilityGate();
    const consent = { name: 'consent' };
    gate.add(consent);
    see(consent, true);
    advance(600);
    expect(gate.check(consent, 'consent', false).kind).toBe('allow');

    see(consent, false);
    expect(gate.check(consent, 'consent', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
    advance(5000);
    see(consent, true);
    expect(gate.check(consent, 'consent', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(500);
    expect(gate.check(consent, 'consent', false).kind).toBe('allow');
  });

  it('re-arms after the panel\'s document was hidden and shown again', () => {
    const { gate, advance, see } = visibilityGate();
    const choose = { name: 'choose' };
    gate.add(choose);
    see(choose, true);
    advance(600);
    gate.pageVisible(false);
    expect(gate.check(choose, 'choose', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
    gate.pageVisible(true);
    expect(gate.check(choose, 'choose', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(500);
    expect(gate.check(choose, 'choose', false).kind).toBe('allow');
  });

  it('judges each control by itself: an uncovered one does not vouch for a covered one', () => {
    const { gate, advance, see } = visibilityGate();
    const consent = { name: 'consent' };
    const start = { name: 'start' };
    gate.add(consent);
    gate.add(start);
    see(consent, true);
    advance(600);
    expect(gate.anyArmed()).toBe(true);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
  });

  it('does not start from a pre-selection: a key press counts only if focus reached the control after it armed', () => {
    const { gate, advance, see } = visibilityGate();
    const start = { name: 'start' };
    gate.add(start);
    // Focus sits on Start as the panel opens; the shopper, typing into the page, presses Enter.
    gate.focused(start);
    see(start, true);
    advance(2000);
    expect(gate.check(start, 'start', true)).toEqual({ kind: 'refuse', reason: 'preselected' });
    // A pointer click is a choice of its own.
    expect(gate.check(start, 'start', false).kind).toBe('allow');
    // The shopper moves focus back onto it: now Enter counts.
    gate.focused(start);
    expect(gate.check(start, 'start', true).kind).toBe('allow');
  });

  it('tells its reader when a control arms, by a timer rather than by polling', () => {
    const { gate, advance, see, onChange } = visibilityGate();
    const start = { name: 'start' };
    gate.add(start);
    see(start, true);
    onChange.mockClear();
    advance(499);
    expect(onChange).not.toHaveBeenCalled();
    advance(1);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(gate.anyArmed()).toBe(true);
  });

  it('stops watching a control that is gone', () => {
    const { gate, observed } = visibilityGate();
    const start = { name: 'start' };
    gate.add(start);
    gate.remove(start);
    expect(observed.has(start)).toBe(false);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'hidden' });
  });
});

describe('the panel action gate where visibility cannot be proven', () => {
  const confirmGate = () => {
    const { clock, advance } = manualClock(1000);
    return { gate: createActionGate<Target>({ clock, observer: () => null }), advance };
  };

  it('asks for confirmation of what uploads, spends or deletes, after the arming delay', () => {
    const { gate, advance } = confirmGate();
    const start = { name: 'start' };
    gate.add(start);
    expect(gate.mode).toBe('confirm');
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'refuse', reason: 'arming' });
    advance(500);
    expect(gate.check(start, 'start', false)).toEqual({ kind: 'confirm' });
    expect(gate.check(start, 'retry', false)).toEqual({ kind: 'confirm' });
    expect(gate.check(start, 'delete_photo', false)).toEqual({ kind: 'confirm' });
  });

  it('lets consent, a photo choice and the file dialog through without a window: they send nothing by themselves', () => {
    const { gate, advance } = confirmGate();
    const control = { name: 'control' };
    gate.add(control);
    advance(500);
    for (const action of ['consent', 'choose', 'upload'] as const) expect(gate.check(control, action, false)).toEqual({ kind: 'allow' });
  });
});
