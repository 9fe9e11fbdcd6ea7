/* docs/semantics.md#preflight-requests: Access-Control-Request-Headers is
 * a comma-separated list
 * (optional whitespace trimmed, case-insensitive, up to 16 empty elements,
 * each element a token), repeated lines count as one list; `*` grants
 * everything but Authorization. */
#include "common.h"

#include "headerlist.h"

#include <stdlib.h>
#include <string.h>

/* ---- the internal iterator ----------------------------------------------- */

typedef struct hl_case {
  const char *name;
  cors_slice lines[3];
  size_t line_count;
  const char *items; /* names it yields, joined by '|' */
  cors__hl_status end;
  const char *bad; /* the element reported with CORS__HL_INVALID */
} hl_case;

static const hl_case hl_cases[] = {
    {"one", {SL("x-a")}, 1, "x-a", CORS__HL_END, NULL},
    {"two_case_kept", {SL("X-A, x-b")}, 1, "X-A|x-b", CORS__HL_END, NULL},
    {"spaces_tabs", {SL(" \tx-a \t,\t x-b  ")}, 1, "x-a|x-b", CORS__HL_END, NULL},
    {"double_comma", {SL("x-a,,x-b")}, 1, "x-a|x-b", CORS__HL_END, NULL},
    {"leading_trailing_comma", {SL(",x-a,")}, 1, "x-a", CORS__HL_END, NULL},
    {"whitespace_elements", {SL("x-a, ,\t,x-b")}, 1, "x-a|x-b", CORS__HL_END, NULL},
    {"all_tchars", {SL("!#$%&'*+-.^_`|~09azAZ")}, 1, "!#$%&'*+-.^_`|~09azAZ", CORS__HL_END, NULL},
    {"two_lines", {SL("x-a"), SL("x-b, x-c")}, 2, "x-a|x-b|x-c", CORS__HL_END, NULL},
    {"three_lines", {SL("x-a"), SL("x-b"), SL("x-c")}, 3, "x-a|x-b|x-c", CORS__HL_END, NULL},
    {"lines_not_glued", {SL("x-a"), SL("b")}, 2, "x-a|b", CORS__HL_END, NULL},
    {"not_nul_terminated", {{"x-a, x-bGARBAGE", 8}}, 1, "x-a|x-b", CORS__HL_END, NULL},
    {"inner_space", {SL("x a")}, 1, "", CORS__HL_INVALID, "x a"},
    {"colon", {SL("x-a:")}, 1, "", CORS__HL_INVALID, "x-a:"},
    {"semicolon", {SL("x-a;q=1")}, 1, "", CORS__HL_INVALID, "x-a;q=1"},
    {"quotes", {SL("\"x-a\"")}, 1, "", CORS__HL_INVALID, "\"x-a\""},
    {"parens", {SL("x(a)")}, 1, "", CORS__HL_INVALID, "x(a)"},
    {"control", {SL("x\x01" "a")}, 1, "", CORS__HL_INVALID, "x\x01" "a"},
    {"nul", {SL("x\0a")}, 1, "", CORS__HL_INVALID, NULL},
    {"high_byte", {SL("x-\xc3\xa9")}, 1, "", CORS__HL_INVALID, "x-\xc3\xa9"},
    {"crlf_inside", {SL("x-a\r\nx-b")}, 1, "", CORS__HL_INVALID, NULL},
    {"valid_then_invalid", {SL("x-a, x b")}, 1, "x-a", CORS__HL_INVALID, "x b"},
    {"invalid_on_second_line", {SL("x-a"), SL("x@b")}, 2, "x-a", CORS__HL_INVALID, "x@b"},
};

/* Runs the iterator; returns the final status and joins the items. */
static cors__hl_status run_iter(const cors_slice *lines, size_t n, char *joined,
                                size_t cap, cors_slice *last) {
  cors__hl_iter it;
  cors__hl_init(&it, lines, n);
  joined[0] = '\0';
  size_t used = 0;
  for (size_t guard = 0; guard < 100000; guard++) {
    cors_slice item = {NULL, 0};
    cors__hl_status st = cors__hl_next(&it, &item);
    *last = item;
    if (st != CORS__HL_ITEM)
      return st;
    ck_assert_msg(item.ptr && item.len > 0, "empty item yielded");
    ck_assert_msg(used + item.len + 2 < cap, "items overflow the test buffer");
    if (used)
      joined[used++] = '|';
    memcpy(joined + used, item.ptr, item.len);
    used += item.len;
    joined[used] = '\0';
  }
  ck_abort_msg("iterator never ends");
  return CORS__HL_END;
}

