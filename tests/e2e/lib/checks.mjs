// The 15 fetch() checks of docs/server-contract.md, and their expected
// outcome under a policy model. `read` lists response headers the page
// tries to read; `expectRead` says what each must read back.
import { browserVerdict, headerReadable } from './policy_model.mjs';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const CUSTOM = {
  'X-Request-ID': 'e2e-custom',
  Authorization: 'Bearer good',
  ...JSON_TYPE,
};
const ITEM = '/api/v1/items/42';
const PROFILES = '/api/v1/users/me/profiles';

// ANY: the header must be readable with some non-empty value.
export const ANY = '<any non-empty value>';

export const CHECKS = [
  { name: 'get_simple', method: 'GET', path: '/api/v1/items',
    status: 200, bodyMethod: 'GET' },
  { name: 'get_credentials', method: 'GET', path: '/api/v1/items',
    credentials: true, status: 200, bodyMethod: 'GET' },
  { name: 'post_json', method: 'POST', path: '/api/v1/items',
    headers: JSON_TYPE, body: '{"name":"e2e"}', status: 201,
    bodyMethod: 'POST' },
  { name: 'put_custom_headers', method: 'PUT', path: ITEM, headers: CUSTOM,
    body: '{"name":"e2e"}', credentials: true, status: 200,
    bodyMethod: 'PUT' },
  { name: 'delete_custom_headers', method: 'DELETE', path: ITEM,
    headers: CUSTOM, credentials: true, status: 200, bodyMethod: 'DELETE' },
  { name: 'patch_custom_headers', method: 'PATCH', path: ITEM,
    headers: CUSTOM, body: '{"name":"e2e"}', credentials: true, status: 200,
    bodyMethod: 'PATCH' },
  { name: 'read_exposed_headers', method: 'GET', path: '/api/v1/items',
    status: 200, bodyMethod: 'GET',
    read: { 'X-Request-ID': ANY, ETag: ANY, 'X-Internal-Debug': '1' } },
  { name: 'read_echoed_request_id', method: 'GET', path: '/api/v1/items',
    headers: { 'X-Request-ID': 'trace-123' }, status: 200, bodyMethod: 'GET',
    read: { 'X-Request-ID': 'trace-123' } },
  { name: 'profiles_authorized', method: 'GET', path: PROFILES,
    headers: { Authorization: 'Bearer good' }, credentials: true,
    status: 200, bodyMethod: 'GET' },
  { name: 'profiles_401_no_auth', method: 'GET', path: PROFILES,
    credentials: true, status: 401, bodyError: 'unauthorized' },
  { name: 'profiles_401_bad_token', method: 'GET', path: PROFILES,
    headers: { Authorization: 'Bearer bad' }, status: 401,
    bodyError: 'unauthorized' },
  { name: 'boom_500_get', method: 'GET', path: '/api/v1/boom', status: 500,
    bodyError: 'boom' },
  { name: 'boom_500_post_json', method: 'POST', path: '/api/v1/boom',
    headers: JSON_TYPE, body: '{"name":"e2e"}', credentials: true,
    status: 500, bodyError: 'boom' },
  { name: 'not_found_404', method: 'GET', path: '/api/v1/does-not-exist',
    status: 404, bodyError: 'not found' },
  { name: 'header_not_allowed', method: 'PUT', path: ITEM,
    headers: { 'X-Not-Allowed': '1' }, status: 200, bodyMethod: 'PUT' },
];

// What the page should observe for `check` from `origin`.
export function expectedOutcome(model, origin, check) {
  const verdict = browserVerdict(model, origin, {
    method: check.method, headers: check.headers ?? {},
    credentials: check.credentials === true,
  });
  if (verdict === 'blocked') return { verdict };
  const out = { verdict, status: check.status };
  if (check.bodyMethod) out.bodyMethod = check.bodyMethod;
  if (check.bodyError) out.bodyError = check.bodyError;
  if (check.read) {
    out.read = {};
    for (const [name, value] of Object.entries(check.read)) {
      out.read[name] = headerReadable(model, name, check.credentials === true)
        ? value : null;
    }
  }
  return out;
}

// Runs inside the page: performs every check with fetch() and reports
// "readable" (with status, body fields, headers read) or "blocked".
export async function runChecksInPage({ apiBase, checks }) {
  const results = {};
  for (const c of checks) {
    const init = {
      method: c.method,
      headers: c.headers ?? {},
      cache: 'no-store',
      credentials: c.credentials ? 'include' : 'same-origin',
    };
    if (c.body !== undefined) init.body = c.body;
    try {
      const r = await fetch(apiBase + c.path, init);
      const text = await r.text();
      let json = {};
      try { json = JSON.parse(text); } catch { json = {}; }
      const read = {};
      for (const name of Object.keys(c.read ?? {})) {
        read[name] = r.headers.get(name);
      }
      results[c.name] = { verdict: 'readable', status: r.status,
        bodyMethod: json.method, bodyError: json.error, read };
    } catch (e) {
      results[c.name] = { verdict: 'blocked', error: `${e.name}: ${e.message}`,
        isTypeError: e instanceof TypeError };
    }
  }
  return results;
}

// Differences between what the page saw and what was expected ([] = pass).
export function compareOutcome(expected, got) {
  const problems = [];
  if (got === undefined) return ['no result'];
  if (expected.verdict !== got.verdict) {
    problems.push(`expected ${expected.verdict}, got ${got.verdict}` +
      (got.verdict === 'readable' ? ` (status ${got.status})`
        : ` (${got.error})`));
    return problems;
  }
  if (got.verdict === 'blocked') {
    if (!got.isTypeError) problems.push(`rejected but not a TypeError: ${got.error}`);
    return problems;
  }
  if (got.status !== expected.status) {
    problems.push(`status ${got.status}, expected ${expected.status}`);
  }
  if (expected.bodyMethod && got.bodyMethod !== expected.bodyMethod) {
    problems.push(`body method ${got.bodyMethod}, expected ${expected.bodyMethod}`);
  }
  if (expected.bodyError && got.bodyError !== expected.bodyError) {
    problems.push(`body error ${got.bodyError}, expected ${expected.bodyError}`);
  }
  for (const [name, want] of Object.entries(expected.read ?? {})) {
    const value = got.read?.[name] ?? null;
    const ok = want === ANY ? (value !== null && value !== '') : value === want;
    if (!ok) problems.push(`header ${name} read ${JSON.stringify(value)}, expected ${want === ANY ? 'a value' : JSON.stringify(want)}`);
  }
  return problems;
}
