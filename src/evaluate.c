/* cors_evaluate: classify, decide, and point at the headers to send.
 * Nothing here allocates or writes outside the result. */
#include "headerlist.h"
#include "policy.h"

#include <string.h>

#define NAME(s) s, sizeof(s) - 1

static void push(cors_result *res, const char *name, size_t name_len,
                 const char *value, size_t value_len) {
  cors_header *h = &res->headers[res->header_count++];
  h->name = name;
  h->name_len = name_len;
  h->value = value;
  h->value_len = value_len;
}

static void push_vary(cors_result *res, cors_slice vary) {
  if (vary.ptr != NULL)
    push(res, NAME("Vary"), vary.ptr, vary.len);
}

static void push_allow_origin(const cors_policy *pol, const cors_request *req,
                              cors_result *res) {
  if (pol->acao_wildcard)
    push(res, NAME("Access-Control-Allow-Origin"), "*", 1);
  else
    push(res, NAME("Access-Control-Allow-Origin"), req->origin.ptr,
         req->origin.len);
  if (pol->credentials)
    push(res, NAME("Access-Control-Allow-Credentials"), "true", 4);
}

static cors_reason deny(cors_result *res, cors_reason reason,
                        cors_slice detail) {
  res->reason = reason;
  res->reason_detail = detail;
  return reason;
}

/* ---- origin ------------------------------------------------------------- */

/* Patterns and the regex: the origin was validated (view v). */
static bool origin_matched(const cors_policy *pol, const char *s, size_t len,
                           const cors__origin_view *v) {
  if (v->is_null)
    return pol->allow_null; /* never through a pattern or the regex */
  for (size_t i = 0; i < pol->pattern_count; i++) {
    if (cors__origin_pattern_match(&pol->patterns[i], s, v))
      return true;
  }
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
  cors__origin_view v;
  if (!cors__origin_validate_request(o.ptr, o.len, &v))
    return deny(res, CORS_REASON_ORIGIN_INVALID, o);
  if (pol->any_origin || origin_matched(pol, o.ptr, o.len, &v))
    return CORS_REASON_NONE;
  return deny(res, CORS_REASON_ORIGIN_NOT_ALLOWED, o);
}

/* ---- preflight ---------------------------------------------------------- */

static bool method_allowed(const cors_policy *pol, cors_slice m) {
  if (pol->any_method)
    return true;
  for (size_t i = 0; i < pol->method_count; i++) {
    if (pol->methods[i].len == m.len &&
        memcmp(pol->methods[i].text, m.ptr, m.len) == 0)
      return true;
  }
  return false;
}

static bool header_allowed(const cors_policy *pol, cors_slice h) {
  for (size_t i = 0; i < pol->header_count; i++) {
    if (cors__eq_nocase(pol->headers[i].text, pol->headers[i].len, h.ptr,
                        h.len))
      return true;
  }
  /* The Fetch Standard never lets `*` cover Authorization. */
  return pol->any_header && !cors__eq_nocase(h.ptr, h.len, "authorization", 13);
}

static cors_reason check_method(const cors_policy *pol,
                                const cors_request *req, cors_result *res) {
  if (req->request_method_count > 1)
    return deny(res, CORS_REASON_MALFORMED_REQUEST, req->request_method);
  if (!cors__is_token(req->request_method.ptr, req->request_method.len))
    return deny(res, CORS_REASON_METHOD_INVALID, req->request_method);
  if (!method_allowed(pol, req->request_method))
    return deny(res, CORS_REASON_METHOD_NOT_ALLOWED, req->request_method);
  return CORS_REASON_NONE;
}

/* Checks every requested header; *lines_with_items gets a bit per line
 * that named at least one header (the lines to echo). */
