/* cors_evaluate: classify, decide, and point at the headers to send.
 * Nothing here writes outside the result or allocates, except PCRE2's
 * per-thread match data (regex.c).
 *
 * This is the hot path (docs/performance.md): every request goes through
 * it, so each input byte is read about once. An origin found in the exact
 * set is known valid without a syntax check; a requested method or header
 * found among the configured ones (all valid tokens) likewise; the header
 * list is split, trimmed, checked and looked up in one pass. */
#include "headerlist.h"
#include "policy.h"

#include <string.h>

#define NAME(s) s, sizeof(s) - 1

/* Headers are appended through a cursor held in a local variable rather
 * than res->header_count, which every store into a header could alias. */
static cors_header *put(cors_header *h, const char *name, size_t name_len,
                        const char *value, size_t value_len) {
  h->name = name;
  h->name_len = name_len;
  h->value = value;
  h->value_len = value_len;
  return h + 1;
}

static cors_header *put_vary(cors_header *h, cors_slice vary) {
  if (vary.ptr != NULL)
    h = put(h, NAME("Vary"), vary.ptr, vary.len);
  return h;
}

static cors_header *put_allow_origin(cors_header *h, const cors_policy *pol,
                                     const cors_request *req) {
  if (pol->acao_wildcard)
    h = put(h, NAME("Access-Control-Allow-Origin"), "*", 1);
  else
    h = put(h, NAME("Access-Control-Allow-Origin"), req->origin.ptr,
            req->origin.len);
  if (pol->credentials)
    h = put(h, NAME("Access-Control-Allow-Credentials"), "true", 4);
  return h;
}

static cors_reason deny(cors_result *res, cors_reason reason,
                        cors_slice detail) {
  res->reason = reason;
  res->reason_detail = detail;
  return reason;
}

static const cors_slice no_detail = {NULL, 0};

/* ---- origin ------------------------------------------------------------- */

/* Patterns and the regex: the origin was validated (view v). */
static bool origin_matched(const cors_policy *pol, const char *s, size_t len,
                           const cors__origin_view *v) {
  if (v->is_null)
    return pol->allow_null; /* never through a pattern or the regex */
  if (pol->pattern_count != 0 && cors__patternset_match(&pol->patterns, s, v))
    return true;
  return pol->regex != NULL && cors__regex_full_match(pol->regex, s, len);
}

static cors_reason check_origin(const cors_policy *pol,
                                const cors_request *req, cors_result *res) {
  const cors_slice o = req->origin;
  if (req->origin_count > 1)
    return deny(res, CORS_REASON_MULTIPLE_ORIGINS, o);
  /* The exact set holds only origins that pass request validation (see
   * compile.c), so a hit, the common case, needs no syntax check. */
  if (o.len <= CORS_MAX_ENTRY_LEN &&
      cors__originset_contains(&pol->exact, o.ptr, o.len))
    return CORS_REASON_NONE;
  /* Nothing else could allow it: only the reason is left to find. */
  if (pol->exact_origins_only)
    return deny(res,
                cors__origin_is_valid(o.ptr, o.len)
                    ? CORS_REASON_ORIGIN_NOT_ALLOWED
                    : CORS_REASON_ORIGIN_INVALID,
                o);
  cors__origin_view v;
  if (!cors__origin_validate_request(o.ptr, o.len, &v))
    return deny(res, CORS_REASON_ORIGIN_INVALID, o);
  /* Even the dangerous `*`-with-credentials opt-in never hands
   * credentialed reads to `null` (sandboxed and file: documents). */
  bool wildcard = pol->any_origin && !(v.is_null && pol->credentials);
  if (wildcard || origin_matched(pol, o.ptr, o.len, &v))
    return CORS_REASON_NONE;
  /* The host's last word, for a valid origin other than null. */
  if (pol->origin_callback != NULL && !v.is_null &&
      pol->origin_callback(o.ptr, o.len, pol->origin_callback_ud))
    return CORS_REASON_NONE;
  return deny(res, CORS_REASON_ORIGIN_NOT_ALLOWED, o);
}

