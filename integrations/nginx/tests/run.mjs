#!/usr/bin/env node
// ngx_http_cors_module against Debian's real nginx (CTest label nginx).
//
//   node run.mjs --group NAME --nginx /usr/sbin/nginx \
//     --module build/integrations/nginx/ngx_http_cors_module.so \
//     --upstream build/integrations/nginx/cors_nginx_upstream
//
// Groups: behaviour (what every kind of response gets, hostile requests),
// inheritance, env, config (nginx -t, bad reloads), reload (reloads under
// load). Each starts its own nginx in a temporary folder on free ports of
// 127.0.0.1 and stops it by its PID. Exit status 0 only when all passed.
import { Nginx, Upstream, Tally } from './harness.mjs';
import { behaviour } from './behaviour.mjs';
import { inheritance } from './inheritance.mjs';
import { environment } from './environment.mjs';
import { configErrors } from './config_errors.mjs';
import { reloadUnderLoad } from './reload.mjs';

const GROUPS = {
  behaviour, inheritance, env: environment, config: configErrors,
  reload: reloadUnderLoad,
};
const RUN_TIMEOUT_MS = 110000;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['group', 'nginx', 'module', 'upstream'].includes(key)) {
      throw new Error(`unknown argument ${argv[i]}`);
    }
    args[key] = argv[i + 1];
  }
  if (!GROUPS[args.group]) throw new Error(`--group: one of ${Object.keys(GROUPS).join(', ')}`);
  for (const k of ['nginx', 'module', 'upstream']) {
    if (!args[k]) throw new Error(`--${k} is required`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tally = new Tally(args.group);
  const live = []; // everything started, stopped by PID whatever happens
  const guard = setTimeout(() => {
    console.log(`FAIL ${args.group}: gave up after ${RUN_TIMEOUT_MS} ms`);
    for (const p of live) p.child?.kill('SIGKILL');
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  const env = {
    tally,
    async upstream() {
      const up = await Upstream.start(args.upstream);
      live.push(up);
      return up;
    },
    nginx(options = {}) {
      const n = new Nginx({ nginx: args.nginx, module: args.module, ...options });
      live.push(n);
      return n;
    },
  };
  try {
    await GROUPS[args.group](env);
  } catch (err) {
    tally.record('group ran to the end', [err.stack || err.message]);
  } finally {
    for (const p of live.reverse()) await p.stop();
    clearTimeout(guard);
  }
  console.log(tally.line());
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err.message);
  console.log(`nginx: 0 passed, 1 failed`);
  process.exit(4);
});
