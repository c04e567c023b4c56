import type { GateClock } from '@/components/panel/action-gate';

/** A clock moved by hand: `advance` moves time on and runs the timers it passes, earliest first. */
export function manualClock(start = 0) {
  let now = start;
  let timers: { at: number; run: () => void }[] = [];
  const clock: GateClock = {
    now: () => now,
    setTimer(run, ms) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((other) => other !== timer));
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      timers = timers.filter((timer) => timer !== due);
      due.run();
    }
  };
  return { clock, advance };
}