/* ---- preflight: method -------------------------------------------------- */

/* m is not empty (a preflight has a non-empty request method). */
static bool method_listed(const cors_policy *pol, cors_slice m) {
  for (size_t i = 0; i < pol->method_count; i++) {
    const cors__name *n = &pol->methods[i];
    if (n->len != m.len || n->text[0] != m.ptr[0])
      continue;
    size_t k = 1;
    while (k < m.len && n->text[k] == m.ptr[k])
      k++;
    if (k == m.len)
      return true;
  }
  return false;
}

static cors_reason check_method(const cors_policy *pol,
                                const cors_request *req, cors_result *res) {
  const cors_slice m = req->request_method;
  if (req->request_method_count > 1)
    return deny(res, CORS_REASON_MALFORMED_REQUEST, m);
  /* Configured methods are valid tokens (config.c refuses others), so a
   * listed method needs no token check. */
  if (method_listed(pol, m))
    return CORS_REASON_NONE;
  if (!cors__is_token(m.ptr, m.len))
    return deny(res, CORS_REASON_METHOD_INVALID, m);
  if (!pol->any_method)
    return deny(res, CORS_REASON_METHOD_NOT_ALLOWED, m);
  return CORS_REASON_NONE;
}

/* ---- preflight: requested headers --------------------------------------- */

/* Whether `len` bytes at s equal the lower-case name, ignoring case. */
static bool equals_lower(const char *lower, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if ((char)cors__lower[(unsigned char)s[i]] != lower[i])
      return false;
  }
  return true;
}

/* The configured names are stored lower-cased (compile.c). Browsers send
 * lower-case names too, so a plain comparison a word at a time settles a
 * match; the byte-wise case-insensitive one decides the rest. */
static bool header_allowed(const cors_policy *pol, const char *s,
                           size_t len) {
  for (size_t i = 0; i < pol->header_count; i++) {
    const cors__name *n = &pol->headers[i];
    /* Length and both ends first: they rule out nearly every other name
     * before any comparison runs. */
    if (n->len != len ||
        n->text[0] != (char)cors__lower[(unsigned char)s[0]] ||
        n->text[len - 1] != (char)cors__lower[(unsigned char)s[len - 1]])
      continue;
    if (len >= 8 && cors__same_bytes(n->text, s, len))
      return true;
    if (equals_lower(n->text, s, len))
      return true;
  }
  /* The Fetch Standard never lets `*` cover Authorization. */
  return pol->any_header &&
         !(len == 13 && equals_lower("authorization", s, len));
}

/* Checks every requested header; *lines_with_items gets a bit per line
 * that named at least one header (the lines to echo), *tab_lines a bit
 * per line holding a tab. */
static cors_reason check_headers(const cors_policy *pol,
                                 const cors_request *req, cors_result *res,
                                 unsigned *lines_with_items,
                                 unsigned *tab_lines) {
  *lines_with_items = 0;
  *tab_lines = 0;
  size_t lines = cors__request_header_lines(req);
  if (lines > CORS_MAX_REQUEST_HEADER_LINES)
    return deny(res, CORS_REASON_HEADERS_MALFORMED, no_detail);
  cors__hl_scan sc;
  cors__hl_scan_init(&sc);
  for (size_t i = 0; i < lines; i++) {
    const cors_slice line = req->request_headers[i];
    if (line.ptr == NULL)
      continue; /* an absent line holds no element */
    cors__hl_scan_line(&sc, line);
    cors_slice item;
    for (;;) {
      cors__hl_status st = cors__hl_next_in_line(&sc, &item);
      if (st == CORS__HL_END)
        break;
      if (st == CORS__HL_INVALID)
        return deny(res, CORS_REASON_HEADER_INVALID, item);
      if (st == CORS__HL_TOO_EMPTY)
        return deny(res, CORS_REASON_HEADERS_MALFORMED, no_detail);
      if (!header_allowed(pol, item.ptr, item.len))
        return deny(res, CORS_REASON_HEADER_NOT_ALLOWED, item);
      *lines_with_items |= 1u << i;
    }
    if (sc.tab)
      *tab_lines |= 1u << i;
  }
  return CORS_REASON_NONE;
}

