// cors_env: the policy from the master's environment (the libcors
// loader's variables, defaults and dev-defaults rule), directives in the
// same block overriding single settings, a prefix, the `env` warning of
// nginx -t, a reload signalled from a shell without the variables, a bad
// variable named; cors_env_file re-read by nginx -s reload.
import { Expect, freePort, request, sleep } from './harness.mjs';

const ENV = {
  FRONTEND_ORIGINS: 'http://e.test, http://e2.test',
  ALLOW_ORIGINS_REGEX: '^http://r[0-9]\\.test$',
  PUB_FRONTEND_ORIGINS: 'http://p.test',
  PUB_CORS_ALLOW_CREDENTIALS: 'false',
  RO_FRONTEND_ORIGINS: 'http://ro.test',
  RO_CORS_REPORT_ONLY: 'true',
};
const DECLARED = Object.keys(ENV).map((k) => `env ${k};`).join('\n');

function http(port) {
  return `server { listen 127.0.0.1:${port};
    cors on;
    cors_env;
    location / { }
    location /narrow/ { cors_origins http://n.test; }
    location /prefixed/ { cors_env PUB_; }
    location /report-env/ { cors_env RO_; }
  }`;
}

export async function environment({ tally, nginx }) {
  const port = await freePort();
  const n = nginx({ env: ENV });
  n.configure({ main: DECLARED, http: http(port) });
  await n.start(port);
  const get = (target, origin) => request(port, 'GET', target, [['Origin', origin]]);
  const expect = (name, target, origin, fn) => tally.check(name, async () => {
    const e = new Expect(await get(target, origin));
    fn(e);
    return e;
  });
  const credentialed = (o) => (e) => e.status(404).allowed(o)
    .one('access-control-expose-headers',
      'ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset');
  const refused = (e) => e.noCors().varyHas('Origin');

  await expect('FRONTEND_ORIGINS read, with the loader\'s defaults', '/x', 'http://e2.test',
    credentialed('http://e2.test'));
  await expect('ALLOW_ORIGINS_REGEX read', '/x', 'http://r7.test', credentialed('http://r7.test'));
  await expect('an origin neither lists nor matches is refused', '/x', 'http://x.test', refused);
  await expect('dev defaults are not used when origins are set', '/x', 'http://localhost:3000', refused);
  await expect('cors_origins in a block overrides FRONTEND_ORIGINS and the regex', '/narrow/x',
    'http://n.test', credentialed('http://n.test'));
  await expect('... the overridden origins are refused there', '/narrow/x', 'http://e.test', refused);
  await expect('... while ALLOW_ORIGINS_REGEX, a setting of its own, still applies', '/narrow/x',
    'http://r1.test', credentialed('http://r1.test'));
  await expect('cors_env PUB_ reads PUB_FRONTEND_ORIGINS', '/prefixed/x', 'http://p.test',
    (e) => e.one('access-control-allow-origin', 'http://p.test').none('access-control-allow-credentials'));
  await expect('... and not FRONTEND_ORIGINS', '/prefixed/x', 'http://e.test', refused);
  await expect('CORS_REPORT_ONLY=true (cors_env RO_): nothing sent', '/report-env/x', 'http://ro.test',
    (e) => e.status(404).noCors().none('vary'));

  await tally.check('nginx -s reload from a shell without the variables keeps the policy', async () => {
    const r = n.reload(n.processEnv({}));
    if (r.status !== 0) return [`reload: ${r.output}`];
    await sleep(500);
    const e = new Expect(await get('/x', 'http://e.test'));
    e.one('access-control-allow-origin', 'http://e.test');
    return e;
  });

  await tally.check('nginx -t warns about a variable read but not declared with env', () => {
    const t = nginx({ env: ENV });
    t.configure({ main: 'env ALLOW_ORIGINS_REGEX;', http: http(port) });
    const r = t.test(t.processEnv());
    const problems = [];
    if (r.status !== 0) problems.push(`nginx -t failed: ${r.output}`);
    if (!/\[warn\].*FRONTEND_ORIGINS.*env FRONTEND_ORIGINS;/.test(r.output)) {
      problems.push(`no warning for FRONTEND_ORIGINS: ${r.output}`);
    }
    if (/\[warn\].*read ALLOW_ORIGINS_REGEX/.test(r.output)) problems.push('warned about a declared variable');
    return problems;
  });
  await tally.check('nginx -t names a bad variable', () => {
    const t = nginx({ env: { ...ENV, CORS_MAX_AGE: 'abc' } });
    t.configure({ main: `${DECLARED}\nenv CORS_MAX_AGE;`, http: http(port) });
    const r = t.test(t.processEnv());
    return r.status !== 0 && r.output.includes('CORS_MAX_AGE') && r.output.includes('abc') ? []
      : [`status ${r.status}: ${r.output}`];
  });
  await tally.check('with nothing set, the dev defaults apply (and are reported)', async () => {
    const t = nginx({ env: {} });
    const p = await freePort();
    t.configure({ http: `server { listen 127.0.0.1:${p}; cors on; cors_env; location / { } }` });
    const r = t.test(t.processEnv({}));
    if (r.status !== 0) return [r.output];
    await t.start(p);
    const e = new Expect(await request(p, 'GET', '/', [['Origin', 'http://localhost:5173']]));
    e.one('access-control-allow-origin', 'http://localhost:5173');
    if (!/dev-defaults/.test(r.output)) e.fail(`nginx -t did not report the dev defaults: ${r.output}`);
    return e;
  });

  await envFile({ tally, nginx });
}

async function envFile({ tally, nginx }) {
  const port = await freePort();
  const n = nginx({ env: {} });
  const dotenv = n.file('app.env', '# shared with the application\nFRONTEND_ORIGINS=http://f1.test\n');
  n.configure({ http: `server { listen 127.0.0.1:${port};
    cors on; cors_env_file ${dotenv}; location / { } }` });
  const t = n.test();
  if (t.status !== 0 && /no dotenv parser yet/.test(t.output)) {
    tally.skip('cors_env_file re-read by nginx -s reload',
      'libcors has no cors_envtext_parse yet (the module refuses cors_env_file until it has)');
    return;
  }
  await n.start(port);
  const allows = async (o) => {
    const r = await request(port, 'GET', '/', [['Origin', o]]);
    return r.lines.some(([k, v]) => k === 'access-control-allow-origin' && v === o);
  };
  await tally.check('cors_env_file: the .env file\'s origins', async () =>
    ((await allows('http://f1.test')) ? [] : ['http://f1.test refused']));
  n.file('app.env', 'FRONTEND_ORIGINS="http://f2.test"\n');
  await tally.check('cors_env_file re-read by nginx -s reload', async () => {
    const r = n.reload();
    if (r.status !== 0) return [r.output];
    for (let i = 0; i < 100 && !(await allows('http://f2.test')); i++) await sleep(50);
    const problems = [];
    if (!(await allows('http://f2.test'))) problems.push('http://f2.test refused after the reload');
    if (await allows('http://f1.test')) problems.push('http://f1.test still allowed');
    return problems;
  });
}
