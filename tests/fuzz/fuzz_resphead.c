/* cors-check probe's response head parser (tools/resphead.c, compiled into
 * this target), then cors_browser_check_response() on the parsed head, and
 * Chromium's request safelist on the same header lines.
 *
 * Input: one flag byte, then the raw bytes of a response head as a server
 * sends it. Flags: bit 0 credentials; bit 1 the request is a preflight;
 * bit 2 it asks for private-network access; bit 3 its Origin is null;
 * bits 4-5 the method (GET, PUT, patch, POST); bits 6-7 the requested
 * headers (none, x-a, "authorization, x-a", "content-type,x-request-id").
 *
 * Checked: a refusal gives a one-line, terminated reason; an accepted head
 * has a status of 100-999, header slices inside the input, names without
 * trailing whitespace and trimmed values holding no LF or NUL; what the
 * browser's HTTP stack refuses (cors_resphead_refused) comes with a
 * one-line reason of printable bytes; unfolding changes only the line
 * breaks of folds. The verdict
 * is consistent (allowed exactly without a cause, warnings only when
 * allowed, preflight-only causes and warnings only on a preflight, details
 * pointing into the input or the request) and its cause is the one a plain
 * reference written from the Fetch Standard finds; cors_browser_check()
 * agrees on the same headers. The Access-Control-Request-Headers value
 * built from the lines is sorted, unique, lower-case, free of forbidden
 * and (within the 1024-byte rule) safelisted names, and its buffer
 * contract holds at every interesting size. */
#include "fuzz_common.h"
#include "resphead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORIGIN "https://app.example.com"

/* ---- a plain reference of the browser's checks ------------------------ */

static bool ref_is_tchar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

/* Every line of `name` joined with ", ", as a browser combines them. */
static size_t ref_join(const cors_resphead *h, const char *name, char *out,
                       size_t cap, bool *present) {
  size_t n = 0;
  *present = false;
  for (size_t i = 0; i < h->header_count; i++) {
    const cors_raw_header *r = &h->headers[i];
    if (!ref_name_is(r->name, r->name_len, name))
      continue;
    if (*present && n + 2 < cap) {
      memcpy(out + n, ", ", 2);
      n += 2;
    }
    *present = true;
    for (size_t k = 0; k < r->value_len && n + 1 < cap; k++)
      out[n++] = r->value[k];
  }
  out[n] = '\0';
  return n;
}

/* Whether the joined list holds `want` (nocase or not), `*`, and whether
 * every element is a token. */
static void ref_list(const char *list, const char *want, bool nocase,
                     bool *has_want, bool *has_star, bool *valid) {
  *has_want = *has_star = false;
  *valid = true;
  const char *p = list;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
    while (len > 0 && (*p == ' ' || *p == '\t')) {
      p++;
      len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    if (len > 0) {
      for (size_t i = 0; i < len; i++)
        if (!ref_is_tchar(p[i]))
          *valid = false;
      if (len == 1 && p[0] == '*')
        *has_star = true;
      if (want != NULL && strlen(want) == len) {
        bool eq = true;
        for (size_t i = 0; i < len; i++)
          eq = eq && (nocase ? ref_lower(p[i]) == ref_lower(want[i])
                             : p[i] == want[i]);
        *has_want = *has_want || eq;
      }
    }
    if (comma == NULL)
      break;
    p = comma + 1;
  }
}

static cors_cause ref_cors_check(const cors_resphead *h, const char *origin,
                                 bool credentials) {
  static char acao[CORS_RESPHEAD_MAX_BYTES];
  bool present;
  ref_join(h, "access-control-allow-origin", acao, sizeof acao, &present);
  if (!present)
    return CORS_CAUSE_MISSING_ALLOW_ORIGIN;
  if (strcmp(acao, "*") == 0)
    return credentials ? CORS_CAUSE_WILDCARD_WITH_CREDENTIALS : CORS_CAUSE_NONE;
  if (strcmp(acao, origin) != 0)
    return strpbrk(acao, ", ") != NULL ? CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN
                                       : CORS_CAUSE_ORIGIN_MISMATCH;
  if (!credentials)
    return CORS_CAUSE_NONE;
  static char acac[CORS_RESPHEAD_MAX_BYTES];
  ref_join(h, "access-control-allow-credentials", acac, sizeof acac, &present);
  return strcmp(acac, "true") == 0 ? CORS_CAUSE_NONE
                                   : CORS_CAUSE_CREDENTIALS_NOT_TRUE;
}

