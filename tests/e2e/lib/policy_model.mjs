// A model of the policy the example server builds from its environment
// (docs/semantics.md#the-environment), and of what the browser then allows
// (Fetch Standard).
// The tests compute every expected verdict from it, so a policy is just an
// environment: add one to POLICIES and every check follows.

export const PAGE_ORIGINS = [
  'http://localhost:3000', // listed by the defaults and the explicit policy
  'http://localhost:5173', // matched by the regex of the explicit policy
  'http://127.0.0.2:4000', // allowed by no policy but `*`
];

export const CORS_ENV_VARS = [
  'FRONTEND_ORIGINS', 'ALLOW_ORIGINS_REGEX', 'CORS_ALLOW_CREDENTIALS',
  'CORS_ALLOW_METHODS', 'CORS_ALLOW_HEADERS', 'CORS_EXPOSE_HEADERS',
  'CORS_MAX_AGE', 'CORS_ALLOW_PRIVATE_NETWORK', 'CORS_DEV_DEFAULTS',
];

// Each policy is the environment the server starts with (nothing else of
// the CORS variables is inherited).
export const POLICIES = {
  // Built-in localhost defaults: the seed backend's situation.
  defaults: { env: {} },
  // One listed origin plus a regex that matches the Vite port.
  explicit: {
    env: {
      FRONTEND_ORIGINS: 'http://localhost:3000',
      ALLOW_ORIGINS_REGEX: '^http://localhost:51[0-9]{2}$',
    },
  },
  // Any origin, no credentials: ACAO `*`, credentialed fetches blocked.
  wildcard: {
    env: { FRONTEND_ORIGINS: '*', CORS_ALLOW_CREDENTIALS: 'false' },
  },
  // Narrow lists: PATCH/DELETE and Authorization refused, X-Internal-Debug
  // exposed and X-Request-ID not.
  lists: {
    env: {
      FRONTEND_ORIGINS: 'http://localhost:3000, http://localhost:5173',
      CORS_ALLOW_METHODS: 'GET, POST, PUT',
      CORS_ALLOW_HEADERS: 'Content-Type, X-Request-ID',
      CORS_EXPOSE_HEADERS: 'ETag, X-Internal-Debug',
      CORS_MAX_AGE: '60',
    },
  },
  // Deliberately wrong: the pages' origins are not allowed; every browser
  // check must report "blocked".
  wrong: {
    env: { FRONTEND_ORIGINS: 'https://app.example.com' },
    expectAllBlocked: true,
  },
};

const DEV_ORIGINS = [
  'http://localhost:3000', 'http://127.0.0.1:3000',
  'http://localhost:5173', 'http://127.0.0.1:5173',
];
const DEFAULT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH',
  'DELETE'];
const DEFAULT_ALLOW_HEADERS = ['Authorization', 'Content-Type',
  'X-Request-ID', 'X-CSRF-Token', 'If-None-Match', 'If-Match',
  'Idempotency-Key', 'X-Client', 'Cache-Control', 'Pragma', 'X-Session-Id',
  'X-Requested-With', 'X-Reauth'];
const DEFAULT_EXPOSE_HEADERS = ['ETag', 'Location', 'Retry-After',
  'X-Request-ID', 'X-RateLimit-Limit', 'X-RateLimit-Remaining',
  'X-RateLimit-Reset'];
const FETCH_NORMALIZED = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
// Response headers a page can always read (Fetch: CORS-safelisted).
const SAFELISTED_RESPONSE = ['cache-control', 'content-language',
  'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

const csv = (s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
const lower = (list) => list.map((x) => x.toLowerCase());

function bool(value, fallback) {
  if (value === undefined) return fallback;
  return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}

function list(env, name, fallback) {
  return env[name] === undefined ? fallback : csv(env[name]);
}

export function modelFromEnv(env) {
  let origins = env.FRONTEND_ORIGINS ? csv(env.FRONTEND_ORIGINS) : [];
  const pattern = (env.ALLOW_ORIGINS_REGEX ?? '').trim();
  const regex = pattern === '' ? null : new RegExp(`^(?:${pattern})$`);
  if (origins.length === 0 && regex === null &&
      bool(env.CORS_DEV_DEFAULTS, true)) {
    origins = DEV_ORIGINS;
  }
  const methods = list(env, 'CORS_ALLOW_METHODS', DEFAULT_METHODS)
    .map((m) => (FETCH_NORMALIZED.includes(m.toUpperCase())
      ? m.toUpperCase() : m));
  const credentials = bool(env.CORS_ALLOW_CREDENTIALS, true);
  return {
    origins,
    regex,
    anyOrigin: origins.includes('*'),
    credentials,
    methods,
    allowHeaders: lower(list(env, 'CORS_ALLOW_HEADERS',
      DEFAULT_ALLOW_HEADERS)),
    exposeHeaders: list(env, 'CORS_EXPOSE_HEADERS', DEFAULT_EXPOSE_HEADERS),
    maxAge: env.CORS_MAX_AGE === undefined ? '3600' : env.CORS_MAX_AGE.trim(),
  };
}

export function originAllowed(model, origin) {
  if (model.anyOrigin) return true;
  if (model.origins.includes(origin)) return true;
  return origin !== 'null' && model.regex !== null && model.regex.test(origin);
}

// The ACAO the server should send to an allowed origin.
export function expectedAcao(model, origin) {
  return model.anyOrigin && !model.credentials ? '*' : origin;
}

// Whether responses depend on Origin (then they carry Vary: Origin).
export function variesOnOrigin(model) {
  return !(model.anyOrigin && !model.credentials);
}

export function methodAllowed(model, method) {
  return model.methods.includes('*') || model.methods.includes(method);
}

export function headerAllowed(model, name) {
  const n = name.toLowerCase();
  if (model.allowHeaders.includes(n)) return true;
  return model.allowHeaders.includes('*') && n !== 'authorization';
}

// Request headers that make a fetch non-simple (Fetch: not CORS-safelisted
// for these checks; application/json is not a safelisted Content-Type).
export function unsafeRequestHeaders(headers) {
  return Object.entries(headers)
    .filter(([name, value]) => {
      const n = name.toLowerCase();
      if (n === 'content-type') {
        return !['application/x-www-form-urlencoded', 'multipart/form-data',
          'text/plain'].includes(value.split(';')[0].trim().toLowerCase());
      }
      return !['accept', 'accept-language', 'content-language'].includes(n);
    })
    .map(([name]) => name.toLowerCase());
}

// Whether a page could read response header `name` of a fetch.
export function headerReadable(model, name, withCredentials) {
  const n = name.toLowerCase();
  if (SAFELISTED_RESPONSE.includes(n)) return true;
  const exposed = lower(model.exposeHeaders);
  if (exposed.includes(n)) return true;
  return exposed.includes('*') && !withCredentials;
}

// "blocked" or "readable": what the browser does with a fetch of
// `method` + `headers` (+ credentials) from `origin`.
export function browserVerdict(model, origin, { method, headers = {},
  credentials = false }) {
  if (!originAllowed(model, origin)) return 'blocked';
  // With credentials the CORS check needs ACAO == origin and ACAC: true;
  // a policy without credentials never sends ACAC.
  if (credentials && !model.credentials) return 'blocked';
  const unsafe = unsafeRequestHeaders(headers);
  const needsPreflight = !['GET', 'HEAD', 'POST'].includes(method) ||
    unsafe.length > 0;
  if (needsPreflight) {
    if (!methodAllowed(model, method)) return 'blocked';
    if (!unsafe.every((h) => headerAllowed(model, h))) return 'blocked';
  }
  return 'readable';
}
