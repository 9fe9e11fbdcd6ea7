// `nginx -s reload` switches the allowed origin ten times while clients
// loop requests: no request fails, and after each reload the new policy
// is in force. Bounded in count and time.
import fs from 'node:fs';
import { Expect, freePort, request, sleep } from './harness.mjs';

const RELOADS = 10;
const CLIENTS = 4;
const MAX_REQUESTS = 20000;
const MAX_MS = 60000;
const POLICY_MS = 5000;

const origin = (i) => `http://o${i}.test`;

export async function reloadUnderLoad({ tally, nginx }) {
  const port = await freePort();
  const n = nginx();
  n.file('html/index.html', 'ok\n');
  const configure = (i) => n.configure({ http: `server { listen 127.0.0.1:${port};
    cors on; cors_origins ${origin(i)}; location / { } }` });
  configure(0);
  await n.start(port);

  const started = Date.now();
  let stop = false;
  let sent = 0;
  const failures = [];
  const client = async () => {
    while (!stop && sent < MAX_REQUESTS && Date.now() - started < MAX_MS) {
      sent++;
      try {
        const r = await request(port, 'GET', '/', [['Origin', origin(0)]]);
        if (r.status !== 200) failures.push(`status ${r.status}`);
      } catch (err) {
        failures.push(err.message);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);

  const allows = async (i) => {
    const r = await request(port, 'GET', '/', [['Origin', origin(i)]]);
    return r.lines.some(([k, v]) => k === 'access-control-allow-origin' && v === origin(i));
  };
  for (let i = 1; i <= RELOADS; i++) {
    configure(i);
    await tally.check(`reload ${i}: nginx -s reload succeeds`, () => {
      const r = n.reload();
      return r.status === 0 ? [] : [r.output];
    });
    await tally.check(`reload ${i}: ${origin(i)} allowed, ${origin(i - 1)} refused`, async () => {
      const deadline = Date.now() + POLICY_MS;
      while (!(await allows(i))) {
        if (Date.now() > deadline) return [`${origin(i)} still refused after ${POLICY_MS} ms`];
        await sleep(20);
      }
      await sleep(200); // old workers finish the requests they hold
      const problems = [];
      for (let k = 0; k < 5; k++) {
        if (!(await allows(i))) problems.push(`${origin(i)} refused again`);
        const e = new Expect(await request(port, 'GET', '/', [['Origin', origin(i - 1)]]));
        e.status(200).noCors();
        problems.push(...e.problems);
      }
      return problems;
    });
  }
  stop = true;
  await Promise.all(clients);
  await tally.check(`no failed request among ${sent} during ${RELOADS} reloads`, () =>
    (failures.length ? [`${failures.length} failed: ${[...new Set(failures)].slice(0, 5).join('; ')}`] : []));
  fs.rmSync(`${n.dir}/html`, { recursive: true, force: true });
}