/* A line of `name` with a value (the parser trimmed it): an empty
 * Location makes no redirect, as in Chromium. */
static bool ref_has_value(const cors_resphead *h, const char *name) {
  for (size_t i = 0; i < h->header_count; i++)
    if (ref_name_is(h->headers[i].name, h->headers[i].name_len, name) &&
        h->headers[i].value_len > 0)
      return true;
  return false;
}

typedef struct fuzz_request {
  bool credentials, preflight, private_network;
  const char *origin, *method, *acrh;
} fuzz_request;

static cors_cause ref_preflight(const cors_resphead *h, const fuzz_request *q) {
  bool redirect = (h->status == 301 || h->status == 302 || h->status == 303 ||
                   h->status == 307 || h->status == 308) &&
                  ref_has_value(h, "location");
  if (redirect)
    return CORS_CAUSE_PREFLIGHT_REDIRECT;
  if (h->status < 200 || h->status > 299)
    return CORS_CAUSE_PREFLIGHT_STATUS;
  cors_cause c = ref_cors_check(h, q->origin, q->credentials);
  if (c != CORS_CAUSE_NONE)
    return c;
  static char list[CORS_RESPHEAD_MAX_BYTES];
  bool present, want, star, valid;
  ref_join(h, "access-control-allow-methods", list, sizeof list, &present);
  ref_list(list, q->method, false, &want, &star, &valid);
  bool safe = strcmp(q->method, "GET") == 0 || strcmp(q->method, "POST") == 0;
  if (!valid || !(want || safe || (star && !q->credentials)))
    return CORS_CAUSE_METHOD_NOT_ALLOWED;
  ref_join(h, "access-control-allow-headers", list, sizeof list, &present);
  ref_list(list, NULL, true, &want, &star, &valid);
  if (!valid)
    return CORS_CAUSE_HEADER_NOT_ALLOWED;
  char names[64];
  snprintf(names, sizeof names, "%s", q->acrh != NULL ? q->acrh : "");
  for (char *name = names; *name != '\0';) {
    char *comma = strchr(name, ',');
    if (comma != NULL)
      *comma = '\0';
    while (*name == ' ')
      name++;
    ref_list(list, name, true, &want, &star, &valid);
    if (!want && !(star && !q->credentials))
      return CORS_CAUSE_HEADER_NOT_ALLOWED;
    name = comma != NULL ? comma + 1 : name + strlen(name);
  }
  return CORS_CAUSE_NONE;
}

static cors_cause ref_actual(const cors_resphead *h, const fuzz_request *q) {
  cors_cause c = ref_cors_check(h, q->origin, q->credentials);
  bool redirect = (h->status == 301 || h->status == 302 || h->status == 303 ||
                   h->status == 307 || h->status == 308) &&
                  ref_has_value(h, "location");
  return c != CORS_CAUSE_NONE && redirect ? CORS_CAUSE_REDIRECT_BLOCKED : c;
}

/* ---- checks ----------------------------------------------------------------
 */

static bool inside(const char *p, size_t n, const char *buf, size_t len) {
  return n == 0 || (p >= buf && p + n <= buf + len);
}

static void check_refusal(const char *why, size_t cap) {
  FUZZ_CHECK(fuzz_one_line(why, cap), "reason not one terminated line");
  FUZZ_CHECK(why[0] != '\0', "refused without a reason");
}

/* What the browser's HTTP stack refuses: a reason of printable bytes only
 * (server bytes are escaped), or none; and the same answer twice. */
static void check_browser_refusal(const cors_resphead *h) {
  char why[300];
  memset(why, 'x', sizeof why);
  bool refused = cors_resphead_refused(h, why, sizeof why);
  FUZZ_CHECK(fuzz_one_line(why, sizeof why), "reason not one terminated line");
  FUZZ_CHECK(refused == (why[0] != '\0'), "a reason exactly when refused");
  for (const char *p = why; *p != '\0'; p++)
    FUZZ_CHECK(*p >= 0x20 && *p < 0x7f, "unescaped byte in the reason");
  FUZZ_CHECK(cors_resphead_refused(h, NULL, 0) == refused, "not repeatable");
}