START_TEST(headerlist_iterator) {
  const hl_case *c = &hl_cases[_i];
  char joined[512];
  cors_slice last;
  cors__hl_status st = run_iter(c->lines, c->line_count, joined, sizeof joined,
                                &last);
  ck_assert_msg(st == c->end, "%s: end status %d, want %d", c->name, (int)st,
                (int)c->end);
  ck_assert_msg(strcmp(joined, c->items) == 0, "%s: items '%s', want '%s'",
                c->name, printable(joined, strlen(joined)), c->items);
  if (c->bad)
    ck_assert_msg(last.len == strlen(c->bad) &&
                      memcmp(last.ptr, c->bad, last.len) == 0,
                  "%s: invalid element reported as '%s'", c->name,
                  printable(last.ptr, last.len));
}
END_TEST

/* "a" followed by k commas holds k empty elements; up to 16 pass. */
START_TEST(headerlist_empty_element_bound) {
  char buf[64];
  char joined[64];
  cors_slice last;
  for (size_t k = 0; k <= 20; k++) {
    /* trailing empties */
    buf[0] = 'a';
    memset(buf + 1, ',', k);
    cors_slice line = {buf, k + 1};
    cors__hl_status st = run_iter(&line, 1, joined, sizeof joined, &last);
    cors__hl_status want = k <= CORS__MAX_EMPTY_ELEMENTS ? CORS__HL_END
                                                         : CORS__HL_TOO_EMPTY;
    ck_assert_msg(st == want, "a + %zu commas: status %d", k, (int)st);
    /* leading empties */
    memset(buf, ',', k);
    buf[k] = 'a';
    st = run_iter(&line, 1, joined, sizeof joined, &last);
    ck_assert_msg(st == want, "%zu commas + a: status %d", k, (int)st);
  }
}
END_TEST

/* The bound counts across lines: "a" + 8 commas, then 8 commas + "b" make
 * 17 commas between a and b once joined (16 empty elements). */
START_TEST(headerlist_empty_bound_across_lines) {
  char first[32], second[32], joined[64];
  cors_slice last;
  for (size_t extra = 0; extra <= 1; extra++) {
    first[0] = 'a';
    memset(first + 1, ',', 8);
    memset(second, ',', 8 + extra);
    second[8 + extra] = 'b';
    cors_slice lines[2] = {{first, 9}, {second, 9 + extra}};
    cors__hl_status st = run_iter(lines, 2, joined, sizeof joined, &last);
    cors__hl_status want = extra ? CORS__HL_TOO_EMPTY : CORS__HL_END;
    ck_assert_msg(st == want, "%zu empties across lines: status %d",
                  16 + extra, (int)st);
  }
}
END_TEST

START_TEST(headerlist_4000_commas) {
  enum { N = 4000 };
  char *buf = malloc(N + 1);
  ck_assert_ptr_nonnull(buf);
  char joined[64];
  cors_slice last;
  memset(buf, ',', N);
  cors_slice only = {buf, N};
  ck_assert_int_eq(run_iter(&only, 1, joined, sizeof joined, &last),
                   CORS__HL_TOO_EMPTY);
  buf[0] = 'a';
  cors_slice with_name = {buf, N + 0};
  ck_assert_int_eq(run_iter(&with_name, 1, joined, sizeof joined, &last),
                   CORS__HL_TOO_EMPTY);
  free(buf);
}
END_TEST

/* ---- through cors_evaluate ------------------------------------------------ */

typedef struct acrh_case {
  const char *name;
  const char *lines[3];
  size_t line_count;
  bool allowed;
  cors_reason reason;
  const char *detail; /* expected reason_detail, or NULL: not checked */
} acrh_case;

#define C17 ",,,,,,,,,,,,,,,,," /* 17 commas */
#define C16 ",,,,,,,,,,,,,,,," /* 16 commas */