/* ---- preflight ---------------------------------------------------------- */

static bool wants_private_network(const cors_request *req) {
  const cors_slice v = req->request_private_network;
  return v.ptr != NULL && v.len == 4 && memcmp(v.ptr, "true", 4) == 0;
}

static cors_reason check_preflight(const cors_policy *pol,
                                   const cors_request *req, cors_result *res,
                                   bool private_network,
                                   unsigned *lines_with_items,
                                   unsigned *tab_lines) {
  cors_reason r = check_method(pol, req, res);
  if (r == CORS_REASON_NONE)
    r = check_headers(pol, req, res, lines_with_items, tab_lines);
  if (r == CORS_REASON_NONE && private_network && !pol->private_network)
    r = deny(res, CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED,
             req->request_private_network);
  return r;
}

/* Room left for Access-Control-Allow-Headers lines once the fixed
 * preflight headers (ACAO, ACAC, ACAM, max age, private network, Vary)
 * are counted. */
#define ALLOW_HEADERS_SLOTS (CORS_MAX_RESULT_HEADERS - 6)

/* Echoes one requested line. A line with a tab is split at its tabs into
 * pieces trimmed of spaces and commas, each its own header line: repeated
 * list headers mean the comma-joined list, and no tab is ever emitted.
 * Returns NULL when the pieces do not fit the result. */
static cors_header *put_allow_headers(cors_header *h, const cors_header *end,
                                      cors_slice line, bool has_tab) {
  if (!has_tab) {
    if (h == end)
      return NULL;
    return put(h, NAME("Access-Control-Allow-Headers"), line.ptr, line.len);
  }
  const char *p = line.ptr;
  const char *stop = p + line.len;
  while (p < stop) {
    const char *tab = memchr(p, '\t', (size_t)(stop - p));
    const char *piece_end = tab != NULL ? tab : stop;
    const char *a = p, *b = piece_end;
    while (a < b && (*a == ' ' || *a == ','))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == ','))
      b--;
    if (a < b) {
      if (h == end)
        return NULL;
      h = put(h, NAME("Access-Control-Allow-Headers"), a, (size_t)(b - a));
    }
    p = piece_end + (tab != NULL);
  }
  return h;
}

/* A denial discloses nothing of the policy. `vary` is the policy's
 * preflight Vary, or the one naming Origin when the Origin was refused. */
static cors_header *deny_preflight(const cors_policy *pol, cors_result *res,
                                   cors_slice vary) {
  res->allowed = false;
  res->status = pol->failure_status;
  return put_vary(res->headers, vary);
}