static cors_reason check_headers(const cors_policy *pol,
                                 const cors_request *req, cors_result *res,
                                 unsigned *lines_with_items) {
  *lines_with_items = 0;
  size_t lines = req->request_headers_count;
  if (lines > CORS_MAX_REQUEST_HEADER_LINES)
    return deny(res, CORS_REASON_HEADERS_MALFORMED, (cors_slice){NULL, 0});
  for (size_t i = 0; i < lines; i++) {
    const cors_slice *l = &req->request_headers[i];
    /* The list is echoed verbatim, and a tab is a control byte that must
     * never be emitted; browsers never send one here. */
    if (l->ptr != NULL && memchr(l->ptr, '\t', l->len) != NULL)
      return deny(res, CORS_REASON_HEADERS_MALFORMED, *l);
  }
  cors__hl_iter it;
  cors__hl_init(&it, req->request_headers, lines);
  cors_slice item;
  for (;;) {
    switch (cors__hl_next(&it, &item)) {
    case CORS__HL_END:
      return CORS_REASON_NONE;
    case CORS__HL_TOO_EMPTY:
      return deny(res, CORS_REASON_HEADERS_MALFORMED, (cors_slice){NULL, 0});
    case CORS__HL_INVALID:
      return deny(res, CORS_REASON_HEADER_INVALID, item);
    case CORS__HL_ITEM:
      if (!header_allowed(pol, item))
        return deny(res, CORS_REASON_HEADER_NOT_ALLOWED, item);
      *lines_with_items |= 1u << it.line;
      break;
    }
  }
}

static bool wants_private_network(const cors_request *req) {
  const cors_slice v = req->request_private_network;
  return v.ptr != NULL && v.len == 4 && memcmp(v.ptr, "true", 4) == 0;
}

static cors_reason check_preflight(const cors_policy *pol,
                                   const cors_request *req, cors_result *res,
                                   unsigned *lines_with_items) {
  cors_reason r = check_origin(pol, req, res);
  if (r == CORS_REASON_NONE)
    r = check_method(pol, req, res);
  if (r == CORS_REASON_NONE)
    r = check_headers(pol, req, res, lines_with_items);
  if (r == CORS_REASON_NONE && wants_private_network(req) &&
      !pol->private_network)
    r = deny(res, CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED,
             req->request_private_network);
  return r;
}

static void evaluate_preflight(const cors_policy *pol,
                               const cors_request *req, cors_result *res) {
  unsigned lines = 0;
  res->kind = CORS_KIND_PREFLIGHT;
  res->action = CORS_ACTION_RESPOND;
  if (check_preflight(pol, req, res, &lines) != CORS_REASON_NONE) {
    /* A denial discloses nothing of the policy. */
    res->status = pol->failure_status;
    push_vary(res, pol->vary_preflight);
    return;
  }
  res->allowed = true;
  res->status = pol->preflight_status;
  push_allow_origin(pol, req, res);
  push(res, NAME("Access-Control-Allow-Methods"), req->request_method.ptr,
       req->request_method.len);
  for (size_t i = 0; i < req->request_headers_count; i++) {
    if (lines & (1u << i))
      push(res, NAME("Access-Control-Allow-Headers"),
           req->request_headers[i].ptr, req->request_headers[i].len);
  }
  if (pol->max_age_value.ptr != NULL)
    push(res, NAME("Access-Control-Max-Age"), pol->max_age_value.ptr,
         pol->max_age_value.len);
  if (wants_private_network(req))
    push(res, NAME("Access-Control-Allow-Private-Network"), "true", 4);
  push_vary(res, pol->vary_preflight);
}

/* ---- actual ------------------------------------------------------------- */

static void evaluate_actual(const cors_policy *pol, const cors_request *req,
                            cors_result *res) {
  res->kind = CORS_KIND_ACTUAL;
  if (check_origin(pol, req, res) == CORS_REASON_NONE) {
    res->allowed = true;
    push_allow_origin(pol, req, res);
    if (pol->expose_value.ptr != NULL)
      push(res, NAME("Access-Control-Expose-Headers"), pol->expose_value.ptr,
           pol->expose_value.len);
  }
  push_vary(res, pol->vary_actual);
}

static bool is_preflight(const cors_request *req) {
  return req->method.len == 7 && memcmp(req->method.ptr, "OPTIONS", 7) == 0 &&
         req->request_method.ptr != NULL && req->request_method.len > 0;
}

void cors_evaluate(const cors_policy *pol, const cors_request *req,
                   cors_result *res) {
  res->kind = CORS_KIND_NONE;
  res->allowed = false;
  res->reason = CORS_REASON_NONE;
  res->reason_detail = (cors_slice){NULL, 0};
  res->action = CORS_ACTION_CONTINUE;
  res->status = 0;
  res->header_count = 0;
  if (req->origin.ptr == NULL) {
    res->allowed = true;
    res->reason = CORS_REASON_NOT_CORS;
    push_vary(res, pol->vary_actual);
    return;
  }
  if (is_preflight(req))
    evaluate_preflight(pol, req, res);
  else
    evaluate_actual(pol, req, res);
}
