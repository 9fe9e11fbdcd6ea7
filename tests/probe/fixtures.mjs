// The fixtures of `cors-check probe`: one fixed server behaviour per cause,
// several allowed ones, and one per warning. Each fixture is what a page's
// fetch() does (`fetch`), how the server answers every request under
// /f/<name>/ (`respond`), and what the probe must say (`expect`). The same
// table drives the CLI tests (run_cli.mjs) and the comparison with headless
// Chromium (run_browser.mjs): for every fixture the probe's verdict must be
// Chromium's.
//
// respond(req, ctx) gets the Node request and { role: 'api' | 'other',
// origin: the request's Origin header, api, other: base URLs, path: the
// path after /f/<name> } and returns { status, headers: [[name, value]...] },
// or { raw } for bytes sent as they are (a whole response).

const echo = (ctx) => ctx.origin ?? '';
const acao = (value) => ['Access-Control-Allow-Origin', value];
const VARY = ['Vary', 'Origin'];

// Answers a preflight with `preflight` headers and everything else with
// `actual` headers (functions of ctx).
function preflightThen(preflight, actual, status = 204) {
  return (req, ctx) => (req.method === 'OPTIONS'
    ? { status, headers: preflight(ctx) }
    : { status: 200, headers: actual(ctx) });
}

const echoed = (ctx) => [acao(echo(ctx)), VARY];
const echoedWithCredentials = (ctx) => [acao(echo(ctx)),
  ['Access-Control-Allow-Credentials', 'true'], VARY];

