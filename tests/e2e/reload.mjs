#!/usr/bin/env node
// Live reload end to end: an example server reads its CORS variables from
// a .env file (CORS_ENV_FILE); the file is rewritten and the server sent
// SIGHUP while clients loop on it. Passes when the new origin is allowed
// and the old one denied after the reload, with no restart and no failed
// request; when a bad file (a malformed line, then a bad value) is
// refused, logged with its line or variable, and the running policy keeps
// serving; when a reload that draws a warning logs it as the start does;
// when GET /metrics returns exactly the requests made before it;
// when, without CORS_ENV_FILE, a SIGHUP changes nothing; and at start-up,
// when a missing or bad file stops the server with a message naming the
// file and line (or the variable), and the process environment's CORS
// variables are ignored once CORS_ENV_FILE is set.
//
//   node tests/e2e/reload.mjs --server PATH
//
// No browser and no fixed port: the server listens on a free port of
// 127.0.0.1 and is stopped by its PID. Every loop is bounded.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { runExpectingExit, startExampleServer, stopExampleServer }
  from './lib/servers.mjs';
import { Tally } from './lib/tally.mjs';

const OLD = 'https://old.example';
const NEW = 'https://new.example';
const CLIENTS = 2;               // loops running at once
const MAX_REQUESTS = 20000;      // per client: a hard bound
const RUN_TIMEOUT_MS = 60000;
const WAIT_MS = 10000;           // for a log line, or for enough requests

let liveServer = null;

function get(agent, port, pathName, origin) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathName,
      agent, headers: { Origin: origin } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode,
        acao: res.headers['access-control-allow-origin'] ?? null, body }));
    });
    req.on('error', (err) => resolve({ error: err.message }));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

// Clients that alternate the two origins until told to stop. Each
// response is stamped with the epoch (the number of reloads seen in the
// log) at which its request was sent.
function startClients(port, state) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const loops = [];
  for (let c = 0; c < CLIENTS; c++) {
    loops.push((async () => {
      for (let i = 0; i < MAX_REQUESTS && !state.stop; i++) {
        const origin = (i + c) % 2 === 0 ? OLD : NEW;
        const epoch = state.epoch;
        const r = await get(agent, port, '/api/v1/items', origin);
        state.responses.push({ ...r, origin, epoch });
      }
    })());
  }
  return { done: Promise.all(loops).then(() => agent.destroy()) };
}

