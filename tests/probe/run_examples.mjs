#!/usr/bin/env node
// The probe on real servers: one example server under each policy of the
// e2e harness (tests/e2e/lib/policy_model.mjs). Headless Chromium runs the
// server contract's 15 fetch() checks from each page origin of the harness
// (http://localhost:3000, http://localhost:5173, http://127.0.0.2:4000), and
// cors-check probe runs the same calls (method, headers, credentials mode)
// with --origin set to that page origin. Every probe verdict must equal
// what Chromium observed; a difference fails, naming policy, origin and
// check.
//
//   node tests/probe/run_examples.mjs --probe build/tools/cors-check \
//     --server build/examples/cors_example_microhttpd
//
// The page origins are fixed ports shared with tests/e2e: run one such
// test at a time (CTest runs them under RESOURCE_LOCK cors_e2e_pages, and
// this script waits a while for the ports); the example server listens on
// a free port and is stopped by its PID.
import fs from 'node:fs';
import path from 'node:path';
import { PAGE_ORIGINS, POLICIES } from '../e2e/lib/policy_model.mjs';
import { CHECKS, runChecksInPage } from '../e2e/lib/checks.mjs';
import {
  startPageServers, stopPageServers, startExampleServer, stopExampleServer,
} from '../e2e/lib/servers.mjs';
import { runProbe, parseJson, mapLimit, Tally } from './probe_exec.mjs';
import { withChromium } from './browser.mjs';

const RUN_TIMEOUT_MS = 280000;
let liveServer = null; // killed by PID if the run has to give up

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--probe' || argv[i] === '--server') args[argv[i].slice(2)] = argv[++i];
    else {
      console.error(`run_examples.mjs: unknown argument ${argv[i]}`);
      process.exit(4);
    }
  }
  if (!args.probe || !args.server || !fs.existsSync(args.server)) {
    console.error('usage: node run_examples.mjs --probe PATH --server PATH');
    process.exit(4);
  }
  return args;
}

function probeArgv(apiBase, origin, check) {
  const argv = ['probe', apiBase + check.path, '--origin', origin, '-X', check.method, '--json'];
  for (const [name, value] of Object.entries(check.headers ?? {})) argv.push('-H', `${name}: ${value}`);
  if (check.credentials) argv.push('--credentials');
  return argv;
}

async function runPolicy(context, args, name, tally) {
  const proc = await startExampleServer(args.server, POLICIES[name].env);
  liveServer = proc;
  const apiBase = `http://127.0.0.1:${proc.port}`;
  try {
    for (const origin of PAGE_ORIGINS) {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const browser = await page.evaluate(runChecksInPage, { apiBase, checks: CHECKS });
      await page.close();
      const probes = await mapLimit(CHECKS, 2, (check) => runProbe(args.probe, probeArgv(apiBase, origin, check)));
      CHECKS.forEach((check, i) => {
        const report = parseJson(probes[i]);
        const chromium = browser[check.name].verdict === 'readable' ? 'allowed' : 'blocked';
        const problems = [];
        if (report === null) {
          problems.push(`probe printed no JSON (exit ${probes[i].code}): ${probes[i].stderr.trim()}`);
        } else if (report.verdict !== chromium) {
          problems.push(`probe says ${report.verdict} (${report.cause}: ${report.why}), Chromium ${chromium}` +
            ` (${browser[check.name].error ?? `status ${browser[check.name].status}`})`);
        }
        tally.record(`${name} ${origin} ${check.name}`, problems,
          `${chromium}${report?.cause ? ` (${report.cause})` : ''}`);
      });
    }
  } finally {
    const exit = await stopExampleServer(proc);
    liveServer = null;
    if (exit.killed || exit.code !== 0) tally.record(`${name} server stops cleanly`, [`exit ${JSON.stringify(exit)}`]);
  }
}

// The page ports may still be held by another run that just finished (or
// by someone else's test on a shared machine): wait for them, bounded.
async function startPages() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPageServers(PAGE_ORIGINS);
    } catch (err) {
      if (attempt === 30 || !/EADDRINUSE/.test(err.message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const guard = setTimeout(() => {
    console.error(`run_examples.mjs: gave up after ${RUN_TIMEOUT_MS} ms`);
    if (liveServer && !liveServer.exit) process.kill(liveServer.pid, 'SIGKILL');
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  guard.unref();
  const tally = new Tally(`probe-vs-chromium ${path.basename(args.server)}`);
  const pages = await startPages();
  try {
    await withChromium(async (context) => {
      for (const name of Object.keys(POLICIES)) await runPolicy(context, args, name, tally);
    });
  } finally {
    await stopPageServers(pages);
  }
  console.log(tally.line());
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`run_examples.mjs: ${err.stack || err}`);
  if (liveServer && !liveServer.exit) process.kill(liveServer.pid, 'SIGKILL');
  process.exit(1);
});
