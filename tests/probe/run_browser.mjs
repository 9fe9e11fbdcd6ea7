#!/usr/bin/env node
// The probe against the truth: every fixture of fixtures.mjs is fetched by
// headless Chromium from a page at the fixture server's page origin, then
// probed by cors-check with the same method, headers and credentials mode.
// For every fixture the probe's verdict must be Chromium's (allowed =
// the page reads the response, blocked = fetch() rejects), and the probe
// must have sent what Chromium sent: the same requests in the same order,
// with the same Origin, Access-Control-Request-Method and
// Access-Control-Request-Headers. A difference fails, naming the fixture.
//
//   node tests/probe/run_browser.mjs --probe build/tools/cors-check
//
// Free ports only (no fixed page port); one browser session for all.
import { FIXTURES, probeArgs } from './fixtures.mjs';
import { startFixtureServer } from './fixture_server.mjs';
import { runProbe, parseJson, mapLimit, Tally } from './probe_exec.mjs';
import { withChromium, fetchAllInPage } from './browser.mjs';

const RUN_TIMEOUT_MS = 240000;

function parseArgs(argv) {
  if (argv.length !== 2 || argv[0] !== '--probe') {
    console.error('usage: node run_browser.mjs --probe PATH');
    process.exit(4);
  }
  return { probe: argv[1] };
}

// What one fixture's requests looked like on the wire, browser-agnostic.
function wire(server, name) {
  return server.requestsFor(`/f/${name}`).map((r) => [r.role, r.method, r.path,
    `origin=${r.headers.origin ?? '-'}`,
    `acrm=${r.headers['access-control-request-method'] ?? '-'}`,
    `acrh=${r.headers['access-control-request-headers'] ?? '-'}`].join(' '));
}

async function chromiumRun(server, console_) {
  const calls = FIXTURES.map((f) => ({
    url: `${server.api}/f/${f.name}`, method: f.fetch.method,
    headers: f.fetch.headers, credentials: f.fetch.credentials === true,
  }));
  return withChromium(async (context) => {
    const page = await context.newPage();
    page.on('console', (m) => console_.push(m.text()));
    await page.goto(`${server.pageOrigin}/`);
    const results = await page.evaluate(fetchAllInPage, calls);
    await page.close();
    return results;
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const guard = setTimeout(() => {
    console.error(`run_browser.mjs: gave up after ${RUN_TIMEOUT_MS} ms`);
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  guard.unref();
  const server = await startFixtureServer();
  const tally = new Tally('probe-vs-chromium');
  try {
    const consoleLines = [];
    const chromium = await chromiumRun(server, consoleLines);
    const chromiumWire = new Map(FIXTURES.map((f) => [f.name, wire(server, f.name)]));
    server.clearLog();
    const probes = await mapLimit(FIXTURES, 2, (f) => runProbe(args.probe,
      [...probeArgs(f, `${server.api}/f/${f.name}`, server.pageOrigin), '--json']));
    FIXTURES.forEach((f, i) => {
      const got = chromium[i];
      const report = parseJson(probes[i]);
      const problems = [];
      const chromiumVerdict = got.verdict === 'readable' ? 'allowed' : 'blocked';
      if (report === null) {
        problems.push(`probe printed no JSON (exit ${probes[i].code}): ${probes[i].stderr.trim()}`);
      } else if (report.verdict !== chromiumVerdict) {
        const said = consoleLines.filter((l) => l.includes(`/f/${f.name}'`)).join(' | ');
        problems.push(`probe says ${report.verdict} (${report.cause}), Chromium ${chromiumVerdict}` +
          `${got.error ? ` (${got.error})` : ''}${said ? `: ${said}` : ''}`);
      } else if (got.verdict === 'readable' && report.actual?.status !== got.status) {
        problems.push(`status: probe ${report.actual?.status}, Chromium ${got.status}`);
      }
      const probeWire = wire(server, f.name);
      const chromeWire = chromiumWire.get(f.name);
      if (JSON.stringify(probeWire) !== JSON.stringify(chromeWire)) {
        problems.push(`sent ${JSON.stringify(probeWire)}, Chromium sent ${JSON.stringify(chromeWire)}`);
      }
      tally.record(f.name, problems, `both ${chromiumVerdict}, ${chromeWire.length} request(s)`);
    });
  } finally {
    await server.stop();
  }
  console.log(tally.line());
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`run_browser.mjs: ${err.stack || err}`);
  process.exit(1);
});
