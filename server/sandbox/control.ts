import { z } from 'zod';
import { pydanticIssues, apiError, jsonResponse } from './emulator/api-errors';
import { tryOnStatus, type SkuItemRecord } from './emulator/sku-catalog';
import { faultsSchema, type SandboxFaults } from './faults';
import type { LogEntry } from './request-log';

/**
 * Test controls on the emulator's port, under `/__sandbox/`:
 *   GET  /__sandbox/log[?since=<seq>&service=api|token]  the request log (JSON array, oldest first)
 *   POST /__sandbox/reset                                forget images, operations, log; faults back to start values
 *   GET  /__sandbox/faults                               the faults in force
 *   POST /__sandbox/faults                               change some faults (JSON, partial), answers the result
 *   GET  /__sandbox/catalog                              the SKU items the emulator holds, with their try-on readiness
 *   GET  /__sandbox/info                                 URLs and public settings of this sandbox
 *   POST /__sandbox/hold                                 {"held": true}: generations stay IN_PROGRESS until {"held": false}
 */

export interface SandboxControls {
  log(): LogEntry[];
  getFaults(): SandboxFaults;
  setFaults(update: Partial<SandboxFaults>): SandboxFaults;
  reset(): void;
  info(): Record<string, string>;
  catalog(): SkuItemRecord[];
  clock(): number;
  holdGenerations(held: boolean): void;
}

const holdBody = z.strictObject({ held: z.boolean() });

const logQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  service: z.enum(['api', 'token']).optional(),
});

export function createControlHandler(controls: SandboxControls) {
  return async (request: Request, url: URL): Promise<Response> => {
    const action = `${request.method} ${url.pathname}`;
    switch (action) {
      case 'GET /__sandbox/log': {
        const query = logQuery.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) return jsonResponse({ detail: pydanticIssues(query.error, ['query']) }, 422);
        const { since = 0, service } = query.data;
        return jsonResponse(controls.log().filter((entry) => entry.seq > since && (!service || entry.service === service)));
      }
      case 'POST /__sandbox/reset':
        controls.reset();
        return new Response(null, { status: 204, headers: { 'Access-Control-Allow-Origin': '*' } });
      case 'GET /__sandbox/faults':
        return jsonResponse(controls.getFaults());
      case 'POST /__sandbox/faults':
        return updateFaults(request, controls);
      case 'GET /__sandbox/catalog':
        return jsonResponse(
          controls.catalog().map((record) => ({
            sku_id: record.skuId,
            name: record.product.name,
            page: record.storePath ?? null,
            try_on: tryOnStatus(record, controls.clock()),
          })),
        );
      case 'GET /__sandbox/info':
        return jsonResponse(controls.info());
      case 'POST /__sandbox/hold': {
        const body = holdBody.safeParse(await request.json().catch(() => undefined));
        if (!body.success) return jsonResponse({ detail: pydanticIssues(body.error, ['body']) }, 422);
        controls.holdGenerations(body.data.held);
        return jsonResponse(body.data);
      }
      default:
        return apiError(404, 'not_found', 'Unknown sandbox control; see GET /__sandbox/info.');
    }
  };
}

async function updateFaults(request: Request, controls: SandboxControls): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonResponse({ detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }] }, 422);
  }
  const update = faultsSchema.partial().safeParse(body, { reportInput: true });
  if (!update.success) return jsonResponse({ detail: pydanticIssues(update.error) }, 422);
  return jsonResponse(controls.setFaults(update.data));
}