static void check_head(const cors_resphead *h, const char *buf, size_t len) {
  FUZZ_CHECK(h->status >= 100 && h->status <= 999, "status out of range");
  FUZZ_CHECK(h->header_count <= CORS_RESPHEAD_MAX_HEADERS, "too many");
  for (size_t i = 0; i < h->header_count; i++) {
    const cors_raw_header *r = &h->headers[i];
    FUZZ_CHECK(r->name_len > 0, "empty name");
    FUZZ_CHECK(inside(r->name, r->name_len, buf, len) &&
                   inside(r->value, r->value_len, buf, len),
               "header slice outside the input");
    char last = r->name[r->name_len - 1];
    FUZZ_CHECK(last != ' ' && last != '\t', "name not trimmed");
    FUZZ_CHECK(memchr(r->name, ':', r->name_len) == NULL, "colon in name");
    if (r->value_len > 0) {
      FUZZ_CHECK(memchr(r->value, '\n', r->value_len) == NULL &&
                     memchr(r->value, '\0', r->value_len) == NULL,
                 "LF or NUL in a value");
      char a = r->value[0], b = r->value[r->value_len - 1];
      FUZZ_CHECK(a != ' ' && a != '\t' && b != ' ' && b != '\t',
                 "value not trimmed");
    }
  }
}

static bool is_cors_check_cause(cors_cause c) {
  return c == CORS_CAUSE_MISSING_ALLOW_ORIGIN ||
         c == CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN ||
         c == CORS_CAUSE_ORIGIN_MISMATCH ||
         c == CORS_CAUSE_WILDCARD_WITH_CREDENTIALS ||
         c == CORS_CAUSE_CREDENTIALS_NOT_TRUE;
}

static void check_verdict(const cors_browser_verdict *v, cors_cause got,
                          const fuzz_request *q, const cors_request *req,
                          const char *buf, size_t len) {
  const unsigned all = CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN |
                       CORS_RESPONSE_WARN_MAX_AGE_CAPPED |
                       CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL |
                       CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD |
                       CORS_RESPONSE_WARN_PRIVATE_NETWORK;
  const unsigned preflight_only = CORS_RESPONSE_WARN_MAX_AGE_CAPPED |
                                  CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD |
                                  CORS_RESPONSE_WARN_PRIVATE_NETWORK;
  FUZZ_CHECK(got == v->cause, "returned cause differs from the verdict's");
  FUZZ_CHECK(v->allowed == (v->cause == CORS_CAUSE_NONE), "allowed vs cause");
  FUZZ_CHECK(v->preflight == q->preflight, "preflight flag");
  FUZZ_CHECK(v->cause != CORS_CAUSE_NETWORK_ERROR, "network error");
  FUZZ_CHECK((v->warnings & ~all) == 0, "unknown warning bit");
  FUZZ_CHECK(v->allowed || v->warnings == 0, "warnings on a refusal");
  if (v->cause == CORS_CAUSE_REDIRECT_BLOCKED)
    FUZZ_CHECK(is_cors_check_cause(v->check_cause) && v->redirect &&
                   !q->preflight,
               "redirect-blocked without a failed CORS check on a redirect");
  else
    FUZZ_CHECK(v->check_cause == v->cause, "check cause differs");
  if (!q->preflight) {
    FUZZ_CHECK(v->allowed || is_cors_check_cause(v->check_cause),
               "a preflight-only cause on an actual response");
    FUZZ_CHECK((v->warnings & preflight_only) == 0,
               "a preflight-only warning on an actual response");
  } else {
    FUZZ_CHECK((v->warnings & CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN) == 0,
               "a Vary warning on a preflight");
  }
  FUZZ_CHECK(!v->redirect || v->location.ptr != NULL, "redirect, no Location");
  if (v->location.ptr != NULL)
    FUZZ_CHECK(inside(v->location.ptr, v->location.len, buf, len),
               "Location outside the input");
  if (v->detail.ptr != NULL && v->detail.len > 0) {
    bool in_input = inside(v->detail.ptr, v->detail.len, buf, len);
    bool in_method = v->detail.ptr == req->request_method.ptr;
    bool in_acrh =
        req->request_headers[0].ptr != NULL &&
        inside(v->detail.ptr, v->detail.len, req->request_headers[0].ptr,
               req->request_headers[0].len);
    FUZZ_CHECK(in_input || in_method || in_acrh, "detail points elsewhere");
  }
}

