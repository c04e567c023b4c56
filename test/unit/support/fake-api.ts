import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, jwtVerify } from 'jose';

/**
 * A small stand-in for the token backend and both Aiuta API flavours, on 127.0.0.1 with a random
 * port. It checks what the extension must get right (Bearer tokens whose claims match the request,
 * x-user-id on trivial calls) and lets a test script faults and outcomes.
 */

export const subscriptionId = 'sub-test-0001';
export const issuer = 'test-issuer';
const secret = new TextEncoder().encode('test-secret-at-least-32-bytes-long!!');

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json?: unknown;
  at: number;
}

/** A scripted answer for the next matching request(s); `undefined` from respond = normal handling. */
export interface Fault {
  method?: string;
  path: RegExp;
  times?: number;
  respond: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | 'pass' | Promise<void | 'pass'>;
}

export type Outcome =
  | { status: 'SUCCESS'; images?: number }
  | { status: 'FAILED'; error: string }
  | { status: 'ABORTED'; reason: string }
  | { status: 'CANCELLED' };

export interface FakeApiOptions {
  /** Token lifetime in seconds. */
  tokenTtl?: number;
  /** How an operation ends, and after how many status requests (or ms) it is ready. */
  outcome?: Outcome;
  readyAfterPolls?: number;
  /** A fixed time, or a function drawing one per operation (benchmarks script a spread). */
  readyAfterMs?: number | (() => number);
  /** Extra latency added to every answer, in ms. */
  latencyMs?: number;
  uploadExpiresInMs?: number;
}

