import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends `request` on to the same path at `target`'s origin, answers `response` with what came back
 * and returns that body (undefined when the target could not be reached: then the answer is a 502).
 */
export async function passThrough(request: IncomingMessage, response: ServerResponse, target: URL): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers.set(name, value);
  }
  try {
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    response.writeHead(upstream.status, out).end(body);
    return body;
  } catch (error) {
    response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${String(error)}`);
    return undefined;
  }
}
