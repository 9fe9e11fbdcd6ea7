// Headless Chromium for the probe tests: Debian's /usr/bin/chromium driven
// by playwright-core, installed once into tests/e2e/node_modules (npm ci
// there) and shared with the e2e harness. No browser is ever downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const E2E = path.join(HERE, '..', 'e2e');
const CHROMIUM = process.env.CORS_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export function loadPlaywright() {
  const marker = path.join(E2E, 'node_modules', 'playwright-core', 'package.json');
  if (!fs.existsSync(marker)) {
    console.log('probe: installing playwright-core (npm ci in tests/e2e)');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: E2E, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci failed in tests/e2e');
  }
  return createRequire(path.join(E2E, 'package.json'))('playwright-core');
}

// Runs fn(context) with a fresh headless Chromium profile, then closes it.
export async function withChromium(fn) {
  const playwright = loadPlaywright();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-probe-chromium-'));
  let context;
  try {
    context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
    });
    return await fn(context);
  } finally {
    if (context) await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// Runs inside the page: each fetch() in turn, "readable" with the status,
// or "blocked" with the error (a TypeError for a CORS failure).
export async function fetchAllInPage(calls) {
  const results = [];
  for (const c of calls) {
    const init = {
      method: c.method,
      headers: c.headers ?? {},
      cache: 'no-store',
      credentials: c.credentials ? 'include' : 'same-origin',
    };
    try {
      const r = await fetch(c.url, init);
      await r.arrayBuffer();
      results.push({ verdict: 'readable', status: r.status });
    } catch (e) {
      results.push({ verdict: 'blocked', error: `${e.name}: ${e.message}` });
    }
  }
  return results;
}