export const FIXTURES = [
  // ---- one per cause --------------------------------------------------
  {
    name: 'preflight-401',
    about: 'authentication answers the preflight before CORS: 401 without CORS headers',
    fetch: { method: 'GET', headers: { Authorization: 'Bearer t0ken' }, credentials: true },
    respond: (req) => (req.method === 'OPTIONS'
      ? { status: 401, headers: [['WWW-Authenticate', 'Bearer'], ['Content-Type', 'application/json']] }
      : { status: 200, headers: [] }),
    expect: { verdict: 'blocked', cause: 'preflight-status' },
  },
  {
    name: 'preflight-404',
    about: 'no route answers OPTIONS (the 404 carries CORS headers, which is not enough)',
    fetch: { method: 'DELETE' },
    respond: (req, ctx) => (req.method === 'OPTIONS'
      ? { status: 404, headers: [acao(echo(ctx)), VARY] }
      : { status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'blocked', cause: 'preflight-status' },
  },
  {
    name: 'preflight-redirect',
    about: 'the preflight is redirected (a trailing-slash redirect)',
    fetch: { method: 'PUT' },
    respond: (req, ctx) => (req.method === 'OPTIONS' && ctx.path === ''
      ? { status: 308, headers: [['Location', `${ctx.api}/f/preflight-redirect/`], acao(echo(ctx))] }
      : preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Methods', 'PUT']], echoed)(req, ctx)),
    expect: { verdict: 'blocked', cause: 'preflight-redirect' },
  },
  {
    name: 'missing-acao-500',
    about: 'a 500 from a layer outside CORS: no Access-Control-Allow-Origin',
    fetch: { method: 'GET' },
    respond: () => ({ status: 500, headers: [['Content-Type', 'application/json']] }),
    expect: { verdict: 'blocked', cause: 'missing-allow-origin' },
  },
  {
    name: 'two-acao',
    about: 'a proxy and the application both add Access-Control-Allow-Origin',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 200, headers: [acao(echo(ctx)), acao(echo(ctx)), VARY] }),
    expect: { verdict: 'blocked', cause: 'multiple-allow-origin' },
  },
  {
    name: 'acao-list',
    about: 'the allowed list sent as the header value',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 200, headers: [acao(`${echo(ctx)}, https://app.example.com`)] }),
    expect: { verdict: 'blocked', cause: 'multiple-allow-origin' },
  },
  {
    name: 'other-origin',
    about: 'Access-Control-Allow-Origin names another origin',
    fetch: { method: 'GET' },
    respond: () => ({ status: 200, headers: [acao('https://app.example.com'), VARY] }),
    expect: { verdict: 'blocked', cause: 'origin-mismatch' },
  },
  {
    name: 'star-credentials',
    about: '* on a credentialed request, even with Allow-Credentials: true',
    fetch: { method: 'GET', credentials: true },
    respond: () => ({ status: 200, headers: [acao('*'), ['Access-Control-Allow-Credentials', 'true']] }),
    expect: { verdict: 'blocked', cause: 'wildcard-with-credentials' },
  },
  {
    name: 'acac-missing',
    about: 'credentialed request, the origin echoed but no Allow-Credentials',
    fetch: { method: 'GET', credentials: true },
    respond: (req, ctx) => ({ status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'blocked', cause: 'credentials-not-true' },
  },
  {
    name: 'acac-capitalized',
    about: 'Access-Control-Allow-Credentials: True (case-sensitive)',
    fetch: { method: 'GET', credentials: true },
    respond: (req, ctx) => ({ status: 200, headers: [acao(echo(ctx)), ['Access-Control-Allow-Credentials', 'True'], VARY] }),
    expect: { verdict: 'blocked', cause: 'credentials-not-true' },
  },
  {
    name: 'method-not-covered',
    about: 'DELETE is not in Access-Control-Allow-Methods',
    fetch: { method: 'DELETE' },
    respond: preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Methods', 'GET, POST, PUT'], VARY], echoed),
    expect: { verdict: 'blocked', cause: 'method-not-allowed' },
  },
  {
    name: 'method-star-credentials',
    about: '* in Allow-Methods is no wildcard on a credentialed request',
    fetch: { method: 'DELETE', credentials: true },
    respond: preflightThen((c) => [...echoedWithCredentials(c), ['Access-Control-Allow-Methods', '*']],
      echoedWithCredentials),
    expect: { verdict: 'blocked', cause: 'method-not-allowed' },
  },
  {
    name: 'header-not-covered',
    about: 'X-Custom is not in Access-Control-Allow-Headers',
    fetch: { method: 'GET', headers: { 'X-Custom': '1' } },
    respond: preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Headers', 'content-type'], VARY], echoed),
    expect: { verdict: 'blocked', cause: 'header-not-allowed' },
  },
  {
    name: 'redirect-middle-no-acao',
    about: 'a redirect chain whose middle hop lacks Access-Control-Allow-Origin',
    fetch: { method: 'GET' },
    respond: (req, ctx) => {
      const base = `${ctx.api}/f/redirect-middle-no-acao`;
      if (ctx.path === '') return { status: 302, headers: [['Location', `${base}/2`], acao(echo(ctx)), VARY] };
      if (ctx.path === '/2') return { status: 302, headers: [['Location', `${base}/3`]] };
      return { status: 200, headers: echoed(ctx) };
    },
    expect: { verdict: 'blocked', cause: 'redirect-blocked' },
  },
  {
    name: 'cross-origin-hop-echoes-page',
    about: 'after a hop to yet another origin the Origin is null: echoing the page origin fails',
    fetch: { method: 'GET' },
    respond: (req, ctx) => (ctx.role === 'api'
      ? { status: 302, headers: [['Location', `${ctx.other}/f/cross-origin-hop-echoes-page/final`], acao(echo(ctx)), VARY] }
      : { status: 200, headers: [acao(ctx.pageOrigin), VARY] }),
    expect: { verdict: 'blocked', cause: 'origin-mismatch' },
  },

  // ---- refused by the browser's HTTP stack, before any CORS check --------
  {
    name: 'two-locations',
    about: 'a redirect with two different Location lines: Chromium refuses the response (a network error)',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 302, headers: [['Location', `${ctx.api}/f/echo`],
      ['Location', `${ctx.api}/f/star`], ...echoed(ctx)] }),
    expect: { verdict: 'blocked', cause: 'network-error', exit: 5,
      stderr: /network error: GET \S+: Chromium refuses the response .*MULTIPLE_LOCATION/ },
  },
  {
    name: 'content-disposition-comma',
    about: 'an unquoted comma in a Content-Disposition filename: Chromium refuses the response, CORS or not',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 200, headers: [...echoed(ctx),
      ['Content-Disposition', 'attachment; filename=report,2024.csv']] }),
    expect: { verdict: 'blocked', cause: 'network-error', exit: 5,
      stderr: /network error: GET \S+: Chromium refuses the response .*MULTIPLE_CONTENT_DISPOSITION/ },
  },

  // ---- allowed ------------------------------------------------------------
  {
    name: 'star',
    about: '* without credentials',
    fetch: { method: 'GET' },
    respond: () => ({ status: 200, headers: [acao('*')] }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'echo',
    about: 'the origin echoed, with Vary: Origin',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'echo-credentials',
    about: 'the origin echoed with Allow-Credentials: true, credentialed',
    fetch: { method: 'GET', credentials: true },
    respond: (req, ctx) => ({ status: 200, headers: echoedWithCredentials(ctx) }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'error-with-cors',
    about: 'a 401 that carries CORS headers is readable (the fix of preflight-401 and missing-acao-500)',
    fetch: { method: 'GET', credentials: true },
    respond: (req, ctx) => ({ status: 401, headers: [...echoedWithCredentials(ctx), ['WWW-Authenticate', 'Bearer']] }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'star-methods-headers',
    about: '* in Allow-Methods and Allow-Headers without credentials',
    fetch: { method: 'DELETE', headers: { 'X-Custom': '1', 'X-Other': '2' } },
    respond: preflightThen(() => [acao('*'), ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']],
      () => [acao('*')]),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'preflight-listed',
    about: 'PUT with headers over two Allow-Headers lines, credentialed',
    fetch: { method: 'PUT', headers: { 'X-Request-ID': 'r1', 'Content-Type': 'application/json' }, credentials: true },
    respond: preflightThen((c) => [...echoedWithCredentials(c), ['Access-Control-Allow-Methods', 'GET, PUT'],
      ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Allow-Headers', 'x-request-id']],
    echoedWithCredentials),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'redirect-pass',
    about: 'a same-origin redirect chain whose every hop passes',
    fetch: { method: 'GET' },
    respond: (req, ctx) => (ctx.path === ''
      ? { status: 302, headers: [['Location', '/f/redirect-pass/2'], ...echoed(ctx)] }
      : { status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'redirect-empty-location',
    about: 'a 302 whose Location is empty is no redirect (Chromium): the page reads the 302',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 302, headers: [['Location', ''], ...echoed(ctx)] }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'folded-header',
    about: 'Access-Control-Allow-Origin folded onto a second line (obsolete folding): browsers read the value on',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ raw: 'HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\r\n'
      + ` ${echo(ctx)}\r\nVary: Origin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n` }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'location-raw-bytes',
    about: 'a Location holding a control byte, a byte above 0x7e and a space: browsers percent-encode them and follow',
    fetch: { method: 'GET' },
    respond: (req, ctx) => (ctx.path === ''
      ? { raw: 'HTTP/1.1 302 Found\r\nLocation: /f/location-raw-bytes/a\x1bb\xff c\r\n'
        + `Access-Control-Allow-Origin: ${echo(ctx)}\r\nVary: Origin\r\nContent-Length: 0\r\n`
        + 'Connection: close\r\n\r\n' }
      : { status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'redirect-preflight-again',
    about: 'a redirect on a preflighted request: the next hop gets its own preflight',
    fetch: { method: 'GET', headers: { 'X-Custom': '1' } },
    respond: (req, ctx) => {
      if (req.method === 'OPTIONS') {
        return { status: 204, headers: [acao(echo(ctx)), ['Access-Control-Allow-Headers', 'x-custom'], VARY] };
      }
      return ctx.path === ''
        ? { status: 307, headers: [['Location', '/f/redirect-preflight-again/2'], ...echoed(ctx)] }
        : { status: 200, headers: echoed(ctx) };
    },
    expect: { verdict: 'allowed' },
  },
  {
    name: 'cross-origin-hop',
    about: 'a hop to yet another origin: Origin null, and ACAO null is accepted',
    fetch: { method: 'GET' },
    respond: (req, ctx) => (ctx.role === 'api'
      ? { status: 302, headers: [['Location', `${ctx.other}/f/cross-origin-hop/final`], ...echoed(ctx)] }
      : { status: 200, headers: echoed(ctx) }),
    expect: { verdict: 'allowed', warnings: ['allow-origin-null'] },
  },
  {
    name: 'cross-origin-hop-star',
    about: 'a hop to yet another origin answered with *',
    fetch: { method: 'GET' },
    respond: (req, ctx) => (ctx.role === 'api'
      ? { status: 307, headers: [['Location', `${ctx.other}/f/cross-origin-hop-star/final`], acao('*')] }
      : { status: 200, headers: [acao('*')] }),
    expect: { verdict: 'allowed' },
  },
  {
    name: 'post-text-plain',
    about: 'POST with Content-Type text/plain needs no preflight (OPTIONS would fail)',
    fetch: { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } },
    respond: (req, ctx) => (req.method === 'OPTIONS'
      ? { status: 405, headers: [] }
      : { status: 201, headers: echoed(ctx) }),
    expect: { verdict: 'allowed', preflight: false },
  },
  {
    name: 'content-type-quoted',
    about: 'a quoted charset parameter is a CORS-unsafe byte: a preflight, refused',
    fetch: { method: 'POST', headers: { 'Content-Type': 'text/plain; charset="utf-8"' } },
    respond: (req, ctx) => (req.method === 'OPTIONS'
      ? { status: 204, headers: [acao(echo(ctx)), VARY] }
      : { status: 201, headers: echoed(ctx) }),
    expect: { verdict: 'blocked', cause: 'header-not-allowed' },
  },
  {
    name: 'range-simple',
    about: 'a simple Range needs no preflight (Chromium)',
    fetch: { method: 'GET', headers: { Range: 'bytes=0-99' } },
    respond: (req, ctx) => (req.method === 'OPTIONS'
      ? { status: 405, headers: [] }
      : { status: 206, headers: [...echoed(ctx), ['Content-Range', 'bytes 0-99/1000']] }),
    expect: { verdict: 'allowed', preflight: false },
  },

  // ---- one per warning ----------------------------------------------------
  {
    name: 'authorization-star',
    about: 'only * in Allow-Headers covers Authorization: browsers allow it today',
    fetch: { method: 'GET', headers: { Authorization: 'Bearer t0ken' } },
    respond: preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Headers', '*'], VARY], echoed),
    expect: { verdict: 'allowed', warnings: ['authorization-wildcard'] },
  },
  {
    name: 'private-network',
    about: 'a private-network preflight without the grant (advice, not a verdict)',
    fetch: { method: 'PUT' },
    probeArgs: ['--private-network'],
    respond: preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Methods', 'PUT'], VARY], echoed),
    expect: { verdict: 'allowed', warnings: ['private-network'] },
  },
  {
    name: 'no-vary',
    about: 'a reflected origin without Vary: Origin on a cacheable GET',
    fetch: { method: 'GET' },
    respond: (req, ctx) => ({ status: 200, headers: [acao(echo(ctx)), ['Cache-Control', 'max-age=60']] }),
    expect: { verdict: 'allowed', warnings: ['missing-vary-origin'] },
  },
  {
    name: 'max-age-86400',
    about: 'Access-Control-Max-Age: 86400, which Chromium caps at 7200',
    fetch: { method: 'PUT' },
    respond: preflightThen((c) => [acao(echo(c)), ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Max-Age', '86400'], VARY], echoed),
    expect: { verdict: 'allowed', warnings: ['max-age-capped'] },
  },
];

// The probe's command line for a fixture (without the URL's base).
export function probeArgs(fixture, url, origin) {
  const args = ['probe', url, '--origin', origin, '-X', fixture.fetch.method];
  for (const [name, value] of Object.entries(fixture.fetch.headers ?? {})) {
    args.push('-H', `${name}: ${value}`);
  }
  if (fixture.fetch.credentials) args.push('--credentials');
  return [...args, ...(fixture.probeArgs ?? [])];
}
