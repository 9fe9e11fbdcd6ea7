// The servers of a run: blank pages on the three page origins, and the
// example server under test as a child process, stopped by its PID.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { CORS_ENV_VARS } from './policy_model.mjs';

const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8">' +
  '<title>libcors e2e</title></head><body>e2e page</body></html>';

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

// Serves the blank page on every origin's host and port; `localhost` is
// served on both loopback families since Chromium may pick either.
export async function startPageServers(origins) {
  const servers = [];
  const handler = (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store' });
    res.end(BLANK_PAGE);
  };
  try {
    for (const origin of origins) {
      const { hostname, port } = new URL(origin);
      const hosts = hostname === 'localhost' ? ['127.0.0.1', '::1'] : [hostname];
      for (const host of hosts) {
        const server = http.createServer(handler);
        try {
          servers.push(await listen(server, Number(port), host));
        } catch (err) {
          // No IPv6 loopback on this machine: IPv4 alone serves localhost.
          if (host === '::1' && ['EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes(err.code)) continue;
          throw new Error(`cannot serve ${origin} on ${host}: ${err.message}`);
        }
      }
    }
  } catch (err) {
    await stopPageServers(servers);
    throw err;
  }
  return servers;
}

export async function stopPageServers(servers) {
  await Promise.all(servers.map((s) => new Promise((resolve) => {
    s.closeAllConnections?.();
    s.close(() => resolve());
  })));
}

// The environment for the example server: ours, minus every CORS variable
// (the 1.1 ones and the .env file too) and PORT, plus the policy's.
export function serverEnv(policyEnv, port) {
  const env = { ...process.env };
  const more = ['CORS_REPORT_ONLY', 'CORS_STRICT_LINT', 'CORS_ENV_FILE', 'PORT'];
  for (const name of [...CORS_ENV_VARS, ...more]) delete env[name];
  return { ...env, ...policyEnv, PORT: String(port) };
}

// Starts the example server on 127.0.0.1 with PORT=0 (it picks a free port
// and prints it) and resolves once it prints its ready line.
export function startExampleServer(path, policyEnv, { timeoutMs = 10000 } = {}) {
  const child = spawn(path, [], { env: serverEnv(policyEnv, 0),
    stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, pid: child.pid, stdout: [], stderr: '', exit: null };
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { proc.stderr += d; });
  proc.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      proc.exit = { code, signal };
      resolve(proc.exit);
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server not ready after ${timeoutMs} ms:\n${proc.stderr}`));
    }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    proc.exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${e.code}, signal ${e.signal}) ` +
        `before it was ready:\n${proc.stderr}`));
    });
    child.stdout.on('data', (chunk) => {
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop();
      for (const line of lines) {
        proc.stdout.push(line);
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (m && proc.port === undefined) {
          proc.port = Number(m[1]);
          clearTimeout(timer);
          resolve(proc);
        }
      }
    });
  });
}

// Sends SIGTERM to the server's PID and waits for it to exit; SIGKILL if
// it does not within `timeoutMs`. Resolves with { code, signal, killed }.
export async function stopExampleServer(proc, { timeoutMs = 5000 } = {}) {
  if (proc.exit) return { ...proc.exit, killed: false };
  process.kill(proc.pid, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs, null));
  const exit = await Promise.race([proc.exited, timeout]);
  if (exit) return { ...exit, killed: false };
  process.kill(proc.pid, 'SIGKILL');
  return { ...(await proc.exited), killed: true };
}

// Runs the server expecting it to refuse to start: resolves with its exit
// status and stderr (or kills it and reports it as still running).
export async function runExpectingExit(path, policyEnv, { timeoutMs = 5000 } = {}) {
  const child = spawn(path, [], { env: serverEnv(policyEnv, 0),
    stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.resume();
  const exited = new Promise((resolve) => child.on('exit',
    (code, signal) => resolve({ code, signal })));
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs, null));
  const exit = await Promise.race([exited, timeout]);
  if (exit) return { ...exit, stderr, running: false };
  process.kill(child.pid, 'SIGKILL');
  await exited;
  return { code: null, signal: 'SIGKILL', stderr, running: true };
}
