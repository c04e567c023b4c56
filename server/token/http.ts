/** Small Web-standard helpers shared by the token server and the sandbox. */

/** A server written as one function of the Fetch API: runs on Node (via the adapter), Deno, Bun, Workers. */
export type FetchHandler = (request: Request, client?: ClientInfo) => Promise<Response>;

export interface ClientInfo {
  /** The peer's IP address as the runtime saw it. */
  clientAddress?: string;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/** Reads a request body as text, stopping (without buffering the rest) once it passes `limitBytes`. */
export async function readBodyText(request: Request, limitBytes: number): Promise<BodyText> {
  const bytes = await readBodyBytes(request, limitBytes);
  if (!bytes.ok) return bytes;
  return { ok: true, text: new TextDecoder().decode(bytes.bytes) };
}

export type BodyBytes = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: 'too-large' };

export async function readBodyBytes(request: Request, limitBytes: number): Promise<BodyBytes> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limitBytes) return { ok: false, reason: 'too-large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** An error answer: `{ error, message }` with a status and, sometimes, headers such as Retry-After. */
export interface Failure {
  status: number;
  error: string;
  message: string;
  headers?: Record<string, string>;
}