/* cors_browser_check() reads the same rules, stricter on two warnings. */
static void check_oracle(const cors_resphead *h, const cors_request *req,
                         const fuzz_request *q, const cors_browser_verdict *v) {
  if (h->header_count > CORS_MAX_RESULT_HEADERS)
    return;
  cors_result res;
  memset(&res, 0, sizeof res);
  res.kind = q->preflight ? CORS_KIND_PREFLIGHT : CORS_KIND_ACTUAL;
  res.action = q->preflight ? CORS_ACTION_RESPOND : CORS_ACTION_CONTINUE;
  res.status = q->preflight ? h->status : 0;
  res.header_count = h->header_count;
  for (size_t i = 0; i < h->header_count; i++)
    res.headers[i] =
        (cors_header){h->headers[i].name, h->headers[i].name_len,
                      h->headers[i].value, h->headers[i].value_len};
  bool strict =
      v->allowed && (v->warnings & (CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD |
                                    CORS_RESPONSE_WARN_PRIVATE_NETWORK)) == 0;
  /* An actual request's redirect status is not in a result (CONTINUE), so
   * only its allowed-ness can be compared, which a redirect never changes. */
  FUZZ_CHECK(cors_browser_check(req, &res, q->credentials, NULL) == strict,
             "cors_browser_check disagrees with cors_browser_check_response");
}

/* Whether input header i is one a page can set that calls for a preflight
 * (`all`: the safelisted values total more than 1024 bytes). */
static bool ref_unsafe(const cors_raw_header *r, bool all) {
  bool token = r->name_len > 0;
  for (size_t k = 0; k < r->name_len; k++)
    token = token && ref_is_tchar(r->name[k]);
  if (!token || cors_browser_header_is_forbidden(r->name, r->name_len, r->value,
                                                 r->value_len))
    return false;
  return all || !cors_browser_header_is_safelisted(r->name, r->name_len,
                                                   r->value, r->value_len);
}

static bool ref_listed(const char *list, const cors_raw_header *r) {
  for (const char *p = list; *p != '\0';) {
    const char *comma = strchr(p, ',');
    size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
    bool eq = n == r->name_len;
    for (size_t k = 0; eq && k < n; k++)
      eq = ref_lower(r->name[k]) == p[k];
    if (eq)
      return true;
    p = comma != NULL ? comma + 1 : p + n;
  }
  return false;
}

/* The ACRH value of the response's lines taken as page headers. */
static void check_request_headers(const cors_resphead *h) {
  size_t need = 0;
  FUZZ_CHECK(cors_browser_request_headers(h->headers, h->header_count, NULL, 0,
                                          &need) == CORS_ERR_BUFFER_TOO_SMALL,
             "sizing call");
  char *buf = malloc(need + 1);
  FUZZ_CHECK(buf != NULL, "out of memory");
  size_t again = 0;
  FUZZ_CHECK(cors_browser_request_headers(h->headers, h->header_count, buf,
                                          need + 1, &again) == CORS_OK &&
                 again == need && buf[need] == '\0' && strlen(buf) == need,
             "exact buffer");
  if (need > 0) {
    char *small = malloc(need);
    FUZZ_CHECK(small != NULL, "out of memory");
    FUZZ_CHECK(cors_browser_request_headers(h->headers, h->header_count, small,
                                            need, &again) ==
                       CORS_ERR_BUFFER_TOO_SMALL &&
                   again == need && small[0] == '\0',
               "one byte short");
    free(small);
  }
  size_t total = 0;
  for (size_t i = 0; i < h->header_count; i++) {
    const cors_raw_header *r = &h->headers[i];
    if (ref_unsafe(r, true) &&
        cors_browser_header_is_safelisted(r->name, r->name_len, r->value,
                                          r->value_len))
      total += r->value_len;
  }
  bool all = total > 1024;
  /* Exactly the unsafe names: each input header that calls for a
   * preflight is listed, and each listed name comes from one. */
  for (size_t i = 0; i < h->header_count; i++)
    if (ref_unsafe(&h->headers[i], all))
      FUZZ_CHECK(ref_listed(buf, &h->headers[i]), "an unsafe name missing");
  const char *prev = NULL;
  size_t prev_len = 0;
  for (char *p = buf; need > 0;) {
    char *comma = strchr(p, ',');
    size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
    FUZZ_CHECK(n > 0, "empty name in the list");
    char saved = p[n];
    p[n] = '\0';
    bool from_input = false;
    for (size_t i = 0; i < h->header_count && !from_input; i++)
      from_input =
          ref_unsafe(&h->headers[i], all) && ref_listed(p, &h->headers[i]);
    p[n] = saved;
    FUZZ_CHECK(from_input, "a listed name no unsafe input header has");
    if (prev != NULL) {
      size_t m = prev_len < n ? prev_len : n;
      int cmp = memcmp(prev, p, m);
      FUZZ_CHECK(cmp < 0 || (cmp == 0 && prev_len < n), "not sorted/unique");
    }
    prev = p;
    prev_len = n;
    if (comma == NULL)
      break;
    p = comma + 1;
  }
  free(buf);
}

