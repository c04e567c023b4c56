import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves fixed HTML pages on 127.0.0.1 (any free port) for tests that need no sandbox. */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  return serve((path) => pages[path]);
}

/** Serves one HTML page at every path, as a single-page store answers each of its routes. */
export async function serveApp(html: string): Promise<PageServer> {
  return serve(() => html);
}

async function serve(pageAt: (path: string) => string | undefined): Promise<PageServer> {
  const server = createServer((request, response) => {
    const body = pageAt(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
