import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, checked on the source so they hold as the code grows (ARCHITECTURE.md says
 * why): components are presentational unless they are hooks (`use-*.ts`) or containers
 * (`*Section.tsx`); pages never write storage; utils/ feature folders do not depend on each other
 * in a circle.
 */
const repo = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports code from, as written ('@/utils/storage', 'wxt/browser', './App'); types carry no code. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
}

const dataAccess = /^(@\/utils\/messaging(\/.*)?|@\/utils\/storage|wxt\/browser)$/;
const components = sources('components');
const fileName = (file: string) => file.split('/').pop()!;
const isHook = (file: string) => /^use-.*\.ts$/.test(fileName(file));
const isContainer = (file: string) => /Section\.tsx$/.test(fileName(file));
const dataHooks = new Set(components.filter((file) => isHook(file) && importsOf(file).some((spec) => dataAccess.test(spec))));
const asModule = (file: string) => `@/${file.replace(/\.tsx?$/, '')}`;

describe('components', () => {
  it('reach messaging, storage and the browser API only through hooks', () => {
    const offenders = components.filter((file) => !isHook(file) && importsOf(file).some((spec) => dataAccess.test(spec)));
    expect(offenders).toEqual([]);
  });

  it('use data hooks only in containers (*Section.tsx) and other hooks; the rest take props', () => {
    const hookModules = new Set([...dataHooks].map(asModule));
    const offenders = components.filter((file) => !isHook(file) && !isContainer(file) && importsOf(file).some((spec) => hookModules.has(spec)));
    expect(offenders).toEqual([]);
    // The rule has something to hold: there are data hooks, and containers use them.
    expect(dataHooks.size).toBeGreaterThan(3);
  });
});

describe('pages', () => {
  it('never write storage: they ask the background, which writes in one queue', () => {
    const pageFiles = [...components, ...sources('entrypoints').filter((file) => !file.startsWith('entrypoints/background/'))];
    const writes = /\.(setValue|removeValue|setMeta|removeMeta)\(|storage\.(local|session|sync)\.(set|remove|clear)\(/;
    const offenders = pageFiles.filter((file) => writes.test(readFileSync(join(repo, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('utils/ folders', () => {
  /** Folder-level dependencies; a feature's schema.ts is shared vocabulary (storage and messaging speak it). */
  function folderGraph(): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    for (const file of sources('utils')) {
      const [, folder] = file.split('/');
      if (!folder || folder.endsWith('.ts')) continue;
      for (const spec of importsOf(file)) {
        const match = /^@\/utils\/([^/]+)\/(.+)$/.exec(spec);
        if (!match || match[1] === folder || match[2] === 'schema') continue;
        graph.set(folder, (graph.get(folder) ?? new Set()).add(match[1]!));
      }
    }
    return graph;
  }

  it('depend on each other without a circle', () => {
    const graph = folderGraph();
    expect(graph.get('background')?.size).toBeGreaterThan(5);
    const circles: string[] = [];
    const visit = (folder: string, path: string[]) => {
      if (path.includes(folder)) return void circles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '));
      for (const next of graph.get(folder) ?? []) visit(next, [...path, folder]);
    };
    for (const folder of graph.keys()) visit(folder, []);
    expect(circles).toEqual([]);
  });

  it('keep the store page code free of extension-page code', () => {
    const page = sources('utils/page').flatMap((file) => importsOf(file).filter((spec) => /^@\/(components|entrypoints)\//.test(spec) || spec === 'zod').map((spec) => `${relative('utils/page', file)} imports ${spec}`));
    expect(page).toEqual([]);
  });
});
