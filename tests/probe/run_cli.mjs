#!/usr/bin/env node
// CLI tests of `cors-check probe` against the fixture server: for every
// fixture the verdict, the cause, the warnings and the exit status (JSON
// and human output), then what the probe sends (browser-exact preflight,
// cookies, redirects), network errors, TLS, --no-follow and same-origin.
//
//   node tests/probe/run_cli.mjs --probe build/tools/cors-check
//        [--valgrind /usr/bin/valgrind]   fixtures only, JSON only, under memcheck
//
// Everything listens on free ports of 127.0.0.1; the server stops with the
// run. Exit status 0 only when every check passed.
import http from 'node:http';
import { FIXTURES, probeArgs } from './fixtures.mjs';
import { startFixtureServer, testTls } from './fixture_server.mjs';
import { runProbe, parseJson, mapLimit, Tally } from './probe_exec.mjs';

const RUN_TIMEOUT_MS = 240000;

function parseArgs(argv) {
  const args = { probe: null, valgrind: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--probe') args.probe = argv[++i];
    else if (argv[i] === '--valgrind') args.valgrind = argv[++i];
    else {
      console.error(`run_cli.mjs: unknown argument ${argv[i]}`);
      process.exit(4);
    }
  }
  if (!args.probe) {
    console.error('usage: node run_cli.mjs --probe PATH [--valgrind PATH]');
    process.exit(4);
  }
  return args;
}

const EXIT = { allowed: 0, blocked: 1, redirect: 6 };

function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

// The JSON report against the fixture's expectation.
function checkJson(fixture, result, report) {
  const want = fixture.expect;
  const problems = [];
  if (report === null) return [`no JSON on stdout (exit ${result.code}): ${result.stderr.trim()}`];
  const exit = want.exit ?? EXIT[want.verdict];
  if (result.code !== exit) problems.push(`exit ${result.code}, expected ${exit}`);
  if (report.verdict !== want.verdict) problems.push(`verdict ${report.verdict}, expected ${want.verdict}`);
  if (report.allowed !== (want.verdict === 'allowed')) problems.push(`allowed ${report.allowed}`);
  const cause = want.cause ?? null;
  if (report.cause !== cause) problems.push(`cause ${report.cause}, expected ${cause}`);
  if (cause !== null && !(typeof report.fix === 'string' && report.fix.length > 0)) problems.push('no fix');
  if (cause === null && report.fix !== null) problems.push(`a fix on an allowed request: ${report.fix}`);
  const warnings = want.warnings ?? [];
  if (!sameSet(report.warnings, warnings)) {
    problems.push(`warnings ${JSON.stringify(report.warnings)}, expected ${JSON.stringify(warnings)}`);
  }
  if (want.preflight === false && report.preflight !== null) problems.push('a preflight was sent');
  if (want.stderr ? !want.stderr.test(result.stderr) : result.stderr !== '') {
    problems.push(`stderr: ${result.stderr.trim()}`);
  }
  return problems;
}

// The human report says the same.
function checkHuman(fixture, result) {
  const want = fixture.expect;
  const problems = [];
  if (result.code !== (want.exit ?? EXIT[want.verdict])) problems.push(`human: exit ${result.code}`);
  const out = result.stdout;
  if (!out.includes(`\nverdict:   ${want.verdict}\n`)) problems.push('human: no verdict line');
  if (want.cause && !out.includes(`\ncause:     ${want.cause}: `)) problems.push('human: no cause line');
  if (want.cause && !out.includes('\nfix:       ')) problems.push('human: no fix line');
  for (const w of want.warnings ?? []) {
    if (!out.includes(`\nwarning:   ${w}: `)) problems.push(`human: no ${w} warning`);
  }
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(out)) problems.push('human: control bytes in the output');
  return problems;
}

