// Bad directive values fail `nginx -t` naming the directive and the
// entry; a reload with a bad configuration keeps the old workers serving
// the old policy.
import { Expect, freePort, request, sleep } from './harness.mjs';

const BAD = [
  { conf: 'cors_origins https://a.test/app;', mentions: ['cors_origins', 'https://a.test/app'] },
  { conf: 'cors_origins https://ok.test "https://a.test:99999";', mentions: ['cors_origins', 'https://a.test:99999'] },
  { conf: 'cors_origin_regex "^https://(unclosed$";', mentions: ['cors_origin_regex', '(unclosed'] },
  { conf: 'cors_origins *; cors_credentials on;', mentions: ['cors_origins', "'*'", 'credentials'] },
  { conf: 'cors_mode enforcing;', mentions: ['cors_mode', 'enforcing'] },
  { conf: 'cors_upstream_headers merge;', mentions: ['cors_upstream_headers', 'merge'] },
  { conf: 'cors_preflight_status 404;', mentions: ['cors_preflight_status', '404'] },
  { conf: 'cors_failure_status 99;', mentions: ['cors_failure_status', '99'] },
  { conf: 'cors_preflight_status abc;', mentions: ['cors_preflight_status', 'abc'] },
  { conf: 'cors_failure_status 99999999999;', mentions: ['cors_failure_status', '99999999999', '1000'] },
  { conf: 'cors_max_age -5;', mentions: ['cors_max_age', '-5'] },
  { conf: 'cors_methods GET TRACE;', mentions: ['cors_methods', 'TRACE'] },
  { conf: 'cors_allow_headers "X Bad";', mentions: ['cors_allow_headers', 'X Bad'] },
  { conf: 'cors_origins https://a.test; cors_expose_headers *; cors_credentials on;',
    mentions: ['cors_expose_headers', '*'] },
  { conf: 'cors_log_denied on loud;', mentions: ['cors_log_denied', 'loud'] },
];

export async function configErrors({ tally, nginx }) {
  const port = await freePort();
  for (const bad of BAD) {
    const n = nginx();
    n.configure({ http: `server { listen 127.0.0.1:${port}; cors on; location / { ${bad.conf} } }` });
    const r = n.test();
    const problems = [];
    if (r.status === 0) problems.push('nginx -t passed');
    for (const m of bad.mentions) {
      if (!r.output.includes(m)) problems.push(`output does not name ${m}: ${r.output.trim()}`);
    }
    if (!/in \S+nginx\.conf:\d+/.test(r.output)) problems.push(`no file:line in ${r.output.trim()}`);
    tally.record(`nginx -t refuses ${bad.conf}`, problems);
  }

  // A bad combination written at http level, where no block turns cors on
  // (yet), still fails: nothing lost silently when someone turns it on
  // later.
  const idle = nginx();
  idle.configure({ http: `cors_origins *; cors_credentials on;
  server { listen 127.0.0.1:${port}; location / { } }` });
  await tally.check('nginx -t refuses * with credentials at http level, cors on nowhere', () => {
    const r = idle.test();
    const problems = [];
    if (r.status === 0) problems.push('nginx -t passed');
    if (!/\[emerg\].*cors_origins.*'\*'.*credentials.* in \S+nginx\.conf:\d+/.test(r.output)) {
      problems.push(`no message naming cors_origins, '*' and the file: ${r.output.trim()}`);
    }
    return problems;
  });

  // Blocks that set no policy directive share their parent's compiled
  // policy: compiled once, so its lint warning is printed once.
  const shared = nginx();
  shared.configure({ http: `cors_origins http://plain.test; cors_credentials on;
  server { listen 127.0.0.1:${port}; cors on;
    location /a/ { } location /b/ { location /b/c/ { } } location /d/ { cors off; } }
  server { listen 127.0.0.1:${port + 1}; location / { cors on; } location /x/ { cors on; } }` });
  await tally.check('a policy shared by every block below is compiled once', () => {
    const r = shared.test();
    const warnings = r.output.split('\n').filter((l) => l.includes('(insecure-origin)'));
    return r.status === 0 && warnings.length === 1 ? []
      : [`status ${r.status}, ${warnings.length} insecure-origin warnings: ${r.output.trim()}`];
  });

  const good = nginx();
  good.configure({ http: `server { listen 127.0.0.1:${port};
    location / { cors on; cors_origins https://a.test; } }` });
  await tally.check('nginx -t accepts a good configuration', () => {
    const r = good.test();
    return r.status === 0 ? [] : [r.output];
  });

  // Reload with a bad configuration: the old workers keep serving.
  await good.start(port);
  const allowedA = async () => {
    const e = new Expect(await request(port, 'GET', '/', [['Origin', 'https://a.test']]));
    e.status(403).one('access-control-allow-origin', 'https://a.test');
    return e;
  };
  await tally.check('serving before the bad reload', allowedA);
  good.configure({ http: `server { listen 127.0.0.1:${port};
    location / { cors on; cors_origins https://a.test/oops; } }` });
  await tally.check('nginx -s reload with a bad origin fails and says why', () => {
    const r = good.reload();
    return r.status !== 0 && r.output.includes('https://a.test/oops') ? []
      : [`status ${r.status}: ${r.output}`];
  });
  // `*` with credentials is found only when the master compiles the
  // policy: send the master SIGHUP directly, as a service manager may.
  good.configure({ http: `server { listen 127.0.0.1:${port};
    location / { cors on; cors_origins *; cors_credentials on; } }` });
  const before = good.log().length;
  good.child.kill('SIGHUP');
  let log = '';
  for (let i = 0; i < 100 && !/emerg/.test(log); i++) {
    await sleep(50);
    log = good.log().slice(before);
  }
  await tally.check('the master refuses the bad configuration and names the entry', () =>
    (/\[emerg\].*cors_origins.*'\*'.*credentials/.test(log) ? [] : [`error log: ${log}`]));
  await tally.check('old workers still serve the old policy after both bad reloads', allowedA);
}
