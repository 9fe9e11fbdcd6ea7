/* The browser's side of the CORS protocol, replayed on a cors_result.
 *
 * This is the test oracle of cors_browser_check(): given what the page
 * asked for (the request) and what libcors told the host to answer (the
 * result), it decides what a browser following the Fetch Standard would do:
 *
 *   CORS check (Fetch §4.8 "CORS check"):
 *     - exactly one Access-Control-Allow-Origin; its value is the request's
 *       origin, byte for byte, or `*` when credentials are not included
 *       (two ACAO lines combine into "a, b", which never matches);
 *     - with credentials included, Access-Control-Allow-Credentials is
 *       exactly `true`.
 *   CORS-preflight check (Fetch §4.10 "CORS-preflight fetch", steps after
 *   the fetch), for a preflight only:
 *     - the response status is an ok status (200-299);
 *     - Access-Control-Allow-Methods and -Headers parse as comma lists of
 *       tokens (all lines of one name combined); a bad list fails;
 *     - the requested method is listed (byte-exact), or is a CORS-safelisted
 *       method (GET, HEAD, POST), or `*` is listed and credentials are not
 *       included;
 *     - each requested header name is listed (byte-case-insensitive), or `*`
 *       is listed and credentials are not included and the name is not
 *       `Authorization` (the one CORS non-wildcard request-header name);
 *     - when the preflight asks for private-network access
 *       (Access-Control-Request-Private-Network: true), the answer carries
 *       Access-Control-Allow-Private-Network: true (the Private Network
 *       Access draft that Chromium ships).
 *
 * It shares no parser with the engine on purpose: an oracle that reused the
 * engine's header-list iterator would agree with the engine's bugs. */
#include <cors/cors.h>

#include <string.h>

#define BC_ACAO "Access-Control-Allow-Origin"
#define BC_ACAC "Access-Control-Allow-Credentials"
#define BC_ACAM "Access-Control-Allow-Methods"
#define BC_ACAH "Access-Control-Allow-Headers"
#define BC_ACAPN "Access-Control-Allow-Private-Network"

/* ---- bytes ------------------------------------------------------------ */

static unsigned char bc_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static bool bc_eq_nocase(const char *a, size_t alen, const char *b,
                         size_t blen) {
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++)
    if (bc_lower((unsigned char)a[i]) != bc_lower((unsigned char)b[i]))
      return false;
  return true;
}

static bool bc_eq(const char *a, size_t alen, const char *b, size_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool bc_eq_cstr(cors_slice s, const char *lit) {
  return s.ptr != NULL && bc_eq(s.ptr, s.len, lit, strlen(lit));
}

static bool bc_is_ows(char c) {
  return c == ' ' || c == '\t';
}

/* Field values as a browser's HTTP parser hands them to Fetch: without the
 * spaces and tabs around them. */
static cors_slice bc_trim(const char *p, size_t len) {
  while (len > 0 && bc_is_ows(p[0])) {
    p++;
    len--;
  }
  while (len > 0 && bc_is_ows(p[len - 1]))
    len--;
  cors_slice s = {p, len};
  return s;
}

/* RFC 9110 tchar: the bytes a method or header name may hold. */
static bool bc_is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z'))
    return true;
  return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool bc_is_token(const char *p, size_t len) {
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!bc_is_tchar((unsigned char)p[i]))
      return false;
  return true;
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
  l->end = p + len;
  l->done = (p == NULL);
}

static bool bc_list_next(bc_list *l, cors_slice *elem) {
  if (l->done)
    return false;
  const char *start = l->p;
  const char *comma = start;
  while (comma < l->end && *comma != ',')
    comma++;
  *elem = bc_trim(start, (size_t)(comma - start));
  if (comma == l->end)
    l->done = true;
  else
    l->p = comma + 1;
  return true;
}

/* ---- the result's headers -------------------------------------------- */

static bool bc_header_is(const cors_header *h, const char *name) {
  return h->name != NULL &&
         bc_eq_nocase(h->name, h->name_len, name, strlen(name));
}

