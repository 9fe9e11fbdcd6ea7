// What a browser cannot show, checked at the HTTP level: exact headers,
// exactly one Access-Control-Allow-Origin, Vary, preflight status, no 401
// on a preflight, nothing disclosed to a refused origin.
import http from 'node:http';
import {
  PAGE_ORIGINS, originAllowed, expectedAcao, variesOnOrigin, methodAllowed,
  headerAllowed,
} from './policy_model.mjs';

// Every preflight answer reads these three request headers (the
// private-network one too: the answer differs whether the feature is on).
const PREFLIGHT_VARY = ['Access-Control-Request-Method',
  'Access-Control-Request-Headers', 'Access-Control-Request-Private-Network'];

// One request; resolves with status, header lines (name lowercased) and
// body. A fresh connection each time (no agent) keeps requests apart.
export function request(port, method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers,
      agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        const lines = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          lines.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        }
        resolve({ status: res.statusCode, lines, body });
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const all = (res, name) => res.lines.filter(([n]) => n === name).map(([, v]) => v);
const tokens = (value) => value.split(',').map((t) => t.trim().toLowerCase())
  .filter((t) => t !== '');

// Collects the failed expectations of one response.
class Expect {
  constructor(res) { this.res = res; this.problems = []; }
  fail(msg) { this.problems.push(msg); }
  status(want) {
    if (this.res.status !== want) this.fail(`status ${this.res.status}, expected ${want}`);
  }
  one(name, want) {
    const v = all(this.res, name);
    if (v.length !== 1) this.fail(`${v.length} ${name} lines, expected exactly 1`);
    else if (want !== undefined && v[0] !== want) this.fail(`${name}: ${JSON.stringify(v[0])}, expected ${JSON.stringify(want)}`);
  }
  none(name) {
    const v = all(this.res, name);
    if (v.length !== 0) this.fail(`unexpected ${name}: ${v.join(' | ')}`);
  }
  noAccessControl() {
    const v = this.res.lines.filter(([n]) => n.startsWith('access-control-'));
    if (v.length) this.fail(`refused origin got ${v.map(([n, x]) => `${n}: ${x}`).join('; ')}`);
  }
  tokensInclude(name, wanted) {
    const v = all(this.res, name);
    if (v.length !== 1) { this.fail(`${v.length} ${name} lines, expected exactly 1 (merged)`); return; }
    const have = tokens(v[0]);
    for (const t of wanted) {
      if (!have.includes(t.toLowerCase())) this.fail(`${name} "${v[0]}" lacks ${t}`);
    }
  }
  tokensEqual(name, wanted) {
    const v = all(this.res, name);
    if (v.length !== 1) { this.fail(`${v.length} ${name} lines, expected 1`); return; }
    const have = tokens(v[0]).sort().join(',');
    const want = wanted.map((t) => t.toLowerCase()).sort().join(',');
    if (have !== want) this.fail(`${name} "${v[0]}", expected ${wanted.join(', ')}`);
  }
}

// CORS headers of an actual (non-preflight) response.
function expectActualCors(e, model, origin, extraVary = []) {
  const vary = [...extraVary, ...(variesOnOrigin(model) ? ['Origin'] : [])];
  if (vary.length) e.tokensInclude('vary', vary);
  if (!originAllowed(model, origin)) {
    e.noAccessControl();
    return;
  }
  e.one('access-control-allow-origin', expectedAcao(model, origin));
  if (model.credentials) e.one('access-control-allow-credentials', 'true');
  else e.none('access-control-allow-credentials');
  if (model.exposeHeaders.length) {
    e.tokensEqual('access-control-expose-headers', model.exposeHeaders);
  } else {
    e.none('access-control-expose-headers');
  }
  e.none('access-control-allow-methods');
}

function expectApplicationHeaders(e) {
  e.one('x-request-id');
  e.one('x-internal-debug', '1');
}