async function waitFor(what, predicate) {
  const deadline = Date.now() + WAIT_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function logHas(proc, pattern) {
  return pattern.test(proc.stderr);
}

// Responses of one epoch must all follow `policy` (the origin it allows).
function checkEpoch(state, epoch, allowed) {
  const problems = [];
  const rs = state.responses.filter((r) => r.epoch === epoch);
  if (rs.length < 20) problems.push(`only ${rs.length} requests in this phase`);
  for (const r of rs) {
    const want = r.origin === allowed ? r.origin : null;
    if (r.acao !== want) {
      problems.push(`${r.origin}: ACAO ${r.acao}, expected ${want}`);
      break;
    }
  }
  return { problems, detail: `${rs.length} requests` };
}

// Rewrites the file, sends SIGHUP and waits for the server to log the
// outcome. Requests sent in between (epoch k + 0.5) may meet either
// policy, so only the whole epochs on either side are checked.
async function nextPhase(state, proc, file, text, logPattern) {
  const before = (proc.stderr.match(logPattern) || []).length;
  state.epoch += 0.5;
  fs.writeFileSync(file, text);
  process.kill(proc.pid, 'SIGHUP');
  await waitFor(`${logPattern} in the log`, () =>
    (proc.stderr.match(logPattern) || []).length > before);
  state.epoch += 0.5;
  const start = state.responses.length;
  await waitFor('requests after the reload',
    () => state.responses.length - start >= 60);
}

async function reloadUnderLoad(server, tally) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-reload-'));
  const file = path.join(dir, 'cors.env');
  fs.writeFileSync(file, `# the first policy\nFRONTEND_ORIGINS=${OLD}\n`);
  const proc = await startExampleServer(server, { CORS_ENV_FILE: file });
  liveServer = proc;
  const state = { epoch: 0, stop: false, responses: [] };
  try {
    // stderr may arrive after the ready line on stdout.
    const named = await waitFor('the file named in the log',
      () => logHas(proc, /CORS variables from .*cors\.env/)).then(() => true, () => false);
    tally.record('server starts with CORS_ENV_FILE', named ? [] : ['no log line']);
    const clients = startClients(proc.port, state);
    await waitFor('requests before the reload', () => state.responses.length >= 60);

    // 1: a good file: the new origin in, the old one out.
    await nextPhase(state, proc, file,
      `export FRONTEND_ORIGINS="${NEW}"  # rotated\n`, /reloaded the CORS policy/g);
    // 2: a malformed line: refused, logged with its line, the policy stays.
    await nextPhase(state, proc, file,
      `FRONTEND_ORIGINS=${OLD}\nCORS_MAX_AGE='600\n`, /reload failed/g);
    // 3: a bad value: refused, logged with its variable, the policy stays.
    await nextPhase(state, proc, file,
      `FRONTEND_ORIGINS=${OLD}\nCORS_ALLOW_CREDENTIALS=maybe\n`, /reload failed/g);
    // 4: a good file that draws a warning: reloaded, the warning logged.
    await nextPhase(state, proc, file,
      `FRONTEND_ORIGINS=${NEW}, ${NEW}\n`, /reloaded the CORS policy/g);
    state.stop = true;
    await clients.done;

    let c = checkEpoch(state, 0, OLD);
    tally.record('before the reload: old origin allowed, new denied', c.problems, c.detail);
    c = checkEpoch(state, 1, NEW);
    tally.record('after SIGHUP: new origin allowed, old denied', c.problems, c.detail);
    c = checkEpoch(state, 2, NEW);
    tally.record('malformed .env line: running policy kept', c.problems, c.detail);
    tally.record('malformed .env line: logged with its line number',
      logHas(proc, /reload failed, keeping the running policy: .*cors\.env: line 2 \(CORS_MAX_AGE\): unterminated single quote/)
        ? [] : ['no such log line']);
    c = checkEpoch(state, 3, NEW);
    tally.record('bad value: running policy kept', c.problems, c.detail);
    tally.record('bad value: logged naming the variable',
      logHas(proc, /reload failed, keeping the running policy: CORS_ALLOW_CREDENTIALS 'maybe'/)
        ? [] : ['no such log line']);
    c = checkEpoch(state, 4, NEW);
    tally.record('reload with a warning: new policy in force', c.problems, c.detail);
    // Logged after the last refusal, so by the reload (the first file drew
    // no warning at start).
    const warning = proc.stderr.search(
      /: warning: duplicate \(FRONTEND_ORIGINS\): FRONTEND_ORIGINS entry 2 'https:\/\/new\.example' is listed more than once/);
    tally.record('reload with a warning: the warning is logged as at start',
      warning > proc.stderr.lastIndexOf('reload failed') ? []
        : ['no warning line after the last refused reload']);

    const failed = state.responses.filter((r) => r.error || r.status !== 200);
    tally.record('no failed request while reloading',
      failed.length === 0 ? [] : [`${failed.length} failed, first: ${JSON.stringify(failed[0])}`],
      `${state.responses.length} requests`);
    const listening = proc.stdout.filter((l) => /listening on/.test(l)).length;
    tally.record('no restart', proc.exit === null && listening === 1
      ? [] : [`exit ${JSON.stringify(proc.exit)}, ${listening} ready lines`], `pid ${proc.pid}`);

    await checkMetrics(proc.port, state, tally);
  } finally {
    state.stop = true;
    const exit = await stopExampleServer(proc);
    liveServer = null;
    tally.record('server stops cleanly on SIGTERM',
      exit.killed || exit.code !== 0 ? [`exit ${JSON.stringify(exit)}`] : []);
    if (tally.failed > 0) {
      console.log(`--- server log (pid ${proc.pid}) ---\n${proc.stderr}` +
        `${proc.stdout.slice(-20).join('\n')}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The counters of every request made before GET /metrics, exactly, and
// the CORS headers of any route.
async function checkMetrics(port, state, tally) {
  const agent = new http.Agent({ keepAlive: false });
  const r = await get(agent, port, '/metrics', NEW);
  const allowed = state.responses.filter((x) => x.acao !== null).length;
  const denied = state.responses.length - allowed;
  const line = (v, reason) =>
    `cors_requests_total{kind="actual",allowed="${v}",reason="${reason}"} `;
  const count = (prefix) => {
    const l = (r.body || '').split('\n').find((x) => x.startsWith(prefix));
    return l === undefined ? 0 : Number(l.slice(prefix.length));
  };
  const problems = [];
  if (r.status !== 200) problems.push(`status ${r.status}`);
  if (!(r.body || '').includes('# TYPE cors_requests_total counter')) problems.push('no TYPE line');
  if (count(line('true', 'none')) !== allowed) {
    problems.push(`allowed: ${count(line('true', 'none'))}, expected ${allowed}`);
  }
  if (count(line('false', 'origin_not_allowed')) !== denied) {
    problems.push(`denied: ${count(line('false', 'origin_not_allowed'))}, expected ${denied}`);
  }
  if (r.acao !== NEW) problems.push(`ACAO ${r.acao}`);
  tally.record('GET /metrics counts the requests made before it', problems,
    `${allowed} allowed, ${denied} denied`);
}

// Without CORS_ENV_FILE a SIGHUP is logged and changes nothing.
async function sighupWithoutFile(server, tally) {
  const proc = await startExampleServer(server, { FRONTEND_ORIGINS: OLD });
  liveServer = proc;
  try {
    process.kill(proc.pid, 'SIGHUP');
    await waitFor('the SIGHUP log line', () => logHas(proc, /nothing to reload/));
    const agent = new http.Agent({ keepAlive: false });
    const r = await get(agent, proc.port, '/api/v1/items', OLD);
    tally.record('SIGHUP without CORS_ENV_FILE: logged, policy unchanged',
      r.status === 200 && r.acao === OLD && proc.exit === null
        ? [] : [`${JSON.stringify(r)}, exit ${JSON.stringify(proc.exit)}`]);
  } finally {
    await stopExampleServer(proc);
    liveServer = null;
  }
}

// CORS_ENV_FILE at start-up: the file alone is the configuration. A file
// that cannot be read or holds a bad line or value stops the server
// (non-zero exit) with a message that names it; a good file wins over
// CORS variables left in the environment, even bad ones.
async function startupWithFile(server, tally) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-startup-'));
  const file = path.join(dir, 'cors.env');
  try {
    const refusals = [
      { name: 'missing file', text: null,
        mentions: /configuration error: cannot read .*cors\.env/ },
      { name: 'malformed line', text: `FRONTEND_ORIGINS=${OLD}\nCORS_MAX_AGE="600\n`,
        mentions: /configuration error: .*cors\.env: line 2 \(CORS_MAX_AGE\): unterminated double quote/ },
      { name: 'bad value', text: `FRONTEND_ORIGINS=${OLD}/\n`,
        mentions: /configuration error: FRONTEND_ORIGINS .*https:\/\/old\.example\// },
    ];
    for (const bad of refusals) {
      fs.rmSync(file, { force: true });
      if (bad.text !== null) fs.writeFileSync(file, bad.text);
      const r = await runExpectingExit(server, { CORS_ENV_FILE: file });
      const problems = [];
      if (r.running) problems.push('server started instead of refusing');
      else if (r.code === 0 || r.code === null) problems.push(`exit ${r.code} ${r.signal}`);
      if (!bad.mentions.test(r.stderr)) problems.push(`stderr: ${JSON.stringify(r.stderr)}`);
      tally.record(`CORS_ENV_FILE at start, ${bad.name}: refused and named`, problems,
        `exit ${r.code}`);
    }

    fs.writeFileSync(file, `FRONTEND_ORIGINS=${NEW}\n`);
    const proc = await startExampleServer(server, { CORS_ENV_FILE: file,
      FRONTEND_ORIGINS: OLD, CORS_MAX_AGE: 'not read' });
    liveServer = proc;
    try {
      const agent = new http.Agent({ keepAlive: false });
      const fromFile = await get(agent, proc.port, '/api/v1/items', NEW);
      const fromEnv = await get(agent, proc.port, '/api/v1/items', OLD);
      tally.record('CORS_ENV_FILE at start: the environment is ignored',
        fromFile.acao === NEW && fromEnv.acao === null ? []
          : [`file origin ACAO ${fromFile.acao}, environment origin ACAO ${fromEnv.acao}`]);
    } finally {
      await stopExampleServer(proc);
      liveServer = null;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] !== '--server' || !argv[1] || !fs.existsSync(argv[1])) {
    console.error('usage: node reload.mjs --server PATH');
    process.exit(4);
  }
  const guard = setTimeout(() => {
    console.error(`reload: gave up after ${RUN_TIMEOUT_MS} ms`);
    if (liveServer && !liveServer.exit) process.kill(liveServer.pid, 'SIGKILL');
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  guard.unref();
  const tally = new Tally('reload');
  try {
    await reloadUnderLoad(argv[1], tally);
    await sighupWithoutFile(argv[1], tally);
    await startupWithFile(argv[1], tally);
  } catch (err) {
    console.error(`reload: error: ${err.stack || err.message}`);
    tally.failed++;
  }
  console.log(tally.line());
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

main();
