// A tiny static file server for the built site (dist/), used by scripts/serve and by the browser
// tests. It serves the site under a base path (default "/") with the right content types
// (`application/wasm` matters: browsers compile wasm while it downloads only with it).
//
// As a program: node static_server.mjs --dir dist [--host 127.0.0.1] [--port 8080] [--base /]

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` under `base` (which starts and ends with "/"); resolves to `{ url, close }` once
 * listening. Port 0 picks a free port.
 */
export async function startStaticServer({ dir, base = '/', host = '127.0.0.1', port = 0 }) {
  const root = resolve(dir);
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`no built site at ${root} (no index.html): run scripts/build-web first`);
  });
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    if (base !== '/' && path === base.slice(0, -1)) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      response.writeHead(404).end(`not found (the site is under ${base})`);
      return;
    }
    const relative = path.slice(base.length) || 'index.html';
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    try {
      const body = await readFile(file);
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${boundPort}${base}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'dist' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      base: { type: 'string', default: '/' },
    },
  });
  const base = `/${values.base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  try {
    const site = await startStaticServer({ dir: values.dir, base, host: values.host, port: Number(values.port) });
    console.log(`pyxray: serving ${resolve(values.dir)} at ${site.url} (Ctrl-C stops)`);
    const stop = async () => {
      await site.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`pyxray: cannot serve: ${error.message}`);
    process.exit(1);
  }
}
