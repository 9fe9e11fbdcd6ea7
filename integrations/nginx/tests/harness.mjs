// The nginx test harness: Debian's real nginx with the built module, in a
// temporary folder of its own (prefix, configuration, pid, logs), on
// 127.0.0.1 free ports, stopped by its PID; the upstream; raw HTTP/1.1
// requests whose header lines are exactly what the test wrote.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const READY_MS = 10000;
const STOP_MS = 5000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A port nothing listens on right now.
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

// Stops a child by its PID: SIGTERM, then SIGKILL after STOP_MS.
async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited, sleep(STOP_MS).then(() => null)]);
  if (done === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

export class Upstream {
  static async start(binary) {
    const child = spawn(binary, [], { env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'] });
    const up = new Upstream();
    up.child = child;
    up.exited = new Promise((resolve) => child.on('exit', resolve));
    up.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('upstream not ready')), READY_MS);
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      child.on('exit', () => { clearTimeout(timer); reject(new Error('upstream exited')); });
    });
    return up;
  }

  async stop() { await stopChild(this.child, this.exited); }
}

// One nginx: its own folder, configuration and master process.
export class Nginx {
  constructor({ nginx, module, env = {} }) {
    this.bin = nginx;
    this.module = module;
    this.env = env;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-nginx-test-'));
    this.confPath = path.join(this.dir, 'nginx.conf');
    fs.mkdirSync(path.join(this.dir, 'html'));
  }

