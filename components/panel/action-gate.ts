/**
 * Whether a click in the panel may count. The panel is an extension page framed inside the store
 * page, so the page can lay a decoy over it (or fade or move it) and turn the shopper's click into
 * an upload, a paid generation or a delete. Actions that do so count only on a control that the
 * browser reports visible and unobscured (IntersectionObserver v2) and has been so for a short
 * arming delay; where the browser cannot tell (no IntersectionObserver v2), the costly ones are
 * confirmed on a surface the page cannot cover. Pure: the clock and the observer are injected.
 */

import { confirmActions, type ConfirmAction } from '@/utils/confirm-actions';

/** What a gated control does, as named by its `data-gated` attribute. */
export type GatedAction = ConfirmAction | 'consent' | 'choose' | 'upload';

export const gatedActions: readonly GatedAction[] = ['start', 'retry', 'consent', 'choose', 'upload', 'delete_photo'];

/**
 * Actions confirmed in a separate window where visibility cannot be proven: those that upload, spend
 * or delete by themselves. Giving consent and choosing a photo send nothing; the start confirmation
 * names what will be sent. Picking a file opens the browser's own dialog, which the page cannot cover.
 */
export const confirmedActions: ReadonlySet<GatedAction> = new Set<GatedAction>(confirmActions);

export const isGatedAction = (value: string | null | undefined): value is GatedAction => gatedActions.includes(value as GatedAction);

export type GateRefusal = 'arming' | 'hidden' | 'preselected';

export type GateVerdict = { kind: 'allow' } | { kind: 'confirm' } | { kind: 'refuse'; reason: GateRefusal };

export interface GateClock {
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  setTimer(run: () => void, ms: number): () => void;
}

/** One visibility report: the target intersects the viewport and nothing covers, fades or distorts it. */
export interface VisibilityReport<T> {
  target: T;
  visible: boolean;
}

export interface VisibilityObserver<T> {
  observe(target: T): void;
  unobserve(target: T): void;
  disconnect(): void;
}

/** Makes an observer that reports visibility changes; null where the browser cannot judge visibility. */
export type VisibilityObserverFactory<T> = (report: (reports: VisibilityReport<T>[]) => void) => VisibilityObserver<T> | null;

export interface ActionGateOptions<T> {
  clock: GateClock;
  observer: VisibilityObserverFactory<T>;
  /** How long a control must have been visible (and the panel shown) before a click on it counts. */
  armDelayMs?: number;
  /** Something another reader of the state (`isArmed`, `anyArmed`) depends on changed. */
  onChange?(): void;
}

export interface ActionGate<T> {
  /** 'visibility' where the browser reports occlusion; 'confirm' where it cannot. */
  readonly mode: 'visibility' | 'confirm';
  add(target: T): void;
  remove(target: T): void;
  /** The panel's document was hidden or shown (another tab, a minimized window): showing it re-arms. */
  pageVisible(visible: boolean): void;
  /** Keyboard focus landed on the target. */
  focused(target: T): void;
  /**
   * The target was just enabled (a disabled control is drawn faded, which the browser reports as not
   * visible): until the browser's next report, a click on it is early, not proof of a cover.
   */
  enabled(target: T): void;
  /**
   * The verdict on a click on `target`. `keyboard`: the click came from a key (Enter or Space), not
   * from a pointer, so it counts only if focus reached the control after it was armed.
   */
  check(target: T, action: GatedAction, keyboard: boolean): GateVerdict;
  isArmed(target: T): boolean;
  /** Some control is armed: the panel has been shown, unobscured, for the arming delay. */
  anyArmed(): boolean;
  dispose(): void;
}

export const defaultArmDelayMs = 500;

interface TargetState {
  visible: boolean;
  /** When it last became visible. */
  since: number;
  focusedAt?: number;
  /** When it was enabled, while the browser has not reported on it since. */
  enabledAt?: number;
}

export function createActionGate<T>({ clock, observer: makeObserver, armDelayMs = defaultArmDelayMs, onChange }: ActionGateOptions<T>): ActionGate<T> {
  const targets = new Map<T, TargetState>();
  let shownAt = clock.now();
  let shown = true;
  let cancelTimer: (() => void) | undefined;

  const observer = makeObserver((reports) => {
    const at = clock.now();
    for (const { target, visible } of reports) {
      const state = targets.get(target);
      if (!state) continue;
      state.enabledAt = undefined;
      if (state.visible === visible) continue;
      state.visible = visible;
      if (visible) state.since = at;
    }
    changed();
  });
  const mode = observer ? 'visibility' : 'confirm';

  /** When the target is (or will be) armed; undefined while it cannot be. */
  const armedFrom = (target: T): number | undefined => {
    if (!shown) return undefined;
    if (mode === 'confirm') return shownAt + armDelayMs;
    const state = targets.get(target);
    if (!state?.visible) return undefined;
    return Math.max(state.since, shownAt) + armDelayMs;
  };

  const isArmed = (target: T) => {
    const from = armedFrom(target);
    return from !== undefined && clock.now() >= from;
  };

  /** Tells the reader, and wakes it again when the next control arms. */
  function changed() {
    cancelTimer?.();
    cancelTimer = undefined;
    const now = clock.now();
    const upcoming = [...targets.keys()].map(armedFrom).filter((from): from is number => from !== undefined && from > now);
    if (upcoming.length) cancelTimer = clock.setTimer(changed, Math.min(...upcoming) - now);
    onChange?.();
  }

  return {
    mode,
    add(target) {
      if (targets.has(target)) return;
      targets.set(target, { visible: false, since: clock.now() });
      observer?.observe(target);
      changed();
    },
    remove(target) {
      if (!targets.delete(target)) return;
      observer?.unobserve(target);
      changed();
    },
    pageVisible(visible) {
      if (visible === shown) return;
      shown = visible;
      if (visible) shownAt = clock.now();
      changed();
    },
    focused(target) {
      const state = targets.get(target);
      if (state) state.focusedAt = clock.now();
    },
    enabled(target) {
      const state = targets.get(target);
      if (state && !state.visible) state.enabledAt = clock.now();
    },
    check(target, action, keyboard) {
      const from = armedFrom(target);
      if (from === undefined) {
        // Enabled a moment ago and not reported on since: it has just appeared, as far as the shopper can tell.
        const enabledAt = targets.get(target)?.enabledAt;
        const early = shown && enabledAt !== undefined && clock.now() - enabledAt < armDelayMs;
        return { kind: 'refuse', reason: early ? 'arming' : 'hidden' };
      }
      if (clock.now() < from) return { kind: 'refuse', reason: 'arming' };
      // A key press on a control that had focus before it armed (e.g. focus placed there as the panel
      // opened, while the shopper typed into the page) is a pre-selection, not a choice.
      const focusedAt = targets.get(target)?.focusedAt;
      if (keyboard && (focusedAt === undefined || focusedAt < from)) return { kind: 'refuse', reason: 'preselected' };
      return mode === 'confirm' && confirmedActions.has(action) ? { kind: 'confirm' } : { kind: 'allow' };
    },
    isArmed,
    anyArmed: () => (mode === 'confirm' ? isArmed(undefined as T) : [...targets.keys()].some(isArmed)),
    dispose() {
      cancelTimer?.();
      observer?.disconnect();
      targets.clear();
    },
  };
}
