import { randomInt } from 'node:crypto';

/**
 * The sandbox's random decisions (which request gets a fault, which operation fails), replayable from
 * one seed. Each stream (a route's faults, operation outcomes) has its own sequence, so how often a
 * client polls the status does not change which create request fails.
 */

export interface RandomStreams {
  readonly seed: number;
  /** The next number in [0, 1) of `stream`. */
  next(stream: string): number;
  /** Every stream starts over from the seed. */
  reset(): void;
}

export const MAX_SEED = 2 ** 32 - 1;

export function seededStreams(seed: number): RandomStreams {
  const streams = new Map<string, () => number>();
  return {
    seed,
    next(stream) {
      let generator = streams.get(stream);
      if (!generator) {
        generator = mulberry32((seed ^ fnv1a(stream)) >>> 0);
        streams.set(stream, generator);
      }
      return generator();
    },
    reset() {
      streams.clear();
    },
  };
}

/** A seed for a run that was not given one (it is printed, so the run can be replayed). */
export function newSeed(): number {
  return randomInt(0, MAX_SEED);
}

/** Mulberry32: a small, fast 32-bit generator; plenty for choosing faults, not for anything secret. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** FNV-1a: a stream name as 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