  // The environment nginx runs in: ours without any CORS variable, plus
  // the instance's.
  processEnv(extra = this.env) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/ORIGINS|^CORS_|^PUB_/.test(k)) env[k] = v;
    }
    return { ...env, ...extra };
  }

  file(rel, text) {
    const p = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  }

  // Writes nginx.conf: `main` goes in the main context, `http` in http{}.
  configure({ main = '', http = '' }) {
    const d = this.dir;
    const user = process.getuid && process.getuid() === 0 ? 'user root;\n' : '';
    fs.writeFileSync(this.confPath, `daemon off;
master_process on;
worker_processes 2;
pid ${d}/nginx.pid;
error_log ${d}/error.log info;
${user}load_module ${this.module};
${main}
events { worker_connections 256; }
http {
  client_body_temp_path ${d}/body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;
  access_log off;
  root ${d}/html;
${http}
}
`);
  }

  run(args, env = this.processEnv()) {
    const r = spawnSync(this.bin, ['-p', `${this.dir}/`, '-c', this.confPath, ...args],
      { env, encoding: 'utf8', timeout: 30000 });
    return { status: r.status, output: `${r.stdout || ''}${r.stderr || ''}` };
  }

  test(env) { return this.run(['-t'], env); }

  // `nginx -s reload`: the signaller reads the master's PID from the file.
  reload(env) { return this.run(['-s', 'reload'], env); }

  async start(port) {
    const child = spawn(this.bin, ['-p', `${this.dir}/`, '-c', this.confPath],
      { env: this.processEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
    for (let waited = 0; waited < READY_MS; waited += 25) {
      if (child.exitCode !== null) {
        throw new Error(`nginx exited ${child.exitCode}: ${this.stderr}${this.log()}`);
      }
      if (await accepts(port)) return this;
      await sleep(25);
    }
    throw new Error('nginx not ready');
  }

  log(name = 'error.log') {
    try { return fs.readFileSync(path.join(this.dir, name), 'utf8'); } catch { return ''; }
  }

  async stop() {
    if (this.child) await stopChild(this.child, this.exited);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// One request on a fresh connection, written byte for byte: `headers` is
// a list of [name, value] lines (repeats allowed; Buffers for raw bytes).
// Resolves with { status, lines: [[lowercased name, value]], body }.
export function request(port, method, target, headers = [], { body = '' } = {}) {
  return new Promise((resolve, reject) => {
    const parts = [Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n`)];
    for (const [name, value] of headers) {
      parts.push(Buffer.from(`${name}: `), Buffer.isBuffer(value) ? value : Buffer.from(String(value)),
        Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('\r\n'), Buffer.from(body));
    const chunks = [];
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    s.on('connect', () => s.write(Buffer.concat(parts)));
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) { reject(new Error(`no response head: ${JSON.stringify(text)}`)); return; }
      const [statusLine, ...rest] = text.slice(0, end).split('\r\n');
      const lines = rest.map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
      });
      resolve({ status: Number(statusLine.split(' ')[1]), lines, body: text.slice(end + 4) });
    });
  });
}

// Expectations on one response; each failed one is a problem.
export class Expect {
  constructor(res) { this.res = res; this.problems = []; }
  fail(msg) { this.problems.push(msg); }
  all(name) { return this.res.lines.filter(([n]) => n === name).map(([, v]) => v); }
  status(want) {
    if (this.res.status !== want) this.fail(`status ${this.res.status}, expected ${want}`);
    return this;
  }
  one(name, want) {
    const v = this.all(name);
    if (v.length !== 1) this.fail(`${v.length} ${name} lines (${v.join(' | ')}), expected 1`);
    else if (want !== undefined && v[0] !== want) this.fail(`${name}: ${JSON.stringify(v[0])}, expected ${JSON.stringify(want)}`);
    return this;
  }
  none(name) {
    const v = this.all(name);
    if (v.length) this.fail(`unexpected ${name}: ${v.join(' | ')}`);
    return this;
  }
  noCors() {
    const v = this.res.lines.filter(([n]) => n.startsWith('access-control-'));
    if (v.length) this.fail(`unexpected ${v.map(([n, x]) => `${n}: ${x}`).join('; ')}`);
    return this;
  }
  // Vary's tokens. The module merges every Vary already on the response
  // with its own into one line, so a second line is a failure, except
  // where gzip_vary writes its own line after the module has run:
  // varyLines() accepts several lines and reads them as one list, as HTTP
  // does.
  varyLines() { this.severalVaryLines = true; return this; }
  vary() {
    const lines = this.all('vary');
    if (lines.length > 1 && !this.severalVaryLines && !this.reportedVaryLines) {
      this.reportedVaryLines = true;
      this.fail(`${lines.length} Vary lines (${lines.join(' | ')}), expected one merged line`);
    }
    return lines.flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '');
  }
  varyHas(...tokens) {
    const have = this.vary();
    for (const t of tokens) {
      if (!have.includes(t.toLowerCase())) this.fail(`Vary (${have.join(', ')}) lacks ${t}`);
    }
    return this;
  }
  varyOnce() {
    const have = this.vary();
    const dup = have.filter((t, i) => have.indexOf(t) !== i);
    if (dup.length) this.fail(`Vary repeats ${dup.join(', ')}`);
    return this;
  }
  // The headers of an allowed actual response under a credentialed policy.
  allowed(origin) {
    this.one('access-control-allow-origin', origin);
    this.one('access-control-allow-credentials', 'true');
    this.varyHas('Origin');
    return this;
  }
}

export class Tally {
  constructor(group) { this.group = group; this.passed = 0; this.failed = 0; this.skipped = 0; }
  record(name, problems) {
    if (problems.length === 0) {
      this.passed++;
      console.log(`ok   ${this.group} ${name}`);
    } else {
      this.failed++;
      console.log(`FAIL ${this.group} ${name}: ${problems.join('; ')}`);
    }
  }
  skip(name, why) {
    this.skipped++;
    console.log(`skip ${this.group} ${name}: ${why}`);
  }
  // Runs one check: `fn` returns an Expect, a list of problems, or throws.
  async check(name, fn) {
    let problems;
    try {
      const r = await fn();
      problems = r instanceof Expect ? r.problems : r || [];
    } catch (err) {
      problems = [`${err.message}`];
    }
    this.record(name, problems);
  }
  line() {
    return `${this.group}: ${this.passed} passed, ${this.failed} failed` +
      (this.skipped ? `, ${this.skipped} skipped` : '');
  }
}

export { sleep };
