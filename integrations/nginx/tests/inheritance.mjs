// Inheritance http -> server -> location: an inner block inherits every
// directive it does not set, an inner list replaces the inherited one,
// `cors off` turns it off below, and `cors` itself defaults to off.
import { Expect, freePort, request } from './harness.mjs';

const H = 'http://h.test'; // listed at http level
const S = 'http://s.test'; // listed by server 2
const L = 'http://l.test'; // listed by one location

export async function inheritance({ tally, nginx }) {
  const [p1, p2, p3, p4] = [await freePort(), await freePort(), await freePort(),
    await freePort()];
  const n = nginx();
  n.configure({ http: `
  cors_origins ${H};
  cors_methods GET;
  server {
    listen 127.0.0.1:${p1};
    cors on;
    location / { }
    location /replaced/ { cors_origins ${L}; }
    location /added/ { cors_origins ${L}; cors_origins ${S}; }
    location /off/ {
      cors off;
      location /off/on/ { cors on; }
    }
  }
  server {
    listen 127.0.0.1:${p2};
    cors on;
    cors_origins ${S};
    location / { }
    location /credentials/ { cors_credentials on; }
  }
  server {
    listen 127.0.0.1:${p3};
    location / { }
    location /on/ { cors on; }
  }
  server {
    listen 127.0.0.1:${p4};
    cors on;
    set $early $cors_allowed;
    location / { add_header X-Early $early always; }
    location /own/ { cors_origins ${L}; add_header X-Early $early always; }
    location /first/ { cors_origins ${L}; error_page 404 = @second; }
    location @second { cors_origins ${S}; return 410; }
    location /tried/ { cors_origins ${L}; try_files $uri /landing; }
    location = /landing { cors_origins ${S}; return 200 landed; }
  }` });
  await n.start(p1);
  const get = (port, target, origin) => request(port, 'GET', target, [['Origin', origin]]);
  const allowed = (e, origin) => e.one('access-control-allow-origin', origin)
    .none('access-control-allow-credentials');
  const refused = (e) => e.noCors().varyHas('Origin');
  const cases = [
    ['http list inherited by server and location', p1, '/', H, allowed],
    ['an inner cors_origins replaces the inherited list', p1, '/replaced/', L, allowed],
    ['... and the inherited origin is refused there', p1, '/replaced/', H, refused],
    ['several cors_origins in one block add up (first)', p1, '/added/', L, allowed],
    ['several cors_origins in one block add up (second)', p1, '/added/', S, allowed],
    ['server list replaces the http list', p2, '/', S, allowed],
    ['... and the http origin is refused in that server', p2, '/', H, refused],
    ['a location overrides one setting, inherits the rest', p2, '/credentials/', S,
      (e) => e.one('access-control-allow-origin', S)
        .one('access-control-allow-credentials', 'true')],
  ];
  for (const [name, port, target, origin, expect] of cases) {
    await tally.check(name, async () => {
      const e = new Expect(await get(port, target, origin));
      expect(e, origin);
      return e;
    });
  }
  const off = async (port, target) => {
    const e = new Expect(await get(port, target, H));
    e.noCors().none('vary');
    return e;
  };
  await tally.check('cors off turns it off below', () => off(p1, '/off/x'));
  await tally.check('cors on again in a nested location', async () => {
    const e = new Expect(await get(p1, '/off/on/x', H));
    e.status(404).one('access-control-allow-origin', H);
    return e;
  });
  await tally.check('cors is off unless turned on', () => off(p3, '/'));
  await tally.check('cors on in a location of that server uses the http policy', async () => {
    const e = new Expect(await get(p3, '/on/x', H));
    e.status(404).one('access-control-allow-origin', H);
    return e;
  });
  // $cors_* read at server level, before nginx chooses the location: that
  // moment's answer (the server's policy), while the location that
  // receives the request still decides the response.
  await tally.check('a server-level set of $cors_allowed does not pin the server\'s policy', async () => {
    const e = new Expect(await get(p4, '/own/x', L));
    e.status(404).one('access-control-allow-origin', L).one('x-early', 'false');
    return e;
  });
  await tally.check('... and reads the server\'s policy there', async () => {
    const e = new Expect(await get(p4, '/x', H));
    e.status(404).one('access-control-allow-origin', H).one('x-early', 'true');
    return e;
  });
  // nginx replaces r->loc_conf and zeroes module contexts on internal
  // redirects: the policy of the location that received the request must
  // survive them.
  for (const [target, status] of [['/first/x', 410], ['/tried/x', 200]]) {
    await tally.check(`${target}: the first location's policy after the redirect (${status})`, async () => {
      const e = new Expect(await get(p4, target, L));
      e.status(status).one('access-control-allow-origin', L);
      return e;
    });
    await tally.check(`${target}: not the policy of the location redirected to`, async () => {
      const e = new Expect(await get(p4, target, S));
      e.status(status).noCors().varyHas('Origin');
      return e;
    });
  }
  await tally.check('inherited methods: a preflight for PUT is refused', async () => {
    const e = new Expect(await request(p1, 'OPTIONS', '/replaced/', [['Origin', L],
      ['Access-Control-Request-Method', 'PUT']]));
    e.status(403).noCors();
    return e;
  });
}
