/* cors_result_explain: one printable-ASCII line per result, whatever the
 * request held (CR, LF, NUL, bytes >= 0x80, 5,000-byte items), with the
 * reason and the setting that would allow the request. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

static cors_policy *seed_policy(void) {
  policy_spec spec = seed_spec();
  return policy_from_spec(&spec);
}

/* Explains into a buffer and checks the line is printable ASCII, as long
 * as the return says, and within CORS_EXPLAIN_BOUND. */
static const char *explain(const cors_result *res) {
  static char buf[CORS_EXPLAIN_BOUND];
  memset(buf, '#', sizeof buf);
  size_t n = cors_result_explain(res, buf, sizeof buf);
  ck_assert_uint_lt(n, sizeof buf);
  ck_assert_uint_eq(strlen(buf), n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)buf[i];
    ck_assert_msg(c >= 0x20 && c <= 0x7e, "byte %zu of '%s' is 0x%02x", i,
                  printable(buf, n), c);
  }
  return buf;
}

static const char *explain_spec(const cors_policy *pol,
                                const request_spec *spec) {
  cors_result res;
  evaluate_spec(pol, spec, &res);
  return explain(&res);
}

START_TEST(denials_name_the_item_and_the_setting) {
  cors_policy *pol = seed_policy();
  request_spec s = {.origin = SL("https://evil.example")};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "origin 'https://evil.example' is not allowed: add it to "
                   "the allowed origins, or match it with a pattern or the "
                   "origin regex");
  s = (request_spec){.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PURGE"};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "method 'PURGE' is not allowed: add it to the allowed "
                   "methods (methods are case-sensitive)");
  s.acrm = "PUT";
  s.acrh = "content-type, x-unknown";
  ck_assert_str_eq(explain_spec(pol, &s),
                   "request header 'x-unknown' is not allowed: add it to the "
                   "allowed request headers");
  s.acrh = "bad header";
  ck_assert_str_eq(explain_spec(pol, &s),
                   "'bad header' in Access-Control-Request-Headers is not a "
                   "header name");
  s.acrh = ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,x";
  ck_assert_str_eq(explain_spec(pol, &s),
                   "Access-Control-Request-Headers is malformed (too many "
                   "empty elements or lines)");
  s.acrh = NULL;
  s.acrpn = "true";
  ck_assert_str_eq(explain_spec(pol, &s),
                   "the preflight asks for private network access: allow "
                   "private network access to grant it");
  s = (request_spec){.origin = SL("https://a.example/path")};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "origin 'https://a.example/path' is not a valid serialized "
                   "origin (scheme://host[:port] in ASCII, no path, no "
                   "trailing slash)");
  s = (request_spec){.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "GE T"};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "requested method 'GE T' is not a valid method token");
  cors_policy_free(pol);
}
END_TEST

START_TEST(authorization_under_star_says_by_name) {
  policy_spec spec = {.origins = SEED_ORIGIN, .allowed_headers = "*"};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec s = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                    .acrm = "GET", .acrh = "Authorization"};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "request header 'Authorization' is not allowed: add it to "
                   "the allowed request headers by name (a * never covers "
                   "Authorization)");
  cors_policy_free(pol);
}
END_TEST

START_TEST(malformed_requests) {
  cors_policy *pol = seed_policy();
  cors_request req;
  request_spec s = {.origin = SL(SEED_ORIGIN)};
  request_from_spec(&req, &s);
  req.origin_count = 2;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_str_eq(explain(&res),
                   "the request carries more than one Origin header");
  s = (request_spec){.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "GET"};
  request_from_spec(&req, &s);
  req.request_method_count = 2;
  cors_evaluate(pol, &req, &res);
  ck_assert_str_eq(explain(&res), "the request is malformed (a CORS request "
                                  "header is repeated)");
  res.reason = (cors_reason)99;
  ck_assert_str_eq(explain(&res), "denied for an unknown reason");
  cors_policy_free(pol);
}
END_TEST

START_TEST(allowed_lines) {
  cors_policy *pol = seed_policy();
  request_spec s = {.origin = SL(SEED_ORIGIN)};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "allowed: actual request from '" SEED_ORIGIN "'");
  s = (request_spec){.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PUT"};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "allowed: preflight from '" SEED_ORIGIN "'");
  s = (request_spec){.method = "GET"};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "allowed: not a CORS request (no Origin header); the "
                   "application answers as usual");
  cors_policy_free(pol);

  policy_spec pub = {.origins = "*"};
  pol = policy_from_spec(&pub);
  s = (request_spec){.origin = SL("https://x.example")};
  ck_assert_str_eq(explain_spec(pol, &s),
                   "allowed: actual request (any origin)");
  cors_policy_free(pol);
}
END_TEST

/* ---- hostile bytes -------------------------------------------------------- */

/* A request whose origin is `len` bytes of `origin`: invalid, so the
 * denial quotes it. */
static const char *explain_origin(const cors_policy *pol, const char *origin,
                                  size_t len) {
  request_spec s = {.origin = {origin, len}};
  return explain_spec(pol, &s);
}

