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
  await tally.check('nginx -t warns that "env NAME=value;" never reaches cors_env', () => {
    const t = nginx({ env: {} });
    t.configure({ main: 'env FRONTEND_ORIGINS=http://v.test;\nenv UNRELATED=1;', http: http(port) });
    const r = t.test(t.processEnv({}));
    const problems = [];
    if (r.status !== 0) problems.push(`nginx -t failed: ${r.output}`);
    if (!/\[warn\] "env FRONTEND_ORIGINS=http:\/\/v\.test;" sets FRONTEND_ORIGINS for nginx's workers only/.test(r.output)) {
      problems.push(`no warning about env FRONTEND_ORIGINS=...: ${r.output}`);
    }
    if (/UNRELATED/.test(r.output)) problems.push('warned about a variable cors_env never reads');
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

// Fails `nginx -t` with a .env file holding `text`; returns the problems
// when the output lacks any of `mentions`.
function refusesEnvFile(nginx, text, mentions, { absent = [], path } = {}) {
  const t = nginx({ env: {} });
  const file = path ?? t.file('bad.env', text);
  t.configure({ http: `server { listen 127.0.0.1:1; cors on;
    location / { cors_env_file ${file}; } }` });
  const r = t.test(t.processEnv({}));
  const problems = [];
  if (r.status === 0) problems.push('nginx -t passed');
  for (const m of [file, /in \S+nginx\.conf:\d+/, ...mentions]) {
    if (typeof m === 'string' ? !r.output.includes(m) : !m.test(r.output)) {
      problems.push(`output does not name ${m}: ${r.output.trim()}`);
    }
  }
  for (const m of absent) if (r.output.includes(m)) problems.push(`output shows ${m}: ${r.output.trim()}`);
  return problems;
}

async function envFile({ tally, nginx }) {
  const port = await freePort();
  const n = nginx({ env: {} });
  n.file('app.env', '# shared with the application\nFRONTEND_ORIGINS=http://f1.test\n' +
    'export ALLOW_ORIGINS_REGEX=\'^http://r[0-9]\\.f\\.test$\'\nAPI_TOKEN="not for nginx" # other variables are ignored\n');
  n.file('public.env', 'PUB_FRONTEND_ORIGINS=http://pub.test\nPUB_CORS_ALLOW_CREDENTIALS=false\n');
  n.configure({ http: `server { listen 127.0.0.1:${port};
    cors on; cors_log_denied on;
    cors_env_file app.env;
    location / { }
    location /public/ { cors_env_file ${n.dir}/public.env PUB_; } }` });
  await tally.check('cors_env_file: nginx -t accepts the file and warns about no env variable', () => {
    const t = n.test();
    return t.status === 0 && !/not declared/.test(t.output) ? [] : [`status ${t.status}: ${t.output}`];
  });
  await n.start(port);
  const acao = async (o, target = '/') => {
    const r = await request(port, 'GET', target, [['Origin', o]]);
    return r.lines.filter(([k]) => k === 'access-control-allow-origin').map(([, v]) => v).join(' | ');
  };
  const allows = async (o, target) => (await acao(o, target)) === o;
  await tally.check('cors_env_file (a path relative to nginx.conf): the .env file\'s origins', async () =>
    ((await allows('http://f1.test')) ? [] : ['http://f1.test refused']));
  await tally.check('... its ALLOW_ORIGINS_REGEX (export prefix, single quotes)', async () =>
    ((await allows('http://r4.f.test')) ? [] : ['http://r4.f.test refused']));
  await tally.check('... and the loader\'s defaults (credentials on)', async () => {
    const e = new Expect(await request(port, 'GET', '/', [['Origin', 'http://f1.test']]));
    return e.one('access-control-allow-credentials', 'true');
  });
  await tally.check('cors_env_file PATH PUB_: PUB_FRONTEND_ORIGINS, PUB_CORS_ALLOW_CREDENTIALS', async () => {
    const e = new Expect(await request(port, 'GET', '/public/', [['Origin', 'http://pub.test']]));
    e.one('access-control-allow-origin', 'http://pub.test').none('access-control-allow-credentials');
    if (await allows('http://f1.test', '/public/')) e.fail('http://f1.test allowed under PUB_');
    return e;
  });
  await tally.check('cors_log_denied names the variable and the file', async () => {
    await request(port, 'GET', '/denied-env', [['Origin', 'http://x.test']]);
    await sleep(200);
    const line = n.log().split('\n').find((l) => l.includes('/denied-env'));
    const want = `(here: FRONTEND_ORIGINS in ${n.dir}/app.env or ALLOW_ORIGINS_REGEX in ${n.dir}/app.env)`;
    return line && line.includes(want) ? [] : [`expected ${want} in ${line}`];
  });

  n.file('app.env', 'FRONTEND_ORIGINS="http://f2.test"\n');
  const reloaded = async (want, refused) => {
    for (let i = 0; i < 100 && !(await allows(want)); i++) await sleep(50);
    await sleep(300); // the old workers stop accepting once they see SIGQUIT
    const problems = [];
    if (!(await allows(want))) problems.push(`${want} refused after the reload`);
    for (const o of refused) if (await allows(o)) problems.push(`${o} still allowed`);
    return problems;
  };
  await tally.check('cors_env_file re-read by nginx -s reload', async () => {
    const r = n.reload();
    if (r.status !== 0) return [r.output];
    return reloaded('http://f2.test', ['http://f1.test', 'http://r4.f.test']);
  });

  // A bad file on reload: the master refuses the configuration and names
  // the file and the line; the old workers keep serving the old policy.
  n.file('app.env', 'FRONTEND_ORIGINS=http://f3.test\n\nCORS_MAX_AGE 600\n');
  const before = n.log().length;
  await tally.check('a malformed .env on reload: refused, naming the file and the line', async () => {
    const r = n.reload();
    if (r.status !== 0) return [`the signaller failed: ${r.output}`];
    let log = '';
    for (let i = 0; i < 100 && !/\[emerg\]/.test(log); i++) {
      await sleep(50);
      log = n.log().slice(before);
    }
    const m = /\[emerg\].*cors_env_file "([^"]+)": line 3.* in \S+nginx\.conf:\d+/.exec(log);
    return m && m[1] === `${n.dir}/app.env` ? [] : [`error log: ${log}`];
  });
  await tally.check('... and the old workers still serve the old policy', async () => {
    const problems = [];
    if (!(await allows('http://f2.test'))) problems.push('http://f2.test refused');
    if (await allows('http://f3.test')) problems.push('http://f3.test allowed');
    return problems;
  });
  n.file('app.env', 'FRONTEND_ORIGINS=http://f3.test\n');
  await tally.check('the file fixed, the next reload takes it', async () => {
    const r = n.reload();
    if (r.status !== 0) return [r.output];
    return reloaded('http://f3.test', ['http://f2.test']);
  });

  await tally.check('nginx -t: a missing .env file, named', () =>
    refusesEnvFile(nginx, '', [/No such file or directory/], { path: `${n.dir}/missing.env` }));
  await tally.check('nginx -t: a malformed line, named by its number and variable, value not shown', () =>
    refusesEnvFile(nginx, '# ok\nFRONTEND_ORIGINS=http://a.test\nAPI_SECRET="hunter2\n',
      ['line 3', 'API_SECRET'], { absent: ['hunter2'] }));
  await tally.check('nginx -t: ${...} expansion refused', () =>
    refusesEnvFile(nginx, 'FRONTEND_ORIGINS=${ORIGINS}\n', ['line 1', 'FRONTEND_ORIGINS']));
  await tally.check('nginx -t: a bad variable in the file, named', () =>
    refusesEnvFile(nginx, 'FRONTEND_ORIGINS=http://a.test\nCORS_MAX_AGE=abc\n', ['CORS_MAX_AGE', 'abc']));
  await tally.check('nginx -t: a bad origin in the file, named', () =>
    refusesEnvFile(nginx, 'FRONTEND_ORIGINS=http://a.test/path\n', ['FRONTEND_ORIGINS', 'http://a.test/path']));
}