// Under memcheck every run costs seconds (OpenSSL's start-up): a subset
// that goes through every path of the probe (preflight, redirects, a
// cross-origin hop, each kind of failure and warning).
const VALGRIND_SUBSET = ['preflight-401', 'preflight-redirect', 'two-acao',
  'header-not-covered', 'redirect-middle-no-acao', 'cross-origin-hop',
  'star-methods-headers', 'authorization-star', 'max-age-86400'];

async function runFixtures(args, server, tally) {
  const fixtures = args.valgrind
    ? FIXTURES.filter((f) => VALGRIND_SUBSET.includes(f.name)) : FIXTURES;
  const wrapper = args.valgrind
    ? [args.valgrind, '--quiet', '--error-exitcode=99', '--leak-check=full',
      '--errors-for-leak-kinds=definite,possible', '--show-leak-kinds=definite,possible']
    : [];
  await mapLimit(fixtures, 2, async (fixture) => {
    const argv = probeArgs(fixture, `${server.api}/f/${fixture.name}`, server.pageOrigin);
    const json = await runProbe(args.probe, [...argv, '--json'], { wrapper });
    let problems = json.code === 99 ? [`valgrind: ${json.stderr.trim()}`] : checkJson(fixture, json, parseJson(json));
    if (!args.valgrind) problems = problems.concat(checkHuman(fixture, await runProbe(args.probe, argv)));
    const want = fixture.expect;
    tally.record(fixture.name, problems, `${want.verdict}${want.cause ? ` (${want.cause})` : ''}` +
      `${want.warnings ? ` warnings ${want.warnings.join(',')}` : ''}`);
  });
}

// ---- what the probe sends ------------------------------------------------

function header(record, name) {
  return record.headers[name.toLowerCase()];
}