/* `origin` is the verdict of check_origin(). */
static cors_header *evaluate_preflight(const cors_policy *pol,
                                       const cors_request *req,
                                       cors_result *res, cors_reason origin) {
  unsigned lines = 0, tabs = 0;
  bool private_network = wants_private_network(req);
  cors_header *h = res->headers;
  res->kind = CORS_KIND_PREFLIGHT;
  res->action = CORS_ACTION_RESPOND;
  if (origin != CORS_REASON_NONE)
    return deny_preflight(pol, res, pol->vary_preflight_origin);
  if (check_preflight(pol, req, res, private_network, &lines, &tabs) !=
      CORS_REASON_NONE)
    return deny_preflight(pol, res, pol->vary_preflight);
  res->allowed = true;
  res->status = pol->preflight_status;
  h = put_allow_origin(h, pol, req);
  h = put(h, NAME("Access-Control-Allow-Methods"), req->request_method.ptr,
          req->request_method.len);
  const cors_header *acah_end = h + ALLOW_HEADERS_SLOTS;
  for (size_t i = 0; lines != 0; i++, lines >>= 1, tabs >>= 1) {
    if ((lines & 1u) == 0)
      continue;
    h = put_allow_headers(h, acah_end, req->request_headers[i], tabs & 1u);
    if (h == NULL) {
      deny(res, CORS_REASON_HEADERS_MALFORMED, req->request_headers[i]);
      return deny_preflight(pol, res, pol->vary_preflight);
    }
  }
  if (pol->max_age_value.ptr != NULL)
    h = put(h, NAME("Access-Control-Max-Age"), pol->max_age_value.ptr,
            pol->max_age_value.len);
  if (private_network)
    h = put(h, NAME("Access-Control-Allow-Private-Network"), "true", 4);
  return put_vary(h, pol->vary_preflight);
}

/* ---- actual ------------------------------------------------------------- */

static cors_header *put_expose(cors_header *h, const cors_policy *pol) {
  if (pol->expose_value.ptr != NULL)
    h = put(h, NAME("Access-Control-Expose-Headers"), pol->expose_value.ptr,
            pol->expose_value.len);
  return h;
}

static cors_header *evaluate_actual(const cors_policy *pol,
                                    const cors_request *req, cors_result *res,
                                    cors_reason origin) {
  cors_header *h = res->headers;
  res->kind = CORS_KIND_ACTUAL;
  if (origin == CORS_REASON_NONE) {
    res->allowed = true;
    h = put_allow_origin(h, pol, req);
    return put_vary(put_expose(h, pol), pol->vary_actual);
  }
  /* Under a public `*` policy every other response is the same whatever
   * the Origin, so it needs no Vary; this one differs (an invalid or
   * repeated Origin), and must not be served from a cache to others. */
  if (pol->acao_wildcard)
    return put(h, NAME("Vary"), "Origin", 6);
  return put_vary(h, pol->vary_actual);
}

/* No Origin: under a public `*` policy send what every CORS response
 * gets, so a cached copy of this response also serves cross-origin pages
 * (Fetch Standard, "CORS protocol and HTTP caches"). */
static cors_header *evaluate_not_cors(const cors_policy *pol,
                                      cors_result *res) {
  cors_header *h = res->headers;
  res->allowed = true;
  res->reason = CORS_REASON_NOT_CORS;
  if (pol->acao_wildcard) {
    h = put(h, NAME("Access-Control-Allow-Origin"), "*", 1);
    h = put_expose(h, pol);
  }
  return put_vary(h, pol->vary_actual);
}

static bool is_preflight(const cors_request *req) {
  return req->method.len == 7 && memcmp(req->method.ptr, "OPTIONS", 7) == 0 &&
         req->request_method.ptr != NULL && req->request_method.len > 0;
}

void cors_evaluate(const cors_policy *pol, const cors_request *req,
                   cors_result *res) {
  cors_header *end;
  res->kind = CORS_KIND_NONE;
  res->allowed = false;
  res->reason = CORS_REASON_NONE;
  res->reason_detail = no_detail;
  res->action = CORS_ACTION_CONTINUE;
  res->status = 0;
  if (req->origin.ptr == NULL) {
    end = evaluate_not_cors(pol, res);
  } else {
    /* The origin is checked first for both kinds: one call site, so the
     * compiler folds it in here. */
    cors_reason origin = check_origin(pol, req, res);
    if (is_preflight(req))
      end = evaluate_preflight(pol, req, res, origin);
    else
      end = evaluate_actual(pol, req, res, origin);
  }
  if (pol->report_only) {
    /* The verdict stands; the application's own CORS answers. */
    res->action = CORS_ACTION_CONTINUE;
    res->status = 0;
    end = res->headers;
  }
  res->header_count = (size_t)(end - res->headers);
}
