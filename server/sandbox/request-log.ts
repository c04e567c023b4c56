import type { FaultKind, RouteName } from './faults';

/**
 * What the sandbox saw, for tests: every request to the emulator and the token server with its route,
 * credential, JSON bodies and answer. In memory, newest last, bounded.
 */

export type Service = 'api' | 'token';
export type Flavour = 'digital-try-on' | 'unified';
export type AuthKind = 'bearer' | 'api-key' | 'user-id' | 'none';

export interface LogEntry {
  seq: number;
  at: string;
  service: Service;
  method: string;
  path: string;
  /** Query string without the `?`, empty when none. */
  query: string;
  route: RouteName | 'unknown';
  flavour?: Flavour;
  auth: AuthKind;
  /** Claims of a verified Bearer token (the token itself is not kept). */
  tokenClaims?: Record<string, unknown>;
  /** JSON request body; for an upload `{ image_data: { type, bytes } }`. */
  requestBody?: unknown;
  status: number;
  /** JSON response body, when there was one. */
  responseBody?: unknown;
  /** The injected fault, if one answered this request. */
  fault?: FaultKind;
  durationMs: number;
}

export type LogDraft = Omit<LogEntry, 'seq' | 'at' | 'status' | 'durationMs'> & { startedAt: number };

const MAX_ENTRIES = 2000;

export class RequestLog {
  private entries: LogEntry[] = [];
  private seq = 0;

  add(draft: LogDraft, status: number, finishedAt: number): LogEntry {
    const { startedAt, ...rest } = draft;
    const entry: LogEntry = {
      seq: ++this.seq,
      at: new Date(startedAt).toISOString(),
      ...rest,
      status,
      durationMs: Math.max(0, Math.round(finishedAt - startedAt)),
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(): LogEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}

/** Reads a JSON response body for the log without consuming the response sent to the client. */
export async function jsonBodyOf(response: Response): Promise<unknown> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}