function checksForOrigin(model, origin) {
  const o = { Origin: origin };
  const preflightOk = originAllowed(model, origin) &&
    methodAllowed(model, 'GET') && headerAllowed(model, 'authorization') &&
    headerAllowed(model, 'x-request-id');
  return [
    {
      name: `preflight of profiles with Authorization (${preflightOk ? '204' : 'denied'}, never 401)`,
      send: ['OPTIONS', '/api/v1/users/me/profiles', { ...o,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,x-request-id' }],
      expect(e) {
        e.none('x-internal-debug'); // answered by the CORS layer, not the app
        e.none('www-authenticate');
        e.tokensInclude('vary', variesOnOrigin(model)
          ? ['Origin', ...PREFLIGHT_VARY] : PREFLIGHT_VARY);
        if (!preflightOk) {
          if (e.res.status === 401) e.fail('preflight answered 401 by the auth check');
          e.status(403);
          e.noAccessControl();
          return;
        }
        e.status(204);
        e.one('access-control-allow-origin', expectedAcao(model, origin));
        if (model.credentials) e.one('access-control-allow-credentials', 'true');
        else e.none('access-control-allow-credentials');
        e.tokensInclude('access-control-allow-methods', ['GET']);
        e.tokensInclude('access-control-allow-headers',
          ['authorization', 'x-request-id']);
        e.one('access-control-max-age', model.maxAge);
        e.none('access-control-expose-headers');
        if (e.res.body !== '') e.fail(`preflight body ${JSON.stringify(e.res.body)}`);
      },
    },
    {
      name: 'preflight with a header outside the list is denied',
      send: ['OPTIONS', '/api/v1/items/42', { ...o,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'x-not-allowed' }],
      expect(e) {
        if (headerAllowed(model, 'x-not-allowed') && originAllowed(model, origin) &&
            methodAllowed(model, 'PUT')) {
          e.status(204);
          return;
        }
        e.status(403);
        e.noAccessControl();
      },
    },
    {
      name: 'GET items: 200 + ETag + CORS headers',
      send: ['GET', '/api/v1/items', o],
      expect(e) {
        e.status(200);
        e.one('etag');
        expectApplicationHeaders(e);
        expectActualCors(e, model, origin);
      },
    },
    {
      name: 'GET profiles without Authorization: 401 + CORS headers, Vary merged',
      send: ['GET', '/api/v1/users/me/profiles', o],
      expect(e) {
        e.status(401);
        e.one('www-authenticate', 'Bearer');
        expectApplicationHeaders(e);
        expectActualCors(e, model, origin, ['Authorization']);
      },
    },
    {
      name: 'GET boom: 500 + CORS headers',
      send: ['GET', '/api/v1/boom', o],
      expect(e) {
        e.status(500);
        expectApplicationHeaders(e);
        expectActualCors(e, model, origin);
      },
    },
    {
      name: 'GET unknown path: 404 + CORS headers',
      send: ['GET', '/nope', o],
      expect(e) {
        e.status(404);
        expectApplicationHeaders(e);
        expectActualCors(e, model, origin);
      },
    },
  ];
}

function checksWithoutOrigin(model) {
  return [
    {
      // Under a public `*` policy the same ACAO goes on every response, so
      // a cached copy also serves cross-origin pages; otherwise none.
      name: 'no Origin: not CORS (ACAO only under public *)',
      send: ['GET', '/api/v1/items', {}],
      expect(e) {
        e.status(200);
        if (variesOnOrigin(model)) {
          e.noAccessControl();
          e.tokensInclude('vary', ['Origin']);
        } else {
          e.one('access-control-allow-origin', '*');
        }
      },
    },
    {
      // Proves the adapter hands libcors every header line, not the last.
      name: 'two Origin lines: malformed, no Access-Control-* headers',
      send: ['GET', '/api/v1/items', { Origin: [PAGE_ORIGINS[0], PAGE_ORIGINS[0]] }],
      expect(e) {
        e.status(200);
        e.noAccessControl();
        e.tokensInclude('vary', ['Origin']); // differs from other responses
      },
    },
    {
      // Denied for its Origin under every policy, public `*` included: a
      // cache must never serve this 403 to a valid preflight.
      name: 'preflight with two Origin lines: 403, Vary names Origin',
      send: ['OPTIONS', '/api/v1/items', { Origin: [PAGE_ORIGINS[0], PAGE_ORIGINS[0]],
        'Access-Control-Request-Method': 'GET' }],
      expect(e) {
        e.status(403);
        e.noAccessControl();
        e.tokensInclude('vary', ['Origin', ...PREFLIGHT_VARY]);
      },
    },
    {
      name: 'X-Request-ID is echoed',
      send: ['GET', '/api/v1/items/7', { 'X-Request-ID': 'curl-abc-123' }],
      expect(e) {
        e.status(200);
        e.one('x-request-id', 'curl-abc-123');
        e.one('etag', '"item-7-v1"');
        try {
          const body = JSON.parse(e.res.body);
          if (body.method !== 'GET') e.fail(`body method ${body.method}`);
        } catch { e.fail(`body is not JSON: ${e.res.body}`); }
      },
    },
    {
      name: 'OPTIONS without Access-Control-Request-Method reaches the app',
      send: ['OPTIONS', '/api/v1/items', { Origin: PAGE_ORIGINS[0] }],
      expect(e) {
        e.status(204);
        e.one('allow');
        expectApplicationHeaders(e);
      },
    },
    {
      name: 'POST items: 201',
      send: ['POST', '/api/v1/items', { 'Content-Type': 'application/json' }],
      expect(e) {
        e.status(201);
        e.one('etag');
      },
    },
  ];
}

// Runs every HTTP-level check; returns [{ name, problems }].
export async function runHttpChecks(model, port) {
  const checks = [];
  for (const origin of PAGE_ORIGINS) {
    for (const c of checksForOrigin(model, origin)) {
      checks.push({ ...c, name: `${origin} ${c.name}` });
    }
  }
  checks.push(...checksWithoutOrigin(model));
  const results = [];
  for (const c of checks) {
    let problems;
    try {
      const e = new Expect(await request(port, ...c.send));
      c.expect(e);
      problems = e.problems;
    } catch (err) {
      problems = [`request failed: ${err.message}`];
    }
    results.push({ name: c.name, problems });
  }
  return results;
}
