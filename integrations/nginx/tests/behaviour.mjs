// What every kind of response gets under `cors on`: preflights answered
// before access control and the location's own return, every other
// response (static, proxied, nginx's own errors, after error_page)
// decorated exactly once, upstream CORS replaced or kept, report_only,
// the variables and the denial log; and libcors's safe answer to hostile
// requests.
import { Expect, freePort, request, sleep } from './harness.mjs';

const A = 'http://a.test';
const EVIL = 'http://evil.test';
const preflight = (origin, method, headers) => [['Origin', origin],
  ['Access-Control-Request-Method', method],
  ...(headers ? [['Access-Control-Request-Headers', headers]] : [])];

function config(n, port, upstreamPort, deadPort) {
  const d = n.dir;
  n.file('html/index.html', 'index\n');
  n.file('html/leftover/index.html', 'leftover\n');
  n.file('html/auth/index.html', 'secret\n');
  for (const dir of ['vary-lines', 'vary-junk', 'vary-star', 'quiet', 'loud', 'verbose']) {
    n.file(`html/${dir}/index.html`, `${dir}\n`);
  }
  n.file('html/gz/big.txt', 'compressible text\n'.repeat(100));
  n.file('htpasswd', 'user:{PLAIN}pass\n');
  n.configure({ http: `
  cors_origins ${A};
  cors_credentials on;
  cors_methods GET POST PUT;
  cors_allow_headers Content-Type X-Token;
  cors_expose_headers ETag;
  cors_max_age 600;
  cors_log_denied on;
  client_max_body_size 1k;
  log_format cors '$request_method $uri $status kind=$cors_kind allowed=$cors_allowed reason=$cors_reason';
  upstream app { server 127.0.0.1:${upstreamPort}; }
  server {
    listen 127.0.0.1:${port};
    access_log ${d}/access.log cors;
    cors on;
    location / { }
    location /auth/ { auth_basic "private"; auth_basic_user_file ${d}/htpasswd; }
    location /api/ { proxy_pass http://app; }
    location = /own { proxy_pass http://app/own-cors; }
    location = /keep { cors_upstream_headers keep; proxy_pass http://app/own-cors; }
    location = /keep-none { cors_upstream_headers keep; proxy_pass http://app/api/v1/items; }
    location = /report { cors_mode report_only; proxy_pass http://app/own-cors; }
    location /report-api/ { cors_mode report_only; proxy_pass http://app/api/; }
    location /down/ { proxy_pass http://127.0.0.1:${deadPort}; }
    location /named/ { error_page 404 = @fallback; }
    location @fallback { return 410; }
    location /leftover/ {
      add_header Access-Control-Allow-Origin * always;
      add_header X-Kept yes always;
    }
    location /redirect/ { return 301 /elsewhere; }
    location /limited/ { limit_except GET { deny all; } proxy_pass http://app/api/; }
    location /hidden/ { internal; }
    location /authreq/ { auth_request /auth-check; }
    location = /auth-check { internal; return 401; }
    location /vary-lines/ {
      add_header Vary Accept-Language always;
      add_header Vary "origin, X-Variant" always;
    }
    location /vary-junk/ { add_header Vary "a b, X-Variant" always; }
    location /vary-star/ { add_header Vary * always; }
    location /gz/ {
      gzip on; gzip_vary on; gzip_min_length 1; gzip_types text/plain;
      add_header Vary Accept-Language always;
    }
    location /quiet/ { cors_log_denied off; }
    location /loud/ { cors_log_denied on warn; }
    location /verbose/ { cors_log_denied on debug; }
  }` });
}