static const acrh_case acrh_cases[] = {
    {"single", {"x-custom"}, 1, true, CORS_REASON_NONE, NULL},
    {"mixed_case", {"X-CUSTOM, content-TYPE"}, 1, true, CORS_REASON_NONE, NULL},
    {"spaces", {"  x-custom  ,   content-type "}, 1, true, CORS_REASON_NONE, NULL},
    /* semantics.md#preflight-requests: optional whitespace (SP / HTAB) is trimmed */
    {"tabs_are_optional_whitespace", {" \t x-custom \t , \tcontent-type\t "}, 1, true, CORS_REASON_NONE, NULL},
    {"double_comma", {"x-custom,,content-type"}, 1, true, CORS_REASON_NONE, NULL},
    {"edge_commas", {",x-custom,"}, 1, true, CORS_REASON_NONE, NULL},
    {"sixteen_empties", {"x-custom" C16}, 1, true, CORS_REASON_NONE, NULL},
    {"seventeen_empties", {"x-custom" C17}, 1, false, CORS_REASON_HEADERS_MALFORMED, NULL},
    {"seventeen_leading", {C17 "x-custom"}, 1, false, CORS_REASON_HEADERS_MALFORMED, NULL},
    {"authorization_listed", {"Authorization"}, 1, true, CORS_REASON_NONE, NULL},
    {"empty_value", {""}, 1, true, CORS_REASON_NONE, NULL},
    {"inner_space", {"x custom"}, 1, false, CORS_REASON_HEADER_INVALID, "x custom"},
    {"colon", {"x-custom:"}, 1, false, CORS_REASON_HEADER_INVALID, NULL},
    {"control_byte", {"x-cu\x01stom"}, 1, false, CORS_REASON_HEADER_INVALID, NULL},
    {"high_byte", {"x-\xc3\xa9"}, 1, false, CORS_REASON_HEADER_INVALID, NULL},
    {"crlf_injection", {"x-custom\r\nSet-Cookie: a=b"}, 1, false, CORS_REASON_HEADER_INVALID, NULL},
    {"valid_then_invalid", {"x-custom, x y"}, 1, false, CORS_REASON_HEADER_INVALID, "x y"},
    {"not_allowed", {"x-other"}, 1, false, CORS_REASON_HEADER_NOT_ALLOWED, "x-other"},
    {"not_allowed_among", {"x-custom, X-Other, content-type"}, 1, false, CORS_REASON_HEADER_NOT_ALLOWED, "X-Other"},
    {"prefix_lookalike", {"x-custo"}, 1, false, CORS_REASON_HEADER_NOT_ALLOWED, "x-custo"},
    {"suffix_lookalike", {"x-customs"}, 1, false, CORS_REASON_HEADER_NOT_ALLOWED, "x-customs"},
    {"two_lines", {"x-custom", "content-type"}, 2, true, CORS_REASON_NONE, NULL},
    {"two_lines_one_refused", {"x-custom", "x-other"}, 2, false, CORS_REASON_HEADER_NOT_ALLOWED, "x-other"},
    {"three_lines_with_empties", {"x-custom,", ",", ",content-type"}, 3, true, CORS_REASON_NONE, NULL},
    {"lines_empties_add_up", {"x-custom" C16, "content-type"}, 2, true, CORS_REASON_NONE, NULL},
    {"lines_empties_overflow", {"x-custom" C16, C16 "content-type"}, 2, false, CORS_REASON_HEADERS_MALFORMED, NULL},
};

static policy_spec named_headers_spec(void) {
  policy_spec spec = {.origins = "https://app.example", .credentials = true,
                      .allowed_headers = "X-Custom, Content-Type, Authorization"};
  return spec;
}

static void build_preflight(cors_request *req, const char *const *lines,
                            size_t n) {
  request_spec rq = {.method = "OPTIONS", .origin = SL("https://app.example"),
                     .acrm = "GET"};
  request_from_spec(req, &rq);
  for (size_t i = 0; i < n; i++)
    req->request_headers[i] = cors_slice_cstr(lines[i]);
  req->request_headers_count = (unsigned)n;
}

static bool requested(const char *const *lines, size_t n, const char *e,
                      size_t elen) {
  char token[128];
  if (elen >= sizeof token)
    return false;
  memcpy(token, e, elen);
  token[elen] = '\0';
  for (size_t i = 0; i < n; i++)
    if (list_has_token(lines[i], strlen(lines[i]), token))
      return true;
  return false;
}

static bool is_acah(const cors_header *h) {
  static const char name[] = "access-control-allow-headers";
  if (h->name_len != sizeof name - 1)
    return false;
  for (size_t i = 0; i < h->name_len; i++) {
    char c = h->name[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != name[i])
      return false;
  }
  return true;
}

