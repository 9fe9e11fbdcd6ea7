#!/usr/bin/env node
// Browser end-to-end test of one example server under one policy.
//
//   node tests/e2e/run.mjs --server PATH --policy NAME
//   node tests/e2e/run.mjs --server PATH --config-errors
//
// Serves blank pages on http://localhost:3000, http://localhost:5173 and
// http://127.0.0.2:4000, starts the example server on 127.0.0.1 (a free
// port) with the policy's environment, runs the contract's 15 fetch()
// checks from each page in headless Chromium and compares each verdict
// with the one computed from the policy; then the HTTP-level checks. Every
// server is stopped by its PID. Exit status 0 only when everything passed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { PAGE_ORIGINS, POLICIES, modelFromEnv } from './lib/policy_model.mjs';
import { CHECKS, expectedOutcome, runChecksInPage, compareOutcome } from './lib/checks.mjs';
import { runHttpChecks } from './lib/http_checks.mjs';
import { Tally } from './lib/tally.mjs';
import {
  startPageServers, stopPageServers, startExampleServer, stopExampleServer,
  runExpectingExit,
} from './lib/servers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CORS_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const RUN_TIMEOUT_MS = 150000;
let liveServer = null; // killed by PID if the run has to give up

function usage(msg) {
  if (msg) console.error(`run.mjs: ${msg}`);
  console.error('usage: node run.mjs --server PATH (--policy NAME | --config-errors)\n' +
    `policies: ${Object.keys(POLICIES).join(', ')}`);
  process.exit(4);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--server' || a === '--policy') args[a.slice(2)] = argv[++i];
    else if (a === '--config-errors') args.configErrors = true;
    else usage(`unknown argument ${a}`);
  }
  if (!args.server) usage('--server is required');
  if (!fs.existsSync(args.server)) usage(`no server at ${args.server}`);
  if (!args.configErrors && !POLICIES[args.policy]) usage(`unknown policy ${args.policy}`);
  return args;
}

// playwright-core comes from the npm registry (package-lock.json); it
// never downloads a browser: Debian's chromium is launched by path.
function loadPlaywright() {
  const marker = path.join(HERE, 'node_modules', 'playwright-core', 'package.json');
  if (!fs.existsSync(marker)) {
    console.log('e2e: installing playwright-core (npm ci)');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: HERE, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci failed in tests/e2e');
  }
  return createRequire(path.join(HERE, 'package.json'))('playwright-core');
}

function describe(outcome) {
  if (outcome.verdict === 'blocked') return 'blocked';
  return `readable ${outcome.status}`;
}

async function runBrowserChecks(playwright, model, policy, apiBase, tally) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-e2e-chromium-'));
  let context;
  try {
    context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
    });
    for (const origin of PAGE_ORIGINS) {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const got = await page.evaluate(runChecksInPage, { apiBase, checks: CHECKS });
      await page.close();
      for (const check of CHECKS) {
        const expected = expectedOutcome(model, origin, check);
        const problems = compareOutcome(expected, got[check.name]);
        if (policy.expectAllBlocked && expected.verdict !== 'blocked') {
          problems.push('the wrong policy must block every check (model error)');
        }
        tally.record(`${origin} ${check.name}`, problems, describe(expected));
      }
    }
  } finally {
    if (context) await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// The log line of a refused preflight names the verdict and the reason.
async function checkLogLine(proc, model, tally) {
  const reason = model.origins.includes('http://localhost:3000') || model.anyOrigin
    ? 'header_not_allowed' : 'origin_not_allowed';
  const pattern = new RegExp(
    `OPTIONS /api/v1/items/42 403 cors=preflight verdict=denied reason=${reason}` +
    '.* origin=http://localhost:3000');
  for (let i = 0; i < 20 && !proc.stdout.some((l) => pattern.test(l)); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const found = proc.stdout.some((l) => pattern.test(l));
  tally.record('log line of a denied preflight names the reason',
    found ? [] : [`no log line matching ${pattern}`]);
}

async function runPolicy(args) {
  const policy = POLICIES[args.policy];
  const model = modelFromEnv(policy.env);
  const label = `${path.basename(args.server)} / ${args.policy}`;
  console.log(`e2e: ${label}: ${JSON.stringify(policy.env)}`);
  const playwright = loadPlaywright();
  const browser = new Tally('browser');
  const httpTally = new Tally('http');
  const pages = await startPageServers(PAGE_ORIGINS);
  let proc;
  try {
    proc = await startExampleServer(args.server, policy.env);
    liveServer = proc;
    httpTally.record('server starts and prints its port', [], `127.0.0.1:${proc.port}`);
    const apiBase = `http://127.0.0.1:${proc.port}`;
    await runBrowserChecks(playwright, model, policy, apiBase, browser);
    for (const r of await runHttpChecks(model, proc.port)) {
      httpTally.record(r.name, r.problems);
    }
    await checkLogLine(proc, model, httpTally);
  } finally {
    if (proc) {
      const exit = await stopExampleServer(proc);
      liveServer = null;
      const problems = exit.killed || exit.code !== 0
        ? [`exit ${JSON.stringify(exit)}`] : [];
      httpTally.record('server stops cleanly on SIGTERM', problems);
      if (browser.failed + httpTally.failed > 0) {
        console.log(`--- server log (pid ${proc.pid}) ---\n${proc.stderr}${proc.stdout.join('\n')}`);
      }
    }
    await stopPageServers(pages);
  }
  console.log(browser.line());
  console.log(httpTally.line());
  return [browser, httpTally];
}

// Configuration errors stop the server at start-up, non-zero, with the
// loader's message naming the variable.
const BAD_CONFIGS = [
  { env: { CORS_MAX_AGE: 'abc' }, mentions: 'CORS_MAX_AGE' },
  { env: { FRONTEND_ORIGINS: 'http://localhost:3000/' }, mentions: 'FRONTEND_ORIGINS' },
  { env: { ALLOW_ORIGINS_REGEX: '(unclosed' }, mentions: 'ALLOW_ORIGINS_REGEX' },
  { env: { FRONTEND_ORIGINS: '*' }, mentions: 'credentials' },
  { env: { CORS_ALLOW_CREDENTIALS: 'maybe' }, mentions: 'CORS_ALLOW_CREDENTIALS' },
];

async function runConfigErrors(args) {
  const tally = new Tally('config');
  for (const bad of BAD_CONFIGS) {
    const r = await runExpectingExit(args.server, bad.env);
    const problems = [];
    if (r.running) problems.push('server started instead of refusing');
    else if (r.code === 0 || r.code === null) problems.push(`exit ${r.code} ${r.signal}`);
    if (!r.stderr.toLowerCase().includes(bad.mentions.toLowerCase())) {
      problems.push(`stderr does not mention ${bad.mentions}: ${JSON.stringify(r.stderr)}`);
    }
    tally.record(JSON.stringify(bad.env), problems,
      `exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  }
  console.log(tally.line());
  return [tally];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const guard = setTimeout(() => {
    console.error(`e2e: gave up after ${RUN_TIMEOUT_MS} ms`);
    if (liveServer && !liveServer.exit) process.kill(liveServer.pid, 'SIGKILL');
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  guard.unref();
  let tallies;
  try {
    tallies = args.configErrors ? await runConfigErrors(args) : await runPolicy(args);
  } catch (err) {
    console.error(`e2e: error: ${err.stack || err.message}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();