START_TEST(control_and_high_bytes_are_escaped) {
  cors_policy *pol = seed_policy();
  static const char crlf[] = "https://a.example\r\nSet-Cookie: x=1";
  ck_assert_str_eq(explain_origin(pol, crlf, sizeof crlf - 1),
                   "origin 'https://a.example\\x0d\\x0aSet-Cookie: x=1' is "
                   "not a valid serialized origin (scheme://host[:port] in "
                   "ASCII, no path, no trailing slash)");
  static const char nul[] = "https://a\0.example";
  ck_assert_ptr_nonnull(
      strstr(explain_origin(pol, nul, sizeof nul - 1), "'https://a\\x00.example'"));
  static const char high[] = "https://caf\xc3\xa9.example";
  ck_assert_ptr_nonnull(strstr(explain_origin(pol, high, sizeof high - 1),
                               "'https://caf\\xc3\\xa9.example'"));
  static const char quote[] = "https://a'b\\c\x7f";
  ck_assert_ptr_nonnull(strstr(explain_origin(pol, quote, sizeof quote - 1),
                               "'https://a\\x27b\\x5cc\\x7f'"));
  cors_policy_free(pol);
}
END_TEST

START_TEST(long_items_are_cut_at_128_bytes) {
  cors_policy *pol = seed_policy();
  enum { LONG = 5000 };
  char *item = malloc(LONG);
  ck_assert_ptr_nonnull(item);
  /* Printable: 128 bytes shown, then "...". */
  memcpy(item, "https://", 8);
  memset(item + 8, 'a', LONG - 8);
  const char *line = explain_origin(pol, item, LONG);
  char want[256];
  memcpy(want, "origin 'https://", 16);
  memset(want + 16, 'a', 120);
  memcpy(want + 136, "...' is not", 12);
  ck_assert_msg(strncmp(line, want, 147) == 0, "got %s", line);
  /* The worst case: every byte escaped. */
  memset(item, 0xff, LONG);
  line = explain_origin(pol, item, LONG);
  ck_assert_uint_eq(strlen(line), strlen("origin ''") + 128 * 4 + 3 +
                                      strlen(" is not a valid serialized "
                                             "origin (scheme://host[:port] "
                                             "in ASCII, no path, no trailing "
                                             "slash)"));
  memset(item, '\n', LONG);
  request_spec s = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                    .acrm = "GET"};
  cors_request req;
  request_from_spec(&req, &s);
  req.request_headers[0] = (cors_slice){item, LONG};
  req.request_headers_count = 1;
  item[0] = 'x';
  item[1] = ' ';
  item[2] = 'y';
  cors_result res;
  cors_evaluate(pol, &req, &res);
  line = explain(&res); /* checks printable ASCII and the bound */
  ck_assert_int_eq(res.reason, CORS_REASON_HEADER_INVALID);
  free(item);
  cors_policy_free(pol);
}
END_TEST

START_TEST(snprintf_contract) {
  cors_policy *pol = seed_policy();
  request_spec s = {.origin = SL("https://evil.example")};
  cors_result res;
  evaluate_spec(pol, &s, &res);
  char full[CORS_EXPLAIN_BOUND];
  size_t n = cors_result_explain(&res, full, sizeof full);
  ck_assert_uint_eq(cors_result_explain(&res, NULL, 0), n);
  ck_assert_uint_eq(cors_result_explain(&res, NULL, 50), n);
  for (size_t cap = 0; cap <= n + 1; cap++) {
    char buf[CORS_EXPLAIN_BOUND];
    memset(buf, '#', sizeof buf);
    ck_assert_uint_eq(cors_result_explain(&res, buf, cap), n);
    /* One assertion per capacity: each costs Check a write in fork mode. */
    size_t past = cap;
    while (past < sizeof buf && buf[past] == '#')
      past++;
    ck_assert_msg(past == sizeof buf, "cap %zu: byte %zu written", cap, past);
    if (cap > 0) {
      size_t kept = cap - 1 < n ? cap - 1 : n;
      ck_assert_uint_eq(strlen(buf), kept);
      ck_assert(memcmp(buf, full, kept) == 0);
    }
  }
  char small[8];
  ck_assert_uint_eq(cors_result_explain(NULL, small, sizeof small), 9);
  ck_assert_str_eq(small, "no resu");
  cors_policy_free(pol);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("explain");
  TCase *tc = tcase_create("sentences");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, denials_name_the_item_and_the_setting);
  tcase_add_test(tc, authorization_under_star_says_by_name);
  tcase_add_test(tc, malformed_requests);
  tcase_add_test(tc, allowed_lines);
  suite_add_tcase(s, tc);
  tc = tcase_create("hostile");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, control_and_high_bytes_are_escaped);
  tcase_add_test(tc, long_items_are_cut_at_128_bytes);
  tcase_add_test(tc, snprintf_contract);
  suite_add_tcase(s, tc);
  return s;
}