export async function startFakeApi(options: FakeApiOptions = {}) {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const operations = new Map<string, { polls: number; createdAt: number; readyAt?: number; outcome: Outcome }>();
  const uploads = new Set<string>();
  const deleted: string[] = [];
  let counter = 0;
  let modelsEtag = '"models-v1"';
  const state = { ...options };

  async function signToken(claims: Record<string, unknown>, ttl = state.tokenTtl ?? 60, omitExp = false) {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setIssuedAt();
    if (!omitExp) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + ttl);
    return jwt.sign(secret);
  }

  /** The Bearer token's claims, which must carry exactly the params of the request it authorises. */
  async function bearerClaims(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    try {
      const { payload } = await jwtVerify(header.slice(7), secret, { issuer });
      return payload as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
    res.end(text);
  };

  async function handleToken(res: ServerResponse, json: Record<string, unknown>) {
    if (json.subscription_id !== subscriptionId) return send(res, 403, { error: 'forbidden', message: 'unknown subscription' });
    const { subscription_id: _s, ...params } = json;
    send(res, 200, { type: 'jwt', token: await signToken({ ...params }) });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, json: unknown) {
    const flavour = path.startsWith('/digital-try-on/v1/') ? 'dto' : 'unified';
    const route = path.replace(/^\/digital-try-on\/v1|^\/v1/, '');
    const method = req.method ?? 'GET';
    const userIdOk = req.headers['x-user-id'] === subscriptionId;

    if (method === 'POST' && route === '/uploaded_images') {
      const claims = await bearerClaims(req);
      if (claims?.operation !== 'upload_image') return send(res, 401, { detail: 'Not authenticated' });
      if (!String(req.headers['content-type']).startsWith('multipart/form-data') || !body.includes('name="image_data"')) {
        return send(res, 422, { detail: [{ loc: ['body', 'image_data'], msg: 'Field required', type: 'missing' }] });
      }
      const id = `user_image-${++counter}`;
      uploads.add(id);
      const expiresAt = new Date(Date.now() + (state.uploadExpiresInMs ?? 3_600_000)).toISOString();
      return send(res, 200, { id, owner_type: 'user', url: `http://127.0.0.1/${id}.jpg`, expires_at: expiresAt });
    }

    const createPath = flavour === 'dto' ? '/sku_images_operations' : '/sku_try_on_operations';
    if (method === 'POST' && route === createPath) {
      const claims = await bearerClaims(req);
      const request = json as Record<string, unknown>;
      if (claims?.operation !== 'create_try_on') return send(res, 401, { detail: 'Not authenticated' });
      for (const key of ['uploaded_image_id', 'sku_id', 'sku_ids', 'sku_catalog_name']) {
        if (JSON.stringify(claims[key]) !== JSON.stringify(request[key])) {
          return send(res, 403, { detail: `token does not allow ${key}` });
        }
      }
      if (!uploads.has(String(request.uploaded_image_id)) && !String(request.uploaded_image_id).startsWith('model_')) {
        return send(res, 400, { detail: `input image ${String(request.uploaded_image_id)} not found` });
      }
      const id = `op-${++counter}`;
      const now = Date.now();
      operations.set(id, {
        polls: 0,
        createdAt: now,
        readyAt: state.readyAfterMs === undefined ? undefined : now + (typeof state.readyAfterMs === 'function' ? state.readyAfterMs() : state.readyAfterMs),
        outcome: state.outcome ?? { status: 'SUCCESS' },
      });
      return send(res, 200, flavour === 'dto' ? { operation_id: id, details: null, errors: [] } : { operation_id: id });
    }

    const status = new RegExp(`^${createPath}/([^/]+)$`).exec(route);
    if (method === 'GET' && status) {
      if (!userIdOk) return send(res, 401, { detail: 'missing x-user-id' });
      const operation = operations.get(decodeURIComponent(status[1]!));
      if (!operation) return send(res, 404, { detail: 'operation not found' });
      operation.polls++;
      const ready = operation.readyAt !== undefined ? Date.now() >= operation.readyAt : operation.polls > (state.readyAfterPolls ?? 2);
      const base = { id: status[1], error: null, abort_reason: null, generated_images: [] as unknown[] };
      if (!ready) return send(res, 200, { ...base, status: operation.polls === 1 ? 'CREATED' : 'IN_PROGRESS' });
      const outcome = operation.outcome;
      if (outcome.status === 'SUCCESS') {
        const images = Array.from({ length: outcome.images ?? 1 }, (_, i) => {
          const id = `generated-${status[1]}-${i}`;
          const url = `http://127.0.0.1/${id}.jpg`;
          return { id, owner_type: 'user', url, image_url: url, expires_at: new Date(Date.now() + 3_600_000).toISOString() };
        });
        return send(res, 200, { ...base, status: 'SUCCESS', generated_images: images });
      }
      if (outcome.status === 'FAILED') return send(res, 200, { ...base, status: 'FAILED', error: outcome.error });
      if (outcome.status === 'ABORTED') return send(res, 200, { ...base, status: 'ABORTED', abort_reason: outcome.reason });
      return send(res, 200, { ...base, status: 'CANCELLED' });
    }

    if (method === 'GET' && route === '/predefined_try_on_models') {
      if (!userIdOk) return send(res, 401, { detail: 'missing x-user-id' });
      if (req.headers['if-none-match'] === modelsEtag) return send(res, 304, undefined, { etag: modelsEtag });
      return send(res, 200, [
        { category: 'woman', models: [{ id: 'model_woman_00', owner_type: 'aiuta', url: 'http://127.0.0.1/woman_00.png', metadata: null }] },
        { category: 'man', models: [{ id: 'model_man_00', owner_type: 'aiuta', url: 'http://127.0.0.1/man_00.png', metadata: null }] },
      ], { etag: modelsEtag });
    }

    const removal = /^\/(uploaded_images|generated_images)\/([^/]+)$/.exec(route);
    if (method === 'DELETE' && removal) {
      const claims = await bearerClaims(req);
      const id = decodeURIComponent(removal[2]!);
      if (claims?.operation !== 'delete_image' || claims.image_id !== id) return send(res, 401, { detail: 'Not authenticated' });
      deleted.push(`${removal[1]}/${id}`);
      uploads.delete(id);
      return send(res, 204);
    }
    send(res, 404, { detail: 'Not Found' });
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let json: unknown;
    if (String(req.headers['content-type']).includes('json')) {
      try {
        json = JSON.parse(body.toString());
      } catch {
        json = undefined;
      }
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, json, at: Date.now() });
    if (state.latencyMs) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
    const fault = faults.find((candidate) => (!candidate.method || candidate.method === req.method) && candidate.path.test(path));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if ((await fault.respond(req, res, body)) !== 'pass') return;
    }
    if (req.method === 'POST' && path === '/token') return handleToken(res, (json ?? {}) as Record<string, unknown>);
    return handleApi(req, res, path, body, json);
  });
  // Sockets a fault left hanging must not keep the test process alive.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    tokenEndpoint: `${origin}/token`,
    dtoBase: `${origin}/digital-try-on/v1`,
    unifiedBase: `${origin}/v1`,
    requests,
    faults,
    operations,
    uploads,
    deleted,
    options: state,
    signToken,
    setModelsEtag: (etag: string) => {
      modelsEtag = etag;
    },
    /** Requests whose path ends with `suffix` (optionally of one method). */
    count(suffix: string | RegExp, method?: string) {
      return requests.filter((r) => (!method || r.method === method) && (typeof suffix === 'string' ? r.path.endsWith(suffix) : suffix.test(r.path))).length;
    },
    fault(fault: Fault) {
      faults.push(fault);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeApi = Awaited<ReturnType<typeof startFakeApi>>;

/** A fault answering with a status, JSON body and headers. */
export const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };

/** A fault that never answers (the client's timeout must fire). */
export const hang = () => () => undefined;

/** A fault that drops the connection after the request arrived (an ambiguous failure). */
export const resetConnection = () => (req: IncomingMessage) => {
  req.socket.destroy();
};
