/* The browser's side of the CORS protocol, on any server's response.
 *
 * cors_browser_check_response() decides what Chromium, following the
 * Fetch Standard, does with one response to a request it sent:
 *
 *   redirect: a preflight answered with a redirect fails (browsers never
 *     follow one); any other redirect response must pass the CORS check
 *     before the browser follows it.
 *   CORS-preflight check (Fetch "CORS-preflight fetch"), for a preflight:
 *     an ok status (200-299) first, then the CORS check, then
 *     Access-Control-Allow-Methods and -Headers parsed as comma lists of
 *     tokens (all lines of one name combined; a bad list fails), the method
 *     listed byte for byte, or GET/HEAD/POST, or `*` without credentials;
 *     each requested header listed (byte-case-insensitive) or `*` without
 *     credentials. Chromium lets `*` cover Authorization too: allowed, with
 *     a warning. (Chromium checks the CORS headers before the status; the
 *     status comes first here because it is the root cause to fix.)
 *   CORS check (Fetch "CORS check"): exactly one Access-Control-Allow-Origin
 *     (two lines combine into "a, b", which never matches); `*` without
 *     credentials, or the request's Origin byte for byte; with credentials,
 *     the Access-Control-Allow-Credentials lines combined are exactly
 *     `true`.
 *
 * cors_browser_check(), the oracle the fuzzers trust, replays the same
 * rules on a cors_result and reads the standard strictly where Chromium is
 * lenient today (Authorization under `*`, an ungranted private-network
 * preflight).
 *
 * It shares no parser with the engine on purpose: an oracle that reused the
 * engine's header-list iterator would agree with the engine's bugs. */
#include "browser_bytes.h"

#include <string.h>

#define BC_ACAO "Access-Control-Allow-Origin"
#define BC_ACAC "Access-Control-Allow-Credentials"
#define BC_ACAM "Access-Control-Allow-Methods"
#define BC_ACAH "Access-Control-Allow-Headers"
#define BC_ACAPN "Access-Control-Allow-Private-Network"
#define BC_ACMA "Access-Control-Max-Age"

/* Chromium's ceiling for Access-Control-Max-Age, in seconds. */
#define BC_MAX_AGE_CAP 7200

/* ---- bytes ------------------------------------------------------------ */