/* Whether any Access-Control-Allow-Headers line names `token`. Several
 * lines are one comma-joined list in HTTP, as they are in the request. */
static bool acah_has(const cors_result *res, const char *token) {
  for (size_t i = 0; i < res->header_count; i++)
    if (is_acah(&res->headers[i]) &&
        list_has_token(res->headers[i].value, res->headers[i].value_len, token))
      return true;
  return false;
}

/* Calls fn on each trimmed non-empty element of a list value. */
static void each_item(const char *v, size_t len,
                      void (*fn)(const char *, size_t, const void *),
                      const void *ctx) {
  size_t s = 0;
  for (size_t j = 0; j <= len; j++) {
    if (j < len && v[j] != ',')
      continue;
    size_t a = s, b = j;
    while (a < b && (v[a] == ' ' || v[a] == '\t'))
      a++;
    while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
      b--;
    if (b > a)
      fn(v + a, b - a, ctx);
    s = j + 1;
  }
}

typedef struct acah_ctx {
  const cors_result *res;
  const char *const *lines;
  size_t n;
  const char *name;
} acah_ctx;

static void granted_was_requested(const char *e, size_t n, const void *vctx) {
  const acah_ctx *c = vctx;
  ck_assert_msg(requested(c->lines, c->n, e, n), "%s: ACAH discloses unrequested %s",
                c->name, printable(e, n));
}

static void requested_is_granted(const char *e, size_t n, const void *vctx) {
  const acah_ctx *c = vctx;
  char tok[128];
  ck_assert_msg(n < sizeof tok, "%s: token too long for the test", c->name);
  memcpy(tok, e, n);
  tok[n] = '\0';
  ck_assert_msg(acah_has(c->res, tok), "%s: ACAH lacks requested %s", c->name, tok);
}

/* Allow-Headers names exactly what was requested (least disclosure), and
 * never `*` (which browsers read literally with credentials). */
static void check_acah(const cors_result *res, const char *const *lines,
                       size_t n, const char *ctx) {
  acah_ctx c = {res, lines, n, ctx};
  size_t want = 0, lines_out = 0;
  for (size_t i = 0; i < n; i++)
    want += list_count(lines[i], strlen(lines[i]));
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (!is_acah(h))
      continue;
    lines_out++;
    ck_assert_msg(!(h->value_len == 1 && h->value[0] == '*'),
                  "%s: ACAH must name the headers, not *", ctx);
    each_item(h->value, h->value_len, granted_was_requested, &c);
  }
  if (want == 0)
    return;
  ck_assert_msg(lines_out > 0, "%s: no Access-Control-Allow-Headers", ctx);
  for (size_t i = 0; i < n; i++)
    each_item(lines[i], strlen(lines[i]), requested_is_granted, &c);
}

static void check_acrh_case(const cors_policy *pol, const acrh_case *c) {
  cors_request req;
  build_preflight(&req, c->lines, c->line_count);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(res.kind == CORS_KIND_PREFLIGHT, "%s: kind", c->name);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  ck_assert_msg(res.reason == c->reason, "%s: reason %s, want %s", c->name,
                cors_reason_string(res.reason), cors_reason_string(c->reason));
  ck_assert_int_eq(res.action, CORS_ACTION_RESPOND);
  ck_assert_msg(res.status == (c->allowed ? 204 : 403), "%s: status %d",
                c->name, res.status);
  if (c->detail)
    ck_assert_msg(res.reason_detail.len == strlen(c->detail) &&
                      memcmp(res.reason_detail.ptr, c->detail,
                             res.reason_detail.len) == 0,
                  "%s: reason_detail '%s', want '%s'", c->name,
                  printable(res.reason_detail.ptr, res.reason_detail.len),
                  c->detail);
  if (c->allowed)
    check_acah(&res, c->lines, c->line_count, c->name);
  else
    ck_assert_msg(result_header(&res, "Access-Control-Allow-Headers") == NULL &&
                      result_header(&res, "Access-Control-Allow-Origin") == NULL,
                  "%s: a denied preflight discloses headers", c->name);
  assert_output_safe(&res, c->name);
}

START_TEST(acrh_named) {
  policy_spec spec = named_headers_spec();
  cors_policy *pol = policy_from_spec(&spec);
  check_acrh_case(pol, &acrh_cases[_i]);
  cors_policy_free(pol);
}
END_TEST