export async function behaviour({ tally, upstream, nginx }) {
  const up = await upstream();
  const port = await freePort();
  const deadPort = await freePort(); // nothing listens there: 502
  const n = nginx();
  config(n, port, up.port, deadPort);
  await n.start(port);
  const get = (target, headers = [], opts) => request(port, 'GET', target, headers, opts);
  const check = (name, send, expect) => tally.check(name, async () => {
    const e = new Expect(await send());
    expect(e);
    return e;
  });

  await check('preflight allowed before auth_basic: 204, never 401',
    () => request(port, 'OPTIONS', '/auth/', preflight(A, 'PUT', 'x-token')), (e) => {
      e.status(204).one('access-control-allow-origin', A)
        .one('access-control-allow-credentials', 'true')
        .one('access-control-allow-methods', 'PUT')
        .one('access-control-allow-headers', 'x-token')
        .one('access-control-max-age', '600')
        .none('www-authenticate').none('access-control-expose-headers')
        .varyHas('Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers');
      if (e.res.body !== '') e.fail(`body ${JSON.stringify(e.res.body)}`);
    });
  await check('preflight denied before auth_basic: 403, nothing disclosed',
    () => request(port, 'OPTIONS', '/auth/', preflight(EVIL, 'PUT')), (e) => {
      e.status(403).noCors().none('www-authenticate')
        .varyHas('Origin', 'Access-Control-Request-Method');
    });
  await check('401 from auth_basic', () => get('/auth/', [['Origin', A]]), (e) => {
    e.status(401).allowed(A).one('www-authenticate')
      .one('access-control-expose-headers', 'ETag');
  });
  await check('200 from a static file', () => get('/', [['Origin', A]]), (e) => {
    e.status(200).allowed(A).varyOnce();
  });
  await check('404 from static files', () => get('/missing.txt', [['Origin', A]]), (e) => {
    e.status(404).allowed(A);
  });
  await check('413 from a too large body (before the location runs)',
    () => request(port, 'POST', '/', [['Origin', A], ['Content-Length', '5000']],
      { body: 'x'.repeat(5000) }), (e) => {
      e.status(413).allowed(A);
    });
  await check('500 from the upstream', () => get('/api/v1/boom', [['Origin', A]]), (e) => {
    e.status(500).allowed(A).one('x-internal-debug', '1');
  });
  await check('401 from the upstream, its Vary kept with Origin',
    () => get('/api/v1/users/me/profiles', [['Origin', A]]), (e) => {
      e.status(401).allowed(A).one('www-authenticate', 'Bearer').one('vary', 'Authorization, Origin');
    });
  await check('502 with the upstream down', () => get('/down/x', [['Origin', A]]), (e) => {
    e.status(502).allowed(A);
  });
  await check('error_page to a named location', () => get('/named/missing', [['Origin', A]]), (e) => {
    e.status(410).allowed(A);
  });
  await check('403 from limit_except', () => request(port, 'PUT', '/limited/v1/items/1', [['Origin', A]]), (e) => {
    e.status(403).allowed(A);
  });
  await check('preflight before limit_except', () => request(port, 'OPTIONS', '/limited/v1/items/1',
    preflight(A, 'PUT')), (e) => {
    e.status(204).one('access-control-allow-origin', A);
  });
  await check('preflight before auth_request: 204, the subrequest never runs',
    () => request(port, 'OPTIONS', '/authreq/', preflight(A, 'PUT')), (e) => {
      e.status(204).one('access-control-allow-origin', A).none('www-authenticate');
    });
  await check('401 from auth_request, decorated once', () => get('/authreq/', [['Origin', A]]), (e) => {
    e.status(401).allowed(A).varyOnce();
  });
  await check('404 from an internal location (rejected before the location runs)',
    () => get('/hidden/', [['Origin', A]]), (e) => {
      e.status(404).allowed(A);
    });
  await check('upstream ACAO and Vary: one ACAO (the module\'s), one merged Vary line',
    () => get('/own', [['Origin', A]]), (e) => {
      e.status(200).allowed(A).one('access-control-expose-headers', 'ETag')
        .one('vary', 'Accept-Encoding, Origin');
    });
  await check('upstream ACAO * removed for a refused origin, Vary still merged',
    () => get('/own', [['Origin', EVIL]]), (e) => {
      e.status(200).noCors().one('vary', 'Accept-Encoding, Origin');
    });
  await check('two Vary lines from add_header: one line, their order, Origin not repeated',
    () => get('/vary-lines/', [['Origin', A]]), (e) => {
      e.status(200).allowed(A).one('vary', 'Accept-Language, origin, X-Variant');
    });
  await check('a preflight\'s Vary merged with add_header\'s',
    () => request(port, 'OPTIONS', '/vary-lines/', preflight(A, 'PUT')), (e) => {
      e.status(204).one('vary',
        'Accept-Language, origin, X-Variant, Access-Control-Request-Method, '
        + 'Access-Control-Request-Headers, Access-Control-Request-Private-Network');
    });
  await check('a Vary element that is not a token is dropped', () => get('/vary-junk/', [['Origin', A]]), (e) => {
    e.status(200).one('vary', 'X-Variant, Origin');
  });
  await check('Vary: * absorbs the module\'s tokens', () => get('/vary-star/', [['Origin', A]]), (e) => {
    e.status(200).one('access-control-allow-origin', A).one('vary', '*');
  });
  await check('gzip_vary: the module\'s merged line, and gzip\'s own line beside it',
    () => get('/gz/big.txt', [['Origin', A], ['Accept-Encoding', 'gzip']]), (e) => {
      e.varyLines().status(200).allowed(A).one('content-encoding', 'gzip')
        .varyHas('Accept-Language', 'Origin', 'Accept-Encoding').varyOnce();
      const lines = e.all('vary');
      if (!lines.includes('Accept-Language, Origin')) {
        e.fail(`no merged line "Accept-Language, Origin" among ${lines.join(' | ')}`);
      }
    });
  await check('leftover add_header Access-Control-Allow-Origin * removed (replace)',
    () => get('/leftover/', [['Origin', A]]), (e) => {
      e.status(200).allowed(A).one('x-kept', 'yes');
    });
  await check('leftover add_header ACAO removed for a refused origin',
    () => get('/leftover/', [['Origin', EVIL]]), (e) => {
      e.status(200).noCors().one('x-kept', 'yes');
    });
  await check('keep: the upstream\'s own CORS left exactly as it is', () => get('/keep', [['Origin', A]]), (e) => {
    e.status(200).one('access-control-allow-origin', '*')
      .one('access-control-expose-headers', 'X-Upstream')
      .none('access-control-allow-credentials').one('vary', 'Accept-Encoding');
  });
  await check('keep: a response without CORS gets the module\'s', () => get('/keep-none', [['Origin', A]]), (e) => {
    e.status(200).allowed(A);
  });
  await check('report_only: the response is untouched', () => get('/report', [['Origin', EVIL]]), (e) => {
    e.status(200).one('access-control-allow-origin', '*')
      .one('access-control-expose-headers', 'X-Upstream').one('vary', 'Accept-Encoding')
      .none('access-control-allow-credentials');
  });
  await check('report_only: a preflight reaches the application', () => request(port, 'OPTIONS',
    '/report-api/v1/items', preflight(EVIL, 'PUT')), (e) => {
    e.status(204).one('allow').one('x-internal-debug', '1').noCors();
  });
  await check('preflight answered before the location\'s return 301',
    () => request(port, 'OPTIONS', '/redirect/', preflight(A, 'GET')), (e) => {
      e.status(204).one('access-control-allow-origin', A).none('location');
    });
  await check('return 301 itself is decorated', () => get('/redirect/', [['Origin', A]]), (e) => {
    e.status(301).allowed(A).one('location');
  });
  await check('OPTIONS without Access-Control-Request-Method reaches the application',
    () => request(port, 'OPTIONS', '/api/v1/items', [['Origin', A]]), (e) => {
      e.status(204).one('allow').one('x-internal-debug', '1').allowed(A);
    });
  await check('no Origin: not CORS, Vary: Origin', () => get('/'), (e) => {
    e.status(200).noCors().one('vary', 'Origin');
  });

  // Hostile requests get libcors's safe answer.
  await check('two Origin lines: no CORS headers', () => get('/', [['Origin', A], ['Origin', A]]), (e) => {
    e.status(200).noCors().varyHas('Origin');
  });
  await check('preflight with two Origin lines: denied', () => request(port, 'OPTIONS', '/',
    [['Origin', A], ...preflight(A, 'GET')]), (e) => {
    e.status(403).noCors();
  });
  await check('4 KB Access-Control-Request-Headers of commas: denied', () => request(port, 'OPTIONS',
    '/', preflight(A, 'PUT', ','.repeat(4096))), (e) => {
    e.status(403).noCors();
  });
  await check('bytes >= 0x80 in Origin: no CORS headers', () => get('/', [['Origin',
    Buffer.concat([Buffer.from('http://a.t'), Buffer.from([0xc3, 0xa9]), Buffer.from('st')])]]), (e) => {
    e.status(200).noCors();
  });
  await check('preflight from an origin with bytes >= 0x80: denied', () => request(port, 'OPTIONS', '/',
    [['Origin', Buffer.from([0x68, 0x74, 0x74, 0x70, 0x3a, 0x2f, 0x2f, 0xff])],
      ['Access-Control-Request-Method', 'GET']]), (e) => {
    e.status(403).noCors();
  });

  // The variables and the denial log, once the lines are written.
  await sleep(200);
  await tally.check('$cors_kind, $cors_allowed, $cors_reason in the access log', () => {
    const log = n.log('access.log');
    const want = [
      'OPTIONS /auth/ 204 kind=preflight allowed=true reason=none',
      'OPTIONS /auth/ 403 kind=preflight allowed=false reason=origin_not_allowed',
      'GET /own 200 kind=actual allowed=false reason=origin_not_allowed',
      'GET /index.html 200 kind=none allowed=true reason=not_cors',
      'OPTIONS / 403 kind=preflight allowed=false reason=headers_malformed',
      'GET /report 200 kind=actual allowed=false reason=origin_not_allowed',
    ];
    return want.filter((w) => !log.includes(w)).map((w) => `no access log line "${w}" in\n${log}`);
  });
  // cors_log_denied: the requests whose lines are looked for below.
  await get('/quiet/', [['Origin', EVIL]]);
  await get('/loud/', [['Origin', EVIL]]);
  await get('/verbose/', [['Origin', EVIL]]);
  await request(port, 'OPTIONS', '/', preflight(A, 'DELETE'));
  await request(port, 'OPTIONS', '/', preflight(A, 'PUT', 'x-secret'));
  await get('/allowed/', [['Origin', A]]);
  await sleep(200);
  const denials = (uri) => n.log().split('\n')
    .filter((l) => l.includes('cors: denied') && l.includes(` ${uri} HTTP/1.1"`));
  // Exactly `count` denial lines of `uri` match `select`, and each
  // matches `pattern` too.
  const logCheck = (name, uri, select, pattern, count = 1) => tally.check(name, () => {
    const all = denials(uri);
    const lines = all.filter((l) => select.test(l));
    const problems = [];
    if (lines.length !== count) problems.push(`${lines.length} lines, expected ${count}, among:\n${all.join('\n')}`);
    for (const l of lines) if (!pattern.test(l)) problems.push(`${l}\ndoes not match ${pattern}`);
    return problems;
  });
  await logCheck('cors_log_denied: a refused origin, libcors\'s sentence, the directives named', '/auth/',
    /preflight/,
    /\[info\] .*cors: denied preflight request \(origin_not_allowed\): origin 'http:\/\/evil\.test' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex \(here: cors_origins or cors_origin_regex\), client: /);
  await logCheck('cors_log_denied: a refused method, cors_methods named', '/', /method_not_allowed/,
    /\[info\] .*preflight request \(method_not_allowed\): method 'DELETE' is not allowed: add it to the allowed methods \(methods are case-sensitive\) \(here: cors_methods\), client/);
  await logCheck('cors_log_denied: a refused request header, cors_allow_headers named', '/', /header_not_allowed/,
    /request header 'x-secret' is not allowed: add it to the allowed request headers \(here: cors_allow_headers\), client/);
  await logCheck('cors_log_denied: two Origin lines, each request its line, no setting named', '/',
    /multiple_origins/, /\(multiple_origins\): the request carries more than one Origin header, client/, 2);
  await logCheck('cors_log_denied: the 4 KB list of commas', '/', /headers_malformed/,
    /preflight request \(headers_malformed\): Access-Control-Request-Headers is malformed/);
  await logCheck('cors_log_denied: Origin bytes >= 0x80 escaped as \\xHH, never raw', '/', /origin_invalid/,
    /^[\x20-\x7e]*\(origin_invalid\): origin '(http:\/\/a\.t\\xc3\\xa9st|http:\/\/\\xff)' is not a valid serialized origin/, 2);
  await logCheck('cors_log_denied: an allowed request logs nothing', '/allowed/', /./, /./, 0);
  await logCheck('cors_log_denied off in a location: no line', '/quiet/', /./, /./, 0);
  await logCheck('cors_log_denied on warn: the line at warn', '/loud/', /./,
    /\[warn\] .*cors: denied actual request \(origin_not_allowed\)/);
  await logCheck('cors_log_denied on debug, error_log at info: no line', '/verbose/', /./, /./, 0);
  await logCheck('cors_log_denied in report_only: the line says nothing was enforced', '/report', /./,
    /\(origin_not_allowed\): origin 'http:\/\/evil\.test' is not allowed: .*; report only: nothing enforced, client/);
}