async function checkPreflightExact(args, server, tally) {
  const fixture = FIXTURES.find((f) => f.name === 'preflight-listed');
  server.clearLog();
  const argv = [...probeArgs(fixture, `${server.api}/f/preflight-listed`, server.pageOrigin),
    '--cookie', 'sid=s3cret', '-H', 'Accept-Language: fr'];
  const r = await runProbe(args.probe, argv);
  const [pre, actual, ...rest] = server.requestsFor('/f/preflight-listed');
  const problems = [];
  if (r.code !== 0) problems.push(`exit ${r.code}: ${r.stdout}${r.stderr}`);
  if (!pre || !actual || rest.length > 0) {
    tally.record('sends a browser-exact preflight', ['expected OPTIONS then PUT']);
    return;
  }
  const want = {
    method: 'OPTIONS', origin: server.pageOrigin,
    'access-control-request-method': 'PUT',
    // Accept-Language is safelisted; the rest lower-cased, sorted, ","
    'access-control-request-headers': 'content-type,x-request-id',
    accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty',
    'sec-fetch-site': 'same-site',
  };
  for (const [name, value] of Object.entries(want)) {
    const got = name === 'method' ? pre.method : header(pre, name);
    if (got !== value) problems.push(`preflight ${name}: ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  }
  for (const name of ['cookie', 'authorization', 'x-request-id', 'content-type']) {
    if (header(pre, name) !== undefined) problems.push(`the preflight carries ${name}`);
  }
  if (actual.method !== 'PUT') problems.push(`actual method ${actual.method}`);
  const actualWant = { origin: server.pageOrigin, cookie: 'sid=s3cret', 'x-request-id': 'r1',
    'content-type': 'application/json', 'accept-language': 'fr', 'content-length': '0' };
  for (const [name, value] of Object.entries(actualWant)) {
    if (header(actual, name) !== value) problems.push(`actual ${name}: ${JSON.stringify(header(actual, name))}`);
  }
  tally.record('sends a browser-exact preflight, cookies only on the request', problems);
}

async function checkAuthorizationDropped(args, server, tally) {
  server.clearLog();
  const r = await runProbe(args.probe, ['probe', `${server.api}/auth-drop`, '--origin',
    server.pageOrigin, '-H', 'Authorization: Bearer t0ken', '--json']);
  const log = server.requestsFor('/auth-drop');
  const sequence = log.map((x) => `${x.role} ${x.method} ${x.headers.origin} ${x.headers.authorization ?? '-'}`);
  const want = [
    `api OPTIONS ${server.pageOrigin} -`,
    `api GET ${server.pageOrigin} Bearer t0ken`,
    // A hop to yet another origin: Authorization dropped (so no preflight
    // is needed any more), the Origin tainted to null.
    'other GET null -',
  ];
  const problems = [];
  if (r.code !== 0) problems.push(`exit ${r.code}: ${r.stdout}`);
  if (JSON.stringify(sequence) !== JSON.stringify(want)) problems.push(`sent ${JSON.stringify(sequence)}`);
  tally.record('drops Authorization and taints the Origin across origins', problems);
}

async function checkSeeOther(args, server, tally) {
  server.clearLog();
  const r = await runProbe(args.probe, ['probe', `${server.api}/same-origin-303`, '--origin',
    server.pageOrigin, '-X', 'put', '-H', 'Content-Type: application/json', '--json']);
  const sequence = server.requestsFor('/same-origin-303').map((x) => `${x.method} ${x.path} ${x.headers['content-type'] ?? '-'}`);
  const want = ['OPTIONS /same-origin-303 -', 'PUT /same-origin-303 application/json', 'GET /same-origin-303/next -'];
  const problems = [];
  if (r.code !== 0) problems.push(`exit ${r.code}: ${r.stdout}`);
  if (JSON.stringify(sequence) !== JSON.stringify(want)) problems.push(`sent ${JSON.stringify(sequence)}`);
  tally.record('normalizes put to PUT, and a 303 continues with GET without the body headers', problems);
}

// ---- flags and failures ----------------------------------------------------

async function expectRun(args, tally, name, argv, want) {
  const r = await runProbe(args.probe, argv);
  const problems = [];
  if (r.code !== want.code) problems.push(`exit ${r.code}, expected ${want.code}`);
  if (want.stdout && !want.stdout.test(r.stdout)) problems.push(`stdout does not match ${want.stdout}: ${r.stdout}`);
  if (want.stderr && !want.stderr.test(r.stderr)) problems.push(`stderr does not match ${want.stderr}: ${r.stderr}`);
  if (want.oneLineStderr && r.stderr.split('\n').filter((l) => l !== '').length !== 1) {
    problems.push(`stderr is not one line: ${JSON.stringify(r.stderr)}`);
  }
  if (want.json) {
    const report = parseJson(r);
    const p = report === null ? ['no JSON'] : want.json(report);
    problems.push(...p);
  }
  tally.record(name, problems);
}

async function closedPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function checkFlagsAndFailures(args, server, tally) {
  const o = ['--origin', server.pageOrigin];
  await expectRun(args, tally, '--no-follow stops at the first redirect (exit 6)',
    ['probe', `${server.api}/f/redirect-pass`, ...o, '--no-follow'],
    { code: 6, stdout: /\nverdict:   redirect\nlocation:  http:\/\/127\.0\.0\.1:\d+\/f\/redirect-pass\/2 \(not followed/ });
  await expectRun(args, tally, '--no-follow in JSON',
    ['probe', `${server.api}/f/redirect-pass`, ...o, '--no-follow', '--json'],
    { code: 6, json: (j) => (j.verdict === 'redirect' && j.allowed === false && j.redirects.length === 1 && j.actual === null
      ? [] : [`got ${JSON.stringify(j)}`]) });
  await expectRun(args, tally, 'more than 20 redirects is blocked',
    ['probe', `${server.api}/loop/0`, ...o, '--json'],
    { code: 1, json: (j) => (j.cause === 'redirect-blocked' && j.redirects.length === 21 && /more than 20/.test(j.why)
      ? [] : [`cause ${j.cause}, ${j.redirects.length} redirects, why ${j.why}`]) });
  server.clearLog();
  await expectRun(args, tally, 'the URL\'s own origin is no CORS request (nothing sent)',
    ['probe', `${server.pageOrigin}/`, ...o, '--json'],
    { code: 0, json: (j) => (j.same_origin === true && j.verdict === 'allowed' && server.log.length === 0
      ? [] : [`got ${JSON.stringify(j)}, ${server.log.length} requests`]) });
  await expectRun(args, tally, 'connection refused: exit 5, one line',
    ['probe', `http://127.0.0.1:${await closedPort()}/x`, ...o],
    { code: 5, stderr: /^cors-check probe: network error: GET http:\/\/127\.0\.0\.1:\d+\/x: connection refused/, oneLineStderr: true });
  await expectRun(args, tally, 'connection refused in JSON: cause network-error',
    ['probe', `http://127.0.0.1:${await closedPort()}/x`, ...o, '--json'],
    { code: 5, json: (j) => (j.verdict === 'blocked' && j.cause === 'network-error' ? [] : [`got ${JSON.stringify(j)}`]) });
  await expectRun(args, tally, 'a timeout: exit 5',
    ['probe', `${server.api}/hang`, ...o, '--timeout', '0.5'],
    { code: 5, stderr: /network error: GET .*\/hang: timed out after 500 ms/, oneLineStderr: true });
  await expectRun(args, tally, 'DNS failure: exit 5',
    ['probe', 'http://no-such-host.invalid/', ...o, '--timeout', '5'],
    { code: 5, stderr: /network error: .*DNS/, oneLineStderr: true });
  await expectRun(args, tally, 'TLS to a plain HTTP port: exit 5',
    ['probe', `https://127.0.0.1:${server.ports.api}/f/star`, ...o, '--timeout', '5'],
    { code: 5, stderr: /network error: .*TLS/, oneLineStderr: true });
  await expectRun(args, tally, 'an untrusted certificate: exit 5',
    ['probe', `${server.secure}/f/star`, ...o],
    { code: 5, stderr: /network error: .*TLS.*--insecure/, oneLineStderr: true });
  await expectRun(args, tally, '--insecure accepts a self-signed certificate',
    ['probe', `${server.secure}/f/star`, ...o, '--insecure', '--json'],
    { code: 0, json: (j) => (j.verdict === 'allowed' ? [] : [`got ${JSON.stringify(j)}`]) });
  await expectRun(args, tally, 'a Location that cannot be followed is quoted with its bytes escaped',
    ['probe', `${server.api}/unfollowable`, ...o],
    { code: 1, stdout: /\ncause:     redirect-blocked: Location 'http:\/\/\[\\x1b\[31m\/' cannot be followed/ });
  await expectRun(args, tally, 'a preflight-401 says what to fix',
    ['probe', `${server.api}/f/preflight-401`, ...o, '-H', 'Authorization: Bearer x', '--credentials'],
    { code: 1, stdout: /\nfix:       let the CORS layer answer OPTIONS preflights before authentication runs/ });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const guard = setTimeout(() => {
    console.error(`run_cli.mjs: gave up after ${RUN_TIMEOUT_MS} ms`);
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  guard.unref();
  const server = await startFixtureServer({ tls: testTls() });
  const tally = new Tally(args.valgrind ? 'probe-valgrind' : 'probe');
  try {
    await runFixtures(args, server, tally);
    if (!args.valgrind) {
      await checkPreflightExact(args, server, tally);
      await checkAuthorizationDropped(args, server, tally);
      await checkSeeOther(args, server, tally);
      await checkFlagsAndFailures(args, server, tally);
    }
  } finally {
    await server.stop();
  }
  console.log(tally.line());
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`run_cli.mjs: ${err.stack || err}`);
  process.exit(1);
});