static fuzz_request decode_flags(uint8_t f) {
  static const char *const methods[] = {"GET", "PUT", "patch", "POST"};
  static const char *const acrh[] = {NULL, "x-a", "authorization, x-a",
                                     "content-type,x-request-id"};
  fuzz_request q;
  q.credentials = (f & 1) != 0;
  q.preflight = (f & 2) != 0;
  q.private_network = (f & 4) != 0;
  q.origin = (f & 8) != 0 ? "null" : ORIGIN;
  q.method = methods[(f >> 4) & 3];
  q.acrh = q.preflight ? acrh[(f >> 6) & 3] : NULL;
  return q;
}

static void build_request(cors_request *req, const fuzz_request *q) {
  cors_request_init(req);
  req->origin = cors_slice_cstr(q->origin);
  req->origin_count = 1;
  if (!q->preflight) {
    req->method = cors_slice_cstr(q->method);
    return;
  }
  req->method = cors_slice_cstr("OPTIONS");
  req->request_method = cors_slice_cstr(q->method);
  req->request_method_count = 1;
  if (q->acrh != NULL) {
    req->request_headers[0] = cors_slice_cstr(q->acrh);
    req->request_headers_count = 1;
  }
  if (q->private_network)
    req->request_private_network = cors_slice_cstr("true");
}

/* Unfolding (what the probe does before parsing) only turns the line
 * breaks of folds into spaces, one or two bytes per fold, and what it
 * gives parses into a head with the same invariants. */
static void check_unfold(const char *buf, size_t len) {
  char *copy = malloc(len > 0 ? len : 1);
  cors_resphead *h = malloc(sizeof *h);
  FUZZ_CHECK(copy != NULL && h != NULL, "out of memory");
  if (len > 0)
    memcpy(copy, buf, len);
  size_t folds = cors_resphead_unfold(copy, len);
  size_t changed = 0;
  for (size_t i = 0; i < len; i++) {
    if (copy[i] == buf[i])
      continue;
    FUZZ_CHECK(copy[i] == ' ' && (buf[i] == '\n' || buf[i] == '\r'),
               "unfolding changed something else than a line break");
    changed++;
  }
  FUZZ_CHECK(changed >= folds && changed <= 2 * folds, "folds miscounted");
  char why[160];
  if (cors_resphead_parse(copy, len, h, why, sizeof why))
    check_head(h, copy, len);
  free(h);
  free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  fuzz_request q = decode_flags(data[0]);
  size_t len = size - 1;
  /* An exactly-sized copy, so reads past the end are caught. */
  char *buf = malloc(len > 0 ? len : 1);
  FUZZ_CHECK(buf != NULL, "out of memory");
  if (len > 0)
    memcpy(buf, data + 1, len);
  cors_resphead *head = malloc(sizeof *head);
  FUZZ_CHECK(head != NULL, "out of memory");
  char why[160];
  memset(why, 'x', sizeof why);
  check_unfold(buf, len);
  if (!cors_resphead_parse(buf, len, head, why, sizeof why)) {
    check_refusal(why, sizeof why);
  } else {
    check_head(head, buf, len);
    check_browser_refusal(head);
    cors_request req;
    build_request(&req, &q);
    cors_browser_verdict v;
    cors_cause got =
        cors_browser_check_response(&req, q.credentials, head->status,
                                    head->headers, head->header_count, &v);
    check_verdict(&v, got, &q, &req, buf, len);
    cors_cause want =
        q.preflight ? ref_preflight(head, &q) : ref_actual(head, &q);
    if (got != want)
      fprintf(stderr, "cause %s, reference %s\n", cors_cause_string(got),
              cors_cause_string(want));
    FUZZ_CHECK(got == want, "the reference finds another cause");
    check_oracle(head, &req, &q, &v);
    check_request_headers(head);
  }
  free(head);
  free(buf);
  return 0;
}