/* How many lines named `name` the result holds; *value gets the last. */
static size_t bc_header_get(const cors_result *res, const char *name,
                            cors_slice *value) {
  size_t n = 0;
  size_t count = res->header_count;
  if (count > CORS_MAX_RESULT_HEADERS)
    count = CORS_MAX_RESULT_HEADERS;
  for (size_t i = 0; i < count; i++) {
    const cors_header *h = &res->headers[i];
    if (!bc_header_is(h, name))
      continue;
    n++;
    *value = bc_trim(h->value, h->value_len);
  }
  return n;
}

/* Fetch "extracting header list values" for a #token list spread over
 * every line of `name`: the elements, or failure when one is not a token.
 * `want` (case-sensitive unless nocase) is looked for among them. */
typedef struct bc_extract {
  bool present;  /* at least one line */
  bool valid;    /* every element is a token */
  bool has_want; /* `want` is listed */
  bool has_star; /* `*` is listed */
} bc_extract;

static bc_extract bc_extract_list(const cors_result *res, const char *name,
                                  cors_slice want, bool nocase) {
  bc_extract x = {false, true, false, false};
  size_t count = res->header_count;
  if (count > CORS_MAX_RESULT_HEADERS)
    count = CORS_MAX_RESULT_HEADERS;
  for (size_t i = 0; i < count; i++) {
    const cors_header *h = &res->headers[i];
    if (!bc_header_is(h, name))
      continue;
    x.present = true;
    bc_list l;
    cors_slice e;
    bc_list_init(&l, h->value, h->value_len);
    while (bc_list_next(&l, &e)) {
      if (e.len == 0)
        continue;
      if (!bc_is_token(e.ptr, e.len))
        x.valid = false;
      if (e.len == 1 && e.ptr[0] == '*')
        x.has_star = true;
      if (nocase ? bc_eq_nocase(e.ptr, e.len, want.ptr, want.len)
                 : bc_eq(e.ptr, e.len, want.ptr, want.len))
        x.has_want = true;
    }
  }
  return x;
}

/* ---- the two checks ---------------------------------------------------- */

static bool bc_fail(const char **why, const char *reason) {
  if (why != NULL)
    *why = reason;
  return false;
}

/* Fetch §4.8, the CORS check. */
static bool bc_cors_check(const cors_request *req, const cors_result *res,
                          bool include_credentials, const char **why) {
  cors_slice acao = {NULL, 0};
  size_t n = bc_header_get(res, BC_ACAO, &acao);
  if (n == 0)
    return bc_fail(why, "no Access-Control-Allow-Origin header");
  if (n > 1)
    return bc_fail(why, "more than one Access-Control-Allow-Origin header");
  if (bc_eq_cstr(acao, "*")) {
    if (include_credentials)
      return bc_fail(why, "Access-Control-Allow-Origin is * but the "
                          "request includes credentials");
    return true;
  }
  if (!bc_eq(acao.ptr, acao.len, req->origin.ptr, req->origin.len))
    return bc_fail(why, "Access-Control-Allow-Origin does not match the "
                        "request's origin");
  if (!include_credentials)
    return true;
  cors_slice acac = {NULL, 0};
  n = bc_header_get(res, BC_ACAC, &acac);
  if (n != 1 || !bc_eq_cstr(acac, "true"))
    return bc_fail(why, "credentials included but "
                        "Access-Control-Allow-Credentials is not exactly "
                        "true");
  return true;
}

static bool bc_is_safelisted_method(cors_slice m) {
  return bc_eq_cstr(m, "GET") || bc_eq_cstr(m, "HEAD") || bc_eq_cstr(m, "POST");
}

static bool bc_method_check(const cors_request *req, const cors_result *res,
                            bool include_credentials, const char **why) {
  cors_slice method = req->request_method;
  bc_extract m = bc_extract_list(res, BC_ACAM, method, false);
  if (!m.valid)
    return bc_fail(why, "Access-Control-Allow-Methods is not a list of "
                        "method tokens");
  if (m.has_want || bc_is_safelisted_method(method))
    return true;
  if (m.has_star && !include_credentials)
    return true;
  return bc_fail(why, "the requested method is not in "
                      "Access-Control-Allow-Methods");
}