START_TEST(acrh_4000_commas) {
  enum { N = 4000 };
  static char buf[N + 16];
  memcpy(buf, "x-custom", 8);
  memset(buf + 8, ',', N);
  buf[8 + N] = '\0';
  policy_spec spec = named_headers_spec();
  cors_policy *pol = policy_from_spec(&spec);
  const char *lines[1] = {buf};
  cors_request req;
  build_preflight(&req, lines, 1);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed && res.reason == CORS_REASON_HEADERS_MALFORMED,
                "4000 commas: %s", cors_reason_string(res.reason));
  ck_assert_int_eq(res.status, 403);
  cors_policy_free(pol);
}
END_TEST

/* More ACRH lines than the request can carry make it malformed. */
START_TEST(acrh_too_many_lines) {
  policy_spec spec = named_headers_spec();
  cors_policy *pol = policy_from_spec(&spec);
  const char *lines[CORS_MAX_REQUEST_HEADER_LINES];
  for (size_t i = 0; i < CORS_MAX_REQUEST_HEADER_LINES; i++)
    lines[i] = "x-custom";
  cors_request req;
  cors_result res;
  build_preflight(&req, lines, CORS_MAX_REQUEST_HEADER_LINES);
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(res.allowed, "%d lines must pass: %s",
                CORS_MAX_REQUEST_HEADER_LINES, cors_reason_string(res.reason));
  req.request_headers_count = CORS_MAX_REQUEST_HEADER_LINES + 1;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed, "%d lines must be refused",
                CORS_MAX_REQUEST_HEADER_LINES + 1);
  ck_assert_msg(res.reason == CORS_REASON_HEADERS_MALFORMED ||
                    res.reason == CORS_REASON_MALFORMED_REQUEST,
                "too many lines: reason %s", cors_reason_string(res.reason));
  cors_policy_free(pol);
}
END_TEST

/* ---- `*` and Authorization ------------------------------------------------ */

typedef struct star_case {
  const char *name;
  const char *allowed_headers;
  bool credentials;
  const char *origins;
  const char *acrh;
  bool allowed;
} star_case;

static const star_case star_cases[] = {
    {"star_any_header", "*", true, "https://app.example", "x-anything, x-else", true},
    {"star_denies_authorization", "*", true, "https://app.example", "authorization", false},
    {"star_denies_Authorization", "*", true, "https://app.example", "Authorization", false},
    {"star_denies_authorization_among", "*", true, "https://app.example", "x-a, AUTHORIZATION", false},
    {"star_without_credentials_too", "*", false, "*", "authorization", false},
    {"star_still_checks_tokens", "*", true, "https://app.example", "x a", false},
    {"star_plus_authorization", "*, Authorization", true, "https://app.example", "authorization, x-a", true},
    {"star_plus_authorization_any_case", "authorization, *", true, "https://app.example", "Authorization", true},
};

START_TEST(acrh_star) {
  const star_case *c = &star_cases[_i];
  policy_spec spec = {.origins = c->origins, .credentials = c->credentials,
                      .allowed_headers = c->allowed_headers};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "OPTIONS", .origin = SL("https://app.example"),
                     .acrm = "GET", .acrh = c->acrh};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  if (c->allowed) {
    const char *lines[1] = {c->acrh};
    check_acah(&res, lines, 1, c->name);
  } else if (strstr(c->name, "authorization")) {
    ck_assert_msg(res.reason == CORS_REASON_HEADER_NOT_ALLOWED, "%s: reason %s",
                  c->name, cors_reason_string(res.reason));
  }
  cors_policy_free(pol);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("headerlist");
  TCase *tc = tcase_create("iterator");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, headerlist_iterator, 0, (int)COUNT_OF(hl_cases));
  tcase_add_test(tc, headerlist_empty_element_bound);
  tcase_add_test(tc, headerlist_empty_bound_across_lines);
  tcase_add_test(tc, headerlist_4000_commas);
  suite_add_tcase(s, tc);

  tc = tcase_create("evaluate");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, acrh_named, 0, (int)COUNT_OF(acrh_cases));
  tcase_add_test(tc, acrh_4000_commas);
  tcase_add_test(tc, acrh_too_many_lines);
  tcase_add_loop_test(tc, acrh_star, 0, (int)COUNT_OF(star_cases));
  suite_add_tcase(s, tc);
  return s;
}
