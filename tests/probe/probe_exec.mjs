// Runs `cors-check probe` as a user does, asynchronously (the fixture
// server lives in the same Node process and must keep answering), with a
// clean environment: no proxy variables, so requests to 127.0.0.1 go
// straight to the fixture server.
import { execFile } from 'node:child_process';

export { Tally } from '../e2e/lib/tally.mjs';

// wrapper: a command line to run the probe under (valgrind...), or [].
export function runProbe(binary, args, { wrapper = [], timeoutMs = 60000 } = {}) {
  const [cmd, ...pre] = wrapper.length > 0 ? wrapper : [binary];
  const argv = wrapper.length > 0 ? [...pre, binary, ...args] : args;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' };
  for (const name of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return new Promise((resolve) => {
    execFile(cmd, argv, { env, timeout: timeoutMs, maxBuffer: 8 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, signal: err?.signal ?? null, stdout, stderr });
      });
  });
}

export function parseJson(result) {
  try {
    return JSON.parse(result.stdout);
  } catch {
    return null;
  }
}

// Runs async jobs with at most `limit` at a time, results in order.
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
