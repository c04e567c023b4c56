import { useEffect, useState } from 'preact/hooks';
import {
  createActionGate,
  isGatedAction,
  type GateClock,
  type GateRefusal,
  type VisibilityObserverFactory,
} from '@/components/panel/action-gate';
import type { ConfirmAction } from '@/utils/confirm-actions';
import { t } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging';

/** Controls that upload, spend or delete carry `data-gated="<action>"`; the gate watches every one of them. */
export const GATED = '[data-gated]';
/** Also watched, never gated: the panel's title, so `html[data-armed]` says whether the panel is seen whatever view it shows. */
export const WATCHED = `${GATED}, [data-gate-watch]`;

const hintMs = 4000;

const realClock: GateClock = {
  now: () => performance.now(),
  setTimer(run, ms) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * IntersectionObserver v2: `isVisible` is true only while nothing covers the element and no
 * ancestor (in the store page too) fades, filters or distorts it. Null where the browser lacks it.
 */
export const intersectionVisibility: VisibilityObserverFactory<Element> = (report) => {
  if (typeof IntersectionObserverEntry === 'undefined' || !('isVisible' in IntersectionObserverEntry.prototype)) return null;
  return new IntersectionObserver(
    (entries) => report(entries.map((entry) => ({ target: entry.target, visible: entry.isIntersecting && (entry as IntersectionObserverEntry & { isVisible: boolean }).isVisible }))),
    // trackVisibility needs a delay of at least 100 ms between reports.
    { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
};

export interface ActionGateHookOptions {
  clock?: GateClock;
  observer?: VisibilityObserverFactory<Element>;
  armDelayMs?: number;
}

export interface ActionGateState {
  /** A short sentence after a click that did not count (or while a confirmation is pending). */
  hint: string | null;
}

const arrowSteps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/**
 * Arrow keys in a group of gated radios (a photo choice) would check the next radio without a click,
 * past the gate. They do what the browser does, but as a click on the next radio, which the gate
 * judges like any key press: it counts only once that radio is armed and focus has reached it.
 */
function moveInRadioGroup(event: KeyboardEvent): void {
  const step = arrowSteps[event.key];
  const radio = event.target;
  if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
  if (!(radio instanceof HTMLInputElement) || radio.type !== 'radio' || !radio.name || !radio.closest(GATED)) return;
  event.preventDefault();
  const group = [...radio.ownerDocument.querySelectorAll<HTMLInputElement>('input[type=radio]')].filter(
    (other) => other.name === radio.name && other.form === radio.form && (!other.disabled || other === radio),
  );
  const next = group[(group.indexOf(radio) + step + group.length) % group.length];
  if (!next || next === radio) return;
  next.focus();
  next.click();
}

/**
 * Guards every `[data-gated]` control in the panel's document (action-gate.ts): a click that does
 * not count is stopped before it reaches the control; where visibility cannot be proven, a click on a
 * costly action asks the background for a confirmation window and counts once, on its answer. The
 * armed state shows as `html[data-armed]` (the panel's title or some control armed: the panel has
 * been seen for the arming delay) and, per control, `[data-gated][data-armed]`.
 */
export function useActionGate(sessionId: string, { clock = realClock, observer = intersectionVisibility, armDelayMs }: ActionGateHookOptions = {}): ActionGateState {
  const [hint, setHint] = useState<string | null>(null);

  useEffect(() => {
    let clearHint: (() => void) | undefined;
    // A hint fades after a few seconds; `until: 'replaced'` keeps it (a confirmation still waiting).
    const say = (text: string | null, { until = 'timeout' }: { until?: 'timeout' | 'replaced' } = {}) => {
      clearHint?.();
      clearHint = undefined;
      setHint(text);
      if (text && until === 'timeout') clearHint = clock.setTimer(() => setHint(null), hintMs);
    };

    const gated = new Set<Element>();
    const gate = createActionGate<Element>({ clock, observer, armDelayMs, onChange: () => showArmed() });
    const showArmed = () => {
      document.documentElement.toggleAttribute('data-armed', gate.anyArmed());
      for (const element of gated) element.toggleAttribute('data-armed', gate.isArmed(element));
    };

    const sync = () => {
      const now = new Set(document.querySelectorAll(WATCHED));
      for (const element of gated) if (!now.has(element)) (gated.delete(element), gate.remove(element));
      for (const element of now) if (!gated.has(element)) (gated.add(element), gate.add(element));
      showArmed();
    };
    const control = (target: EventTarget | null) => (target instanceof Element ? target.closest(GATED) : null);
    const mutations = new MutationObserver((records) => {
      sync();
      // A control enabled just now was drawn faded until then, which the browser counts as not visible:
      // Start itself, or a photo choice whose input inside it was disabled.
      for (const record of records) {
        if (record.attributeName !== 'disabled' || (record.target as Element).hasAttribute('disabled')) continue;
        const enabled = control(record.target);
        if (enabled && gated.has(enabled)) gate.enabled(enabled);
      }
    });
    mutations.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-gated', 'data-gate-watch', 'disabled'] });
    sync();

    // The last pointer press and the control it landed on: a click without one came from a key.
    let pressed: Element | null = null;
    // Controls whose next click was confirmed in the confirmation window.
    const confirmed = new Set<Element>();
    let asking = false;

    const refusals: Record<GateRefusal, string> = {
      arming: t('panel_gate_arming'),
      hidden: t('panel_gate_hidden'),
      preselected: t('panel_gate_preselected'),
    };

    const onClick = (event: MouseEvent) => {
      const element = control(event.target);
      if (!element) return;
      if (confirmed.delete(element)) return;
      const action = element.getAttribute('data-gated');
      const verdict = isGatedAction(action) ? gate.check(element, action, pressed !== element) : ({ kind: 'refuse', reason: 'hidden' } as const);
      if (verdict.kind === 'allow') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (verdict.kind === 'refuse') return say(refusals[verdict.reason]);
      if (!asking) void confirmThenClick(element, action as ConfirmAction);
    };

    const confirmThenClick = async (element: Element, action: ConfirmAction) => {
      asking = true;
      say(t('panel_gate_confirming'), { until: 'replaced' });
      try {
        const { confirmed: yes } = await sendMessage('confirm.request', { sessionId, action });
        if (!yes) return say(t('panel_gate_declined'));
        say(null);
        if (!element.isConnected) return;
        confirmed.add(element);
        (element as HTMLElement).click();
      } catch {
        say(t('panel_gate_declined'));
      } finally {
        asking = false;
      }
    };

    const onPointerDown = (event: PointerEvent) => {
      pressed = control(event.target);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      pressed = null;
      moveInRadioGroup(event);
    };
    const onFocusIn = (event: FocusEvent) => {
      const element = control(event.target);
      if (element) gate.focused(element);
    };
    const onVisibility = () => gate.pageVisible(document.visibilityState === 'visible');

    const options = { capture: true };
    window.addEventListener('click', onClick, options);
    window.addEventListener('pointerdown', onPointerDown, options);
    window.addEventListener('keydown', onKeyDown, options);
    window.addEventListener('focusin', onFocusIn, options);
    document.addEventListener('visibilitychange', onVisibility);
    onVisibility();

    return () => {
      clearHint?.();
      mutations.disconnect();
      window.removeEventListener('click', onClick, options);
      window.removeEventListener('pointerdown', onPointerDown, options);
      window.removeEventListener('keydown', onKeyDown, options);
      window.removeEventListener('focusin', onFocusIn, options);
      document.removeEventListener('visibilitychange', onVisibility);
      gate.dispose();
      document.documentElement.removeAttribute('data-armed');
    };
  }, [sessionId]);

  return { hint };
}
