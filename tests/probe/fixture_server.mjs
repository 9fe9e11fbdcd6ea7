// The fixture server of the probe tests: fixed CORS behaviours (fixtures.mjs)
// on free ports of 127.0.0.1, answers built from each request (the Origin
// it is given), and a log of every request so that tests can compare what
// the probe sent with what Chromium sent.
//
//   ports: page   serves a blank page (the origin fetch() runs from)
//          api    the fixtures, under /f/<name>/...
//          other  a second origin for cross-origin redirect hops
//   extra api paths: /hang (never answers: timeouts), /loop/<n> (redirects
//   forever), /auth-drop (the Authorization it received, as a header),
//   /unfollowable (a Location no URL parser takes).
//
// Used in-process by the test drivers (startFixtureServer), or on its own:
//   node tests/probe/fixture_server.mjs     prints {"page":..,"api":..,"other":..}
// and runs until SIGTERM/SIGINT.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './fixtures.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8">' +
  '<title>probe fixtures</title></head><body>probe fixtures</body></html>';

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function flat(headers) {
  return headers.flatMap(([n, v]) => [n, v]);
}

// Special paths of the api port, outside the fixture table.
function special(req, res, ctx) {
  if (ctx.url.pathname === '/hang') return true; // never answered
  const loop = /^\/loop\/(\d+)$/.exec(ctx.url.pathname);
  if (loop) {
    res.writeHead(302, flat([['Location', `/loop/${Number(loop[1]) + 1}`],
      ['Access-Control-Allow-Origin', '*']]));
    res.end();
    return true;
  }
  if (ctx.url.pathname.startsWith('/auth-drop')) {
    // Hop 1 (api) redirects to the other origin; both answer *.
    if (ctx.role === 'api' && req.method !== 'OPTIONS') {
      res.writeHead(302, flat([['Location', `${ctx.other}/auth-drop/final`],
        ['Access-Control-Allow-Origin', '*']]));
    } else {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, flat([
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Headers', '*'],
        ['Access-Control-Allow-Methods', '*']]));
    }
    res.end();
    return true;
  }
  if (ctx.url.pathname === '/unfollowable') {
    // A Location no URL parser takes, holding an escape sequence.
    res.socket.end(Buffer.from('HTTP/1.1 302 Found\r\nLocation: http://[\x1b[31m/\r\n'
      + 'Access-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'latin1'));
    return true;
  }
  if (ctx.url.pathname === '/same-origin-303') {
    // PUT redirected with 303: the browser continues with GET.
    const preflight = req.method === 'OPTIONS';
    res.writeHead(preflight ? 204 : 303, flat([
      ...(preflight ? [] : [['Location', '/same-origin-303/next']]),
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', 'content-type']]));
    res.end();
    return true;
  }
  if (ctx.url.pathname === '/same-origin-303/next') {
    res.writeHead(200, flat([['Access-Control-Allow-Origin', '*']]));
    res.end();
    return true;
  }
  return false;
}

export async function startFixtureServer({ tls = null } = {}) {
  const log = [];
  const state = { pageOrigin: '', api: '', other: '' };
  const byName = new Map(FIXTURES.map((f) => [f.name, f]));
  const handler = (role) => (req, res) => {
    const url = new URL(req.url, 'http://fixture');
    log.push({ role, method: req.method, path: url.pathname,
      headers: req.headers, raw: req.rawHeaders });
    req.resume();
    if (role === 'page') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store' });
      res.end(BLANK_PAGE);
      return;
    }
    const ctx = { role, origin: req.headers.origin, api: state.api,
      other: state.other, pageOrigin: state.pageOrigin, url };
    if (special(req, res, ctx)) return;
    const m = /^\/f\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const fixture = m && byName.get(m[1]);
    if (!fixture) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such fixture\n');
      return;
    }
    const out = fixture.respond(req, { ...ctx, path: m[2] ?? '' });
    if (out.raw !== undefined) {
      // Bytes Node's own writer refuses to send (a folded header line):
      // straight to the socket, which then closes.
      res.socket.end(Buffer.from(out.raw, 'latin1'));
      return;
    }
    res.writeHead(out.status, flat(out.headers));
    res.end(out.status === 204 || out.status === 304 ? undefined : `fixture ${fixture.name}\n`);
  };
  const servers = {
    page: http.createServer(handler('page')),
    api: http.createServer(handler('api')),
    other: http.createServer(handler('other')),
  };
  if (tls) servers.secure = https.createServer(tls, handler('api'));
  const ports = {};
  for (const [role, server] of Object.entries(servers)) {
    server.keepAliveTimeout = 1000;
    ports[role] = await listen(server);
  }
  state.pageOrigin = `http://127.0.0.1:${ports.page}`;
  state.api = `http://127.0.0.1:${ports.api}`;
  state.other = `http://127.0.0.1:${ports.other}`;
  return {
    ports,
    pageOrigin: state.pageOrigin,
    api: state.api,
    other: state.other,
    secure: ports.secure ? `https://127.0.0.1:${ports.secure}` : null,
    log,
    // The requests under one path (the path itself or below it), in order.
    requestsFor(prefix) {
      return log.filter((r) => r.path === prefix || r.path.startsWith(`${prefix}/`));
    },
    clearLog() { log.length = 0; },
    async stop() {
      await Promise.all(Object.values(servers).map((s) => new Promise((resolve) => {
        s.closeAllConnections?.();
        s.close(() => resolve());
      })));
    },
  };
}

// The self-signed certificate of the HTTPS port (tests only; see tls/README).
export function testTls() {
  return {
    key: fs.readFileSync(path.join(HERE, 'tls', 'key.pem')),
    cert: fs.readFileSync(path.join(HERE, 'tls', 'cert.pem')),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startFixtureServer();
  console.log(JSON.stringify({ ...server.ports, pageOrigin: server.pageOrigin,
    api: server.api, other: server.other }));
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