static bool bc_eq(const char *a, size_t alen, const char *b, size_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool bc_eq_cstr(cors_slice s, const char *lit) {
  return s.ptr != NULL && bc_eq(s.ptr, s.len, lit, strlen(lit));
}

/* ---- comma lists -------------------------------------------------------- */

/* Walks the elements of a comma-separated value, spaces and tabs trimmed.
 * Empty elements are returned too; callers skip them (RFC 9110 §5.6.1:
 * recipients accept empty list elements). */
typedef struct bc_list {
  const char *p;
  const char *end;
  bool done;
} bc_list;

static void bc_list_init(bc_list *l, const char *p, size_t len) {
  l->p = p;
  l->end = p + (p != NULL ? len : 0);
  l->done = (p == NULL);
}

static bool bc_list_next(bc_list *l, cors_slice *elem) {
  if (l->done)
    return false;
  const char *start = l->p;
  const char *comma = start;
  while (comma < l->end && *comma != ',')
    comma++;
  *elem = browser_trim(start, (size_t)(comma - start));
  if (comma == l->end)
    l->done = true;
  else
    l->p = comma + 1;
  return true;
}

/* ---- the response ------------------------------------------------------ */

typedef struct bc_response {
  int status;
  const cors_raw_header *headers;
  size_t count;
} bc_response;

static bool bc_header_is(const cors_raw_header *h, const char *name) {
  return h->name != NULL &&
         browser_eq_nocase(h->name, h->name_len, name, strlen(name));
}

/* How many lines named `name` the response holds; first and second get
 * the values of the first two (trimmed), when there are that many. */
static size_t bc_lines(const bc_response *r, const char *name,
                       cors_slice *first, cors_slice *second) {
  size_t n = 0;
  for (size_t i = 0; i < r->count; i++) {
    const cors_raw_header *h = &r->headers[i];
    if (!bc_header_is(h, name))
      continue;
    cors_slice v = browser_trim(h->value, h->value_len);
    if (n == 0 && first != NULL)
      *first = v;
    else if (n == 1 && second != NULL)
      *second = v;
    n++;
  }
  return n;
}

/* Fetch "extracting header list values" for a #token list spread over
 * every line of `name`: whether it parses, whether `want` (case-sensitive
 * unless nocase) and `*` are listed. */
typedef struct bc_extract {
  bool valid;     /* every element is a token */
  cors_slice bad; /* the first element that is not */
  bool has_want;  /* `want` is listed */
  bool has_star;  /* `*` is listed */
} bc_extract;

static bc_extract bc_extract_list(const bc_response *r, const char *name,
                                  cors_slice want, bool nocase) {
  bc_extract x = {true, {NULL, 0}, false, false};
  for (size_t i = 0; i < r->count; i++) {
    const cors_raw_header *h = &r->headers[i];
    if (!bc_header_is(h, name))
      continue;
    bc_list l;
    cors_slice e;
    bc_list_init(&l, h->value, h->value_len);
    while (bc_list_next(&l, &e)) {
      if (e.len == 0)
        continue;
      if (!browser_is_token(e.ptr, e.len) && x.valid) {
        x.valid = false;
        x.bad = e;
      }
      if (e.len == 1 && e.ptr[0] == '*')
        x.has_star = true;
      if (want.ptr != NULL &&
          (nocase ? browser_eq_nocase(e.ptr, e.len, want.ptr, want.len)
                  : bc_eq(e.ptr, e.len, want.ptr, want.len)))
        x.has_want = true;
    }
  }
  return x;
}

/* Whether some line of `name` lists `token` (case-insensitively). */
static bool bc_lists(const bc_response *r, const char *name,
                     const char *token) {
  cors_slice want = {token, strlen(token)};
  return bc_extract_list(r, name, want, true).has_want;
}

/* ---- verdicts ------------------------------------------------------------ */

static cors_cause bc_fail(cors_browser_verdict *v, cors_cause cause,
                          cors_slice detail) {
  v->allowed = false;
  v->cause = cause;
  v->check_cause = cause;
  v->detail = detail;
  return cause;
}

static const cors_slice bc_absent = {NULL, 0};

/* Fetch's CORS check, as Chromium words its failures. */
static cors_cause bc_cors_check(const cors_request *req, bool credentials,
                                const bc_response *r, cors_browser_verdict *v) {
  cors_slice acao = bc_absent, extra = bc_absent;
  size_t n = bc_lines(r, BC_ACAO, &acao, &extra);
  if (n == 0)
    return bc_fail(v, CORS_CAUSE_MISSING_ALLOW_ORIGIN, bc_absent);
  if (n > 1)
    return bc_fail(v, CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN, extra);
  if (bc_eq_cstr(acao, "*")) {
    if (credentials)
      return bc_fail(v, CORS_CAUSE_WILDCARD_WITH_CREDENTIALS, acao);
    return CORS_CAUSE_NONE;
  }
  if (!bc_eq(acao.ptr, acao.len, req->origin.ptr, req->origin.len)) {
    bool list = acao.len > 0 && (memchr(acao.ptr, ',', acao.len) != NULL ||
                                 memchr(acao.ptr, ' ', acao.len) != NULL);
    return bc_fail(
        v, list ? CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN : CORS_CAUSE_ORIGIN_MISMATCH,
        acao);
  }
  if (bc_eq_cstr(acao, "null"))
    v->warnings |= CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL;
  if (!credentials)
    return CORS_CAUSE_NONE;
  cors_slice acac = bc_absent;
  n = bc_lines(r, BC_ACAC, &acac, NULL);
  if (n != 1 || !bc_eq_cstr(acac, "true"))
    return bc_fail(v, CORS_CAUSE_CREDENTIALS_NOT_TRUE, acac);
  return CORS_CAUSE_NONE;
}

static bool bc_is_safelisted_method(cors_slice m) {
  return bc_eq_cstr(m, "GET") || bc_eq_cstr(m, "HEAD") || bc_eq_cstr(m, "POST");
}

static cors_cause bc_method_check(const cors_request *req, bool credentials,
                                  const bc_response *r,
                                  cors_browser_verdict *v) {
  cors_slice method = req->request_method;
  bc_extract m = bc_extract_list(r, BC_ACAM, method, false);
  if (!m.valid) {
    v->malformed_list = true;
    return bc_fail(v, CORS_CAUSE_METHOD_NOT_ALLOWED, m.bad);
  }
  if (m.has_want || bc_is_safelisted_method(method))
    return CORS_CAUSE_NONE;
  if (m.has_star && !credentials)
    return CORS_CAUSE_NONE;
  return bc_fail(v, CORS_CAUSE_METHOD_NOT_ALLOWED, method);
}

/* The requested header lines: a count of 0 with request_headers[0] set is
 * one line (cors.h). */
static size_t bc_requested_lines(const cors_request *req) {
  size_t lines = req->request_headers_count;
  if (lines == 0 && req->request_headers[0].ptr != NULL)
    lines = 1;
  if (lines > CORS_MAX_REQUEST_HEADER_LINES)
    lines = CORS_MAX_REQUEST_HEADER_LINES;
  return lines;
}

static cors_cause bc_header_name_check(const bc_response *r, cors_slice name,
                                       bool credentials,
                                       cors_browser_verdict *v) {
  bc_extract h = bc_extract_list(r, BC_ACAH, name, true);
  if (h.has_want)
    return CORS_CAUSE_NONE;
  if (h.has_star && !credentials) {
    if (browser_eq_nocase(name.ptr, name.len, "authorization", 13))
      v->warnings |= CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD;
    return CORS_CAUSE_NONE;
  }
  return bc_fail(v, CORS_CAUSE_HEADER_NOT_ALLOWED, name);
}

static cors_cause bc_headers_check(const cors_request *req, bool credentials,
                                   const bc_response *r,
                                   cors_browser_verdict *v) {
  /* The list has to parse even when nothing was requested (extraction
   * failure is a network error). */
  bc_extract all = bc_extract_list(r, BC_ACAH, bc_absent, true);
  if (!all.valid) {
    v->malformed_list = true;
    return bc_fail(v, CORS_CAUSE_HEADER_NOT_ALLOWED, all.bad);
  }
  size_t lines = bc_requested_lines(req);
  for (size_t i = 0; i < lines; i++) {
    bc_list l;
    cors_slice name;
    bc_list_init(&l, req->request_headers[i].ptr, req->request_headers[i].len);
    while (bc_list_next(&l, &name)) {
      if (name.len == 0)
        continue;
      cors_cause c = bc_header_name_check(r, name, credentials, v);
      if (c != CORS_CAUSE_NONE)
        return c;
    }
  }
  return CORS_CAUSE_NONE;
}

/* Private Network Access: only an exact `true` asks for it (the request's
 * bytes are what the browser sent). */
static void bc_private_network_advice(const cors_request *req,
                                      const bc_response *r,
                                      cors_browser_verdict *v) {
  if (!bc_eq_cstr(req->request_private_network, "true"))
    return;
  cors_slice granted = bc_absent;
  size_t n = bc_lines(r, BC_ACAPN, &granted, NULL);
  if (n != 1 || !bc_eq_cstr(granted, "true"))
    v->warnings |= CORS_RESPONSE_WARN_PRIVATE_NETWORK;
}

/* A max age Chromium would cap: one line of digits above the cap. Longer
 * than ten digits is above it whatever the digits. */
static void bc_max_age_advice(const bc_response *r, cors_browser_verdict *v) {
  cors_slice age = bc_absent;
  if (bc_lines(r, BC_ACMA, &age, NULL) != 1 || age.len == 0)
    return;
  unsigned long seconds = 0;
  for (size_t i = 0; i < age.len; i++) {
    if (age.ptr[i] < '0' || age.ptr[i] > '9')
      return;
    if (i < 10)
      seconds = seconds * 10 + (unsigned long)(age.ptr[i] - '0');
  }
  if (age.len > 10 || seconds > BC_MAX_AGE_CAP)
    v->warnings |= CORS_RESPONSE_WARN_MAX_AGE_CAPPED;
}

/* Whether some Cache-Control directive forbids a shared or browser cache
 * from reusing the answer for another request. */
static bool bc_not_stored(const bc_response *r) {
  for (size_t i = 0; i < r->count; i++) {
    const cors_raw_header *h = &r->headers[i];
    if (!bc_header_is(h, "Cache-Control"))
      continue;
    bc_list l;
    cors_slice e;
    bc_list_init(&l, h->value, h->value_len);
    while (bc_list_next(&l, &e)) {
      const char *eq = memchr(e.ptr, '=', e.len);
      size_t name_len = eq != NULL ? (size_t)(eq - e.ptr) : e.len;
      cors_slice d = browser_trim(e.ptr, name_len);
      if (browser_eq_nocase(d.ptr, d.len, "no-store", 8) ||
          browser_eq_nocase(d.ptr, d.len, "private", 7))
        return true;
    }
  }
  return false;
}

/* A reflected origin on a cacheable answer must vary on Origin. */
static void bc_vary_advice(const cors_request *req, const bc_response *r,
                           cors_browser_verdict *v) {
  cors_slice acao = bc_absent;
  if (bc_lines(r, BC_ACAO, &acao, NULL) != 1 || bc_eq_cstr(acao, "*"))
    return;
  if (!bc_eq_cstr(req->method, "GET") && !bc_eq_cstr(req->method, "HEAD"))
    return;
  if (bc_not_stored(r) || bc_lists(r, "Vary", "Origin") ||
      bc_lists(r, "Vary", "*"))
    return;
  v->warnings |= CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN;
}

/* The Location a browser follows: Chromium skips Location lines without a
 * value and takes the first that has one; with none, a 3xx is an ordinary
 * response. */
static bool bc_location(const bc_response *r, cors_slice *location) {
  for (size_t i = 0; i < r->count; i++) {
    const cors_raw_header *h = &r->headers[i];
    if (!bc_header_is(h, "Location"))
      continue;
    cors_slice v = browser_trim(h->value, h->value_len);
    if (v.len > 0) {
      *location = v;
      return true;
    }
  }
  return false;
}

static bool bc_is_redirect_status(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

/* A preflight is what a browser sends before the real request: OPTIONS with
 * an Origin and a non-empty Access-Control-Request-Method. */
static bool bc_is_preflight(const cors_request *req) {
  return bc_eq_cstr(req->method, "OPTIONS") && req->origin.ptr != NULL &&
         req->request_method.ptr != NULL && req->request_method.len > 0;
}

static cors_cause bc_preflight(const cors_request *req, bool credentials,
                               const bc_response *r, cors_browser_verdict *v) {
  if (v->redirect)
    return bc_fail(v, CORS_CAUSE_PREFLIGHT_REDIRECT, v->location);
  if (r->status < 200 || r->status > 299)
    return bc_fail(v, CORS_CAUSE_PREFLIGHT_STATUS, bc_absent);
  cors_cause c = bc_cors_check(req, credentials, r, v);
  if (c == CORS_CAUSE_NONE)
    c = bc_method_check(req, credentials, r, v);
  if (c == CORS_CAUSE_NONE)
    c = bc_headers_check(req, credentials, r, v);
  if (c != CORS_CAUSE_NONE)
    return c;
  bc_private_network_advice(req, r, v);
  bc_max_age_advice(r, v);
  return CORS_CAUSE_NONE;
}

static cors_cause bc_actual(const cors_request *req, bool credentials,
                            const bc_response *r, cors_browser_verdict *v) {
  cors_cause c = bc_cors_check(req, credentials, r, v);
  if (c != CORS_CAUSE_NONE) {
    if (v->redirect)
      v->cause = CORS_CAUSE_REDIRECT_BLOCKED;
    return v->cause;
  }
  bc_vary_advice(req, r, v);
  return CORS_CAUSE_NONE;
}

cors_cause cors_browser_check_response(const cors_request *req,
                                       bool include_credentials, int status,
                                       const cors_raw_header *headers,
                                       size_t count,
                                       cors_browser_verdict *out) {
  cors_browser_verdict local;
  cors_browser_verdict *v = out != NULL ? out : &local;
  memset(v, 0, sizeof *v);
  v->allowed = true;
  if (req == NULL || (headers == NULL && count > 0))
    return bc_fail(v, CORS_CAUSE_NETWORK_ERROR, bc_absent);
  bc_response r = {status, headers, headers != NULL ? count : 0};
  cors_slice location = bc_absent;
  if (bc_is_redirect_status(status) && bc_location(&r, &location)) {
    v->redirect = true;
    v->location = location;
  }
  if (req->origin.ptr == NULL)
    return CORS_CAUSE_NONE; /* no Origin: not a CORS request */
  v->preflight = bc_is_preflight(req);
  cors_cause c = v->preflight ? bc_preflight(req, include_credentials, &r, v)
                              : bc_actual(req, include_credentials, &r, v);
  if (c != CORS_CAUSE_NONE)
    v->warnings = 0;
  return c;
}

/* ---- identifiers ----------------------------------------------------------
 */

const char *cors_cause_string(cors_cause cause) {
  switch (cause) {
  case CORS_CAUSE_NONE:
    return "none";
  case CORS_CAUSE_PREFLIGHT_STATUS:
    return "preflight-status";
  case CORS_CAUSE_PREFLIGHT_REDIRECT:
    return "preflight-redirect";
  case CORS_CAUSE_MISSING_ALLOW_ORIGIN:
    return "missing-allow-origin";
  case CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN:
    return "multiple-allow-origin";
  case CORS_CAUSE_ORIGIN_MISMATCH:
    return "origin-mismatch";
  case CORS_CAUSE_WILDCARD_WITH_CREDENTIALS:
    return "wildcard-with-credentials";
  case CORS_CAUSE_CREDENTIALS_NOT_TRUE:
    return "credentials-not-true";
  case CORS_CAUSE_METHOD_NOT_ALLOWED:
    return "method-not-allowed";
  case CORS_CAUSE_HEADER_NOT_ALLOWED:
    return "header-not-allowed";
  case CORS_CAUSE_REDIRECT_BLOCKED:
    return "redirect-blocked";
  case CORS_CAUSE_NETWORK_ERROR:
    return "network-error";
  }
  return "unknown";
}

const char *cors_response_warning_string(cors_response_warning w) {
  switch (w) {
  case CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN:
    return "missing-vary-origin";
  case CORS_RESPONSE_WARN_MAX_AGE_CAPPED:
    return "max-age-capped";
  case CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL:
    return "allow-origin-null";
  case CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD:
    return "authorization-wildcard";
  case CORS_RESPONSE_WARN_PRIVATE_NETWORK:
    return "private-network";
  }
  return "unknown";
}

/* ---- the oracle on a cors_result --------------------------------------- */

static bool bc_refuse(const char **why, const char *reason) {
  if (why != NULL)
    *why = reason;
  return false;
}

static const char *bc_why(const cors_browser_verdict *v) {
  switch (v->check_cause) {
  case CORS_CAUSE_PREFLIGHT_STATUS:
    return "the preflight response status is not 200-299";
  case CORS_CAUSE_MISSING_ALLOW_ORIGIN:
    return "no Access-Control-Allow-Origin header";
  case CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN:
    return "more than one Access-Control-Allow-Origin value";
  case CORS_CAUSE_ORIGIN_MISMATCH:
    return "Access-Control-Allow-Origin does not match the request's origin";
  case CORS_CAUSE_WILDCARD_WITH_CREDENTIALS:
    return "Access-Control-Allow-Origin is * but the request includes "
           "credentials";
  case CORS_CAUSE_CREDENTIALS_NOT_TRUE:
    return "credentials included but Access-Control-Allow-Credentials is "
           "not exactly true";
  case CORS_CAUSE_METHOD_NOT_ALLOWED:
    return v->malformed_list
               ? "Access-Control-Allow-Methods is not a list of method tokens"
               : "the requested method is not in "
                 "Access-Control-Allow-Methods";
  case CORS_CAUSE_HEADER_NOT_ALLOWED:
    return v->malformed_list
               ? "Access-Control-Allow-Headers is not a list of header names"
               : "a requested header is not in Access-Control-Allow-Headers";
  default:
    return "the browser refuses the response";
  }
}

bool cors_browser_check(const cors_request *req, const cors_result *res,
                        bool include_credentials, const char **why) {
  if (why != NULL)
    *why = NULL;
  if (req == NULL || res == NULL)
    return bc_refuse(why, "no request or no result");
  cors_raw_header raw[CORS_MAX_RESULT_HEADERS];
  size_t count = res->header_count;
  if (count > CORS_MAX_RESULT_HEADERS)
    count = CORS_MAX_RESULT_HEADERS;
  for (size_t i = 0; i < count; i++) {
    raw[i].name = res->headers[i].name;
    raw[i].name_len = res->headers[i].name_len;
    raw[i].value = res->headers[i].value;
    raw[i].value_len = res->headers[i].value_len;
  }
  /* A preflight answer is whatever the host sends at once: with CONTINUE
   * there is no status the browser could see as ok. */
  int status = res->action == CORS_ACTION_RESPOND ? res->status : 0;
  cors_browser_verdict v;
  cors_browser_check_response(req, include_credentials, status, raw, count, &v);
  if (!v.allowed)
    return bc_refuse(why, bc_why(&v));
  /* The standard, stricter than today's browsers: */
  if (v.warnings & CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD)
    return bc_refuse(why, "Authorization is requested but not listed by name "
                          "in Access-Control-Allow-Headers");
  if (v.warnings & CORS_RESPONSE_WARN_PRIVATE_NETWORK)
    return bc_refuse(why, "private-network access requested but "
                          "Access-Control-Allow-Private-Network is not true");
  return true;
}