/* Checks one requested header name against Access-Control-Allow-Headers. */
static bool bc_header_name_check(const cors_result *res, cors_slice name,
                                 bool include_credentials, const char **why) {
  bc_extract h = bc_extract_list(res, BC_ACAH, name, true);
  if (!h.valid)
    return bc_fail(why, "Access-Control-Allow-Headers is not a list of "
                        "header names");
  if (h.has_want)
    return true;
  if (bc_eq_nocase(name.ptr, name.len, "authorization", 13))
    return bc_fail(why, "Authorization is requested but not listed by name "
                        "in Access-Control-Allow-Headers");
  if (h.has_star && !include_credentials)
    return true;
  return bc_fail(why, "a requested header is not in "
                      "Access-Control-Allow-Headers");
}

static bool bc_headers_check(const cors_request *req, const cors_result *res,
                             bool include_credentials, const char **why) {
  /* An empty ACAH list still has to parse (extraction failure is a
   * network error even when nothing was requested). */
  cors_slice none = {"", 0};
  if (!bc_extract_list(res, BC_ACAH, none, true).valid)
    return bc_fail(why, "Access-Control-Allow-Headers is not a list of "
                        "header names");
  /* cors.h: a count of 0 with request_headers[0] set is one line. */
  size_t lines = req->request_headers_count;
  if (lines == 0 && req->request_headers[0].ptr != NULL)
    lines = 1;
  if (lines > CORS_MAX_REQUEST_HEADER_LINES)
    lines = CORS_MAX_REQUEST_HEADER_LINES;
  for (size_t i = 0; i < lines; i++) {
    bc_list l;
    cors_slice name;
    bc_list_init(&l, req->request_headers[i].ptr, req->request_headers[i].len);
    while (bc_list_next(&l, &name)) {
      if (name.len == 0)
        continue;
      if (!bc_header_name_check(res, name, include_credentials, why))
        return false;
    }
  }
  return true;
}

static bool bc_private_network_check(const cors_request *req,
                                     const cors_result *res, const char **why) {
  /* The request's bytes are what the browser sent: only exactly `true`
   * asks for private-network access. */
  if (!bc_eq_cstr(req->request_private_network, "true"))
    return true;
  cors_slice granted = {NULL, 0};
  size_t n = bc_header_get(res, BC_ACAPN, &granted);
  if (n != 1 || !bc_eq_cstr(granted, "true"))
    return bc_fail(why, "private-network access requested but "
                        "Access-Control-Allow-Private-Network is not true");
  return true;
}

/* The rest of Fetch §4.10 once the CORS check passed. */
static bool bc_preflight_check(const cors_request *req, const cors_result *res,
                               bool include_credentials, const char **why) {
  /* A preflight answer is whatever the host sends at once: with CONTINUE
   * there is no status the browser could see as ok. */
  int status = res->action == CORS_ACTION_RESPOND ? res->status : 0;
  if (status < 200 || status > 299)
    return bc_fail(why, "the preflight response status is not 200-299");
  return bc_method_check(req, res, include_credentials, why) &&
         bc_headers_check(req, res, include_credentials, why) &&
         bc_private_network_check(req, res, why);
}

/* A preflight is what a browser sends before the real request: OPTIONS with
 * an Origin and a non-empty Access-Control-Request-Method. */
static bool bc_is_preflight(const cors_request *req) {
  return bc_eq_cstr(req->method, "OPTIONS") && req->origin.ptr != NULL &&
         req->request_method.ptr != NULL && req->request_method.len > 0;
}

bool cors_browser_check(const cors_request *req, const cors_result *res,
                        bool include_credentials, const char **why) {
  if (why != NULL)
    *why = NULL;
  if (req == NULL || res == NULL)
    return bc_fail(why, "no request or no result");
  if (req->origin.ptr == NULL)
    return true; /* no Origin: not a CORS request, nothing to check */
  if (!bc_cors_check(req, res, include_credentials, why))
    return false;
  if (bc_is_preflight(req))
    return bc_preflight_check(req, res, include_credentials, why);
  return true;
}
