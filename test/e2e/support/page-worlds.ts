import type { CDPSession } from 'playwright-core';

/**
 * What the content script leaves behind in a page, read through DevTools: listeners on the objects
 * that live as long as the page, and live objects of a kind after a garbage collection.
 */

export interface PageWorld {
  name: 'page' | 'content script';
  contextId: number;
}

/**
 * The top frame's JavaScript worlds: the main one and the content script's isolated one. DevTools
 * lists an object's listeners only for the world it was read from, so each world is asked on its own.
 * Call before anything else enables `Runtime` on `cdp`.
 */
export async function worldsOf(cdp: CDPSession): Promise<PageWorld[]> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const worlds: PageWorld[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { isDefault?: boolean; type?: string; frameId?: string } | undefined;
    if (aux?.frameId !== frameTree.frame.id) return;
    if (aux.isDefault) worlds.push({ name: 'page', contextId: context.id });
    else if (aux.type === 'isolated' && context.origin.startsWith('chrome-extension://')) worlds.push({ name: 'content script', contextId: context.id });
  });
  await cdp.send('Runtime.enable');
  return worlds;
}

/** Listeners on the objects that outlive every navigation (window, document, navigation), per world and event type. */
export async function longLivedListeners(cdp: CDPSession, worlds: PageWorld[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name, contextId } of worlds) {
    for (const target of ['window', 'document', 'navigation']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: target, contextId });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      for (const listener of listeners) {
        const key = `${name}: ${target} ${listener.type}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
    }
  }
  return counts;
}

/**
 * How many objects whose prototype is `prototype` (an expression, e.g. `MutationObserver.prototype`)
 * the world still holds after a garbage collection: only ones still in use.
 */
export async function liveObjects(cdp: CDPSession, world: PageWorld, prototype: string): Promise<number> {
  const { result: proto } = await cdp.send('Runtime.evaluate', { expression: prototype, contextId: world.contextId });
  await cdp.send('HeapProfiler.collectGarbage');
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.objectId! });
  const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId!, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: proto.objectId! });
  return result.value as number;
}

export const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, count) => sum + count, 0);
