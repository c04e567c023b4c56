import { StoreUnavailableError, type KeyValueStore } from './kv-store';

/**
 * The key-value store on Cloudflare Workers, which cannot open TCP connections to Redis: every key
 * is its own Durable Object (`SHARED_STATE` binding, class `SharedState`), so each operation on a
 * key runs in one place, one at a time, for every isolate of the Worker worldwide. Values live in
 * the object's durable storage and an alarm removes them when they expire.
 */

/** The parts of the Workers runtime types this file uses (no dependency on @cloudflare/workers-types). */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

interface DurableObjectStateLike {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    deleteAll(): Promise<void>;
    setAlarm(time: number): Promise<void>;
  };
}

type Command =
  | { op: 'get' }
  | { op: 'set'; value: string; ttlMs: number }
  | { op: 'setIfAbsent'; value: string; ttlMs: number }
  | { op: 'increment'; by: number; ttlMs: number }
  | { op: 'delete' };

interface Held {
  value: string;
  expiresAt: number;
}

/** The Durable Object class: export it from the Worker's module under this name. */
export class SharedState {
  constructor(private readonly state: DurableObjectStateLike) {}

  async fetch(request: Request): Promise<Response> {
    const command = (await request.json()) as Command;
    const now = Date.now();
    const stored = await this.state.storage.get<Held>('entry');
    const held = stored && stored.expiresAt > now ? stored : undefined;
    const keep = async (entry: Held) => {
      await this.state.storage.put('entry', entry);
      await this.state.storage.setAlarm(entry.expiresAt);
    };
    switch (command.op) {
      case 'get':
        return Response.json({ value: held?.value ?? null });
      case 'set':
        await keep({ value: command.value, expiresAt: now + command.ttlMs });
        return Response.json({});
      case 'setIfAbsent':
        if (held) return Response.json({ stored: false });
        await keep({ value: command.value, expiresAt: now + command.ttlMs });
        return Response.json({ stored: true });
      case 'increment': {
        const current = held ? Number(held.value) : 0;
        if (!Number.isInteger(current)) return Response.json({ error: 'not a whole number' }, { status: 409 });
        const next = current + command.by;
        await keep({ value: String(next), expiresAt: held?.expiresAt ?? now + command.ttlMs });
        return Response.json({ value: next });
      }
      case 'delete':
        await this.state.storage.deleteAll();
        return Response.json({});
    }
  }

  async alarm(): Promise<void> {
    const stored = await this.state.storage.get<Held>('entry');
    if (!stored || stored.expiresAt <= Date.now()) await this.state.storage.deleteAll();
    else await this.state.storage.setAlarm(stored.expiresAt);
  }
}

export function durableObjectStore(namespace: DurableObjectNamespaceLike): KeyValueStore {
  async function send<T>(key: string, command: Command): Promise<T> {
    let response: Response;
    try {
      response = await namespace.get(namespace.idFromName(key)).fetch('https://shared-state/', {
        method: 'POST',
        body: JSON.stringify(command),
      });
    } catch (error) {
      throw new StoreUnavailableError(`Durable Object: ${(error as Error).message}`);
    }
    const body = (await response.json()) as T & { error?: string };
    if (response.status === 409) throw new Error(`The value at ${key} is not a whole number.`);
    if (!response.ok) throw new StoreUnavailableError(`Durable Object answered ${response.status}.`);
    return body;
  }
  return {
    get: async (key) => (await send<{ value: string | null }>(key, { op: 'get' })).value ?? undefined,
    set: async (key, value, ttlMs) => void (await send(key, { op: 'set', value, ttlMs })),
    setIfAbsent: async (key, value, ttlMs) => (await send<{ stored: boolean }>(key, { op: 'setIfAbsent', value, ttlMs })).stored,
    increment: async (key, by, ttlMs) => (await send<{ value: number }>(key, { op: 'increment', by, ttlMs })).value,
    delete: async (key) => void (await send(key, { op: 'delete' })),
    close: async () => undefined,
  };
}
