/* Chromium's rules for what a page's fetch() sends: safelisted methods and
 * request headers (no preflight), forbidden headers (a page cannot set
 * them), and the Access-Control-Request-Headers value of the preflight,
 * with the buffer contract of every libcors formatter. */
#include "common.h"

#include <string.h>

START_TEST(test_methods) {
  ck_assert(cors_browser_method_is_safelisted("GET", 3));
  ck_assert(cors_browser_method_is_safelisted("HEAD", 4));
  ck_assert(cors_browser_method_is_safelisted("POST", 4));
  /* After Fetch's normalization `get` is GET; a raw `get` is not. */
  ck_assert(!cors_browser_method_is_safelisted("get", 3));
  ck_assert(!cors_browser_method_is_safelisted("PUT", 3));
  ck_assert(!cors_browser_method_is_safelisted("GETS", 3 + 1));
  ck_assert(!cors_browser_method_is_safelisted(NULL, 0));
  ck_assert(cors_browser_method_is_forbidden("CONNECT", 7));
  ck_assert(cors_browser_method_is_forbidden("trace", 5));
  ck_assert(cors_browser_method_is_forbidden("TrAcK", 5));
  ck_assert(!cors_browser_method_is_forbidden("PATCH", 5));
  ck_assert(!cors_browser_method_is_forbidden("TRACES", 6));
  ck_assert(!cors_browser_method_is_forbidden(NULL, 0));
}
END_TEST

typedef struct header_case {
  const char *name;
  const char *value;
  bool safelisted;
} header_case;

/* clang-format off */
static const header_case safelist_cases[] = {
    {"Accept", "*/*", true},
    {"accept", "application/json, text/plain;q=0.9", true},
    {"Accept", "text/\"html\"", false},      /* CORS-unsafe byte */
    {"Accept", "a\x01", false},
    {"Accept", "a\tb", true},                /* tab is allowed */
    {"Accept-Language", "en-US,en;q=0.9", true},
    {"Accept-Language", "en_US", false},
    {"Content-Language", "de-DE, *", true},
    {"Content-Type", "text/plain", true},
    {"Content-Type", "TEXT/Plain;charset=UTF-8", true},
    {"content-type", "text/plain; charset=utf-8", true},
    {"Content-Type", "text/plain; charset=\"utf-8\"", false},
    {"Content-Type", "multipart/form-data; boundary=x", true},
    {"Content-Type", "application/x-www-form-urlencoded", true},
    {"Content-Type", "application/json", false},
    {"Content-Type", "text/plain, text/html", false},
    {"Content-Type", "text", false},
    {"Content-Type", "", false},
    {"Range", "bytes=0-99", true},
    {"Range", "bytes=100-", true},
    {"Range", "BYTES=1-1", true},
    {"Range", "bytes=-5", false},            /* suffix range */
    {"Range", "bytes=5-1", false},
    {"Range", "bytes=0-1,2-3", false},
    {"Range", "bytes= 0-1", false},
    {"Range", "items=0-1", false},
    {"Range", "bytes=1234567890123456789-", false}, /* past int64 parsing */
    {"Save-Data", "on", true},
    {"Save-Data", "off", false},
    {"Device-Memory", "0.5", true},
    {"Device-Memory", "8", true},
    {"Device-Memory", "1.", false},
    {"DPR", ".5", false},
    {"Downlink", "1.25", true},
    {"Width", "100", true},
    {"Viewport-Width", "1.5", false},
    {"RTT", "50", true},
    {"ECT", "4g", true},
    {"ECT", "slow-2g", true},
    {"ECT", "4G", false},
    {"ECT", "5g", false},
    {"Intervention", "<https://x>", true},
    {"X-Custom", "1", false},
    {"Authorization", "Bearer x", false},
    {"Cache-Control", "no-cache", false},
};
/* clang-format on */

START_TEST(test_safelisted) {
  const header_case *c = &safelist_cases[_i];
  ck_assert_msg(cors_browser_header_is_safelisted(c->name, strlen(c->name),
                                                  c->value, strlen(c->value)) ==
                    c->safelisted,
                "%s: %s", c->name, printable(c->value, strlen(c->value)));
}
END_TEST

START_TEST(test_safelisted_length) {
  char value[130];
  memset(value, '1', sizeof value);
  ck_assert(cors_browser_header_is_safelisted("Width", 5, value, 128));
  ck_assert(!cors_browser_header_is_safelisted("Width", 5, value, 129));
  ck_assert(!cors_browser_header_is_safelisted(NULL, 0, "x", 1));
  ck_assert(!cors_browser_header_is_safelisted("Accept", 6, NULL, 1));
  ck_assert(cors_browser_header_is_safelisted("Accept", 6, NULL, 0));
}
END_TEST

/* clang-format off */
static const header_case forbidden_cases[] = {
    {"Cookie", "a=b", true},
    {"cookie2", "", true},
    {"Host", "x", true},
    {"Origin", "https://a.example", true},
    {"Referer", "x", true},
    {"User-Agent", "x", true},
    {"Content-Length", "0", true},
    {"Access-Control-Request-Headers", "x", true},
    {"Access-Control-Request-Private-Network", "true", true},
    {"Sec-Fetch-Mode", "cors", true},
    {"sec-ch-ua", "x", true},
    {"Proxy-Authorization", "x", true},
    {"Keep-Alive", "1", true},
    {"X-HTTP-Method-Override", "TRACE", true},
    {"X-Method-Override", "GET, track", true},
    {"X-HTTP-Method", " connect ", true},
    {"X-HTTP-Method-Override", "PATCH", false},
    {"Authorization", "Bearer x", false},
    {"X-Custom", "1", false},
    {"Secret", "1", false},
    {"Proxy", "1", false},
};
/* clang-format on */

START_TEST(test_forbidden) {
  const header_case *c = &forbidden_cases[_i];
  ck_assert_msg(cors_browser_header_is_forbidden(c->name, strlen(c->name),
                                                 c->value, strlen(c->value)) ==
                    c->safelisted,
                "%s: %s", c->name, c->value);
}
END_TEST

/* The ACRH value of headers given as "Name: value" strings. */
static cors_status acrh(const char *const *lines, size_t n, char *buf,
                        size_t cap, size_t *written) {
  cors_raw_header h[16];
  ck_assert_uint_le(n, COUNT_OF(h));
  for (size_t i = 0; i < n; i++) {
    const char *colon = strchr(lines[i], ':');
    ck_assert_ptr_nonnull(colon);
    h[i].name = lines[i];
    h[i].name_len = (size_t)(colon - lines[i]);
    h[i].value = colon + 2;
    h[i].value_len = strlen(colon + 2);
  }
  return cors_browser_request_headers(h, n, buf, cap, written);
}

static void expect_acrh(const char *const *lines, size_t n, const char *want) {
  char buf[512];
  size_t written = 99;
  ck_assert_int_eq(acrh(lines, n, buf, sizeof buf, &written), CORS_OK);
  ck_assert_str_eq(buf, want);
  ck_assert_uint_eq(written, strlen(want));
}

START_TEST(test_request_headers) {
  static const char *const none[] = {"Accept: */*", "Content-Type: text/plain"};
  expect_acrh(none, 2, "");
  expect_acrh(NULL, 0, "");
  static const char *const mixed[] = {"X-B: 1", "x-a: 2",
                                      "Content-Type: application/json",
                                      "Accept: */*", "Authorization: x"};
  expect_acrh(mixed, 5, "authorization,content-type,x-a,x-b");
  static const char *const dup[] = {"X-A: 1", "x-A: 2", "X-a: 3"};
  expect_acrh(dup, 3, "x-a");
  static const char *const forbidden[] = {"Cookie: a=b", "X-A: 1",
                                          "Sec-Fetch-Mode: cors"};
  expect_acrh(forbidden, 3, "x-a");
  static const char *const prefix[] = {"X-AB: 1", "X-A: 1", "X-A-: 1"};
  expect_acrh(prefix, 3, "x-a,x-a-,x-ab");
  static const char *const bad_name[] = {"X A: 1", "X-B: 1"};
  expect_acrh(bad_name, 2, "x-b");
}
END_TEST

/* Safelisted values totalling more than 1024 bytes all count as unsafe. */
START_TEST(test_request_headers_total) {
  static const char *const names[] = {
      "Accept",       "Accept-Language", "Content-Language",
      "Intervention", "Width",           "Viewport-Width",
      "RTT",          "Downlink",        "Device-Memory"};
  char values[9][129];
  cors_raw_header h[9];
  for (size_t i = 0; i < 9; i++) {
    memset(values[i], '1', 128);
    values[i][128] = '\0';
    h[i] = (cors_raw_header){names[i], strlen(names[i]), values[i], 128};
  }
  char buf[256];
  ck_assert_int_eq(cors_browser_request_headers(h, 9, buf, sizeof buf, NULL),
                   CORS_OK);
  ck_assert_str_eq(buf, "accept,accept-language,content-language,"
                        "device-memory,downlink,intervention,rtt,"
                        "viewport-width,width");
  /* Exactly 1024 bytes is still within the limit. */
  h[7].value_len = 64;
  h[8].value_len = 64;
  ck_assert_int_eq(cors_browser_request_headers(h, 9, buf, sizeof buf, NULL),
                   CORS_OK);
  ck_assert_str_eq(buf, "");
  h[8].value_len++;
  ck_assert_int_eq(cors_browser_request_headers(h, 9, buf, sizeof buf, NULL),
                   CORS_OK);
  ck_assert_uint_gt(strlen(buf), 0);
}
END_TEST

START_TEST(test_request_headers_buffer) {
  static const char *const lines[] = {"X-B: 1", "X-A: 2"};
  size_t written = 0;
  ck_assert_int_eq(acrh(lines, 2, NULL, 0, &written),
                   CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(written, 7);
  char buf[8];
  memset(buf, 'z', sizeof buf);
  ck_assert_int_eq(acrh(lines, 2, buf, 7, &written), CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(written, 7);
  ck_assert_str_eq(buf, "");
  ck_assert_int_eq(buf[7], 'z'); /* nothing past the capacity */
  ck_assert_int_eq(acrh(lines, 2, buf, 8, &written), CORS_OK);
  ck_assert_str_eq(buf, "x-a,x-b");
  ck_assert_int_eq(cors_browser_request_headers(NULL, 1, buf, 8, NULL),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(acrh(lines, 2, NULL, 8, NULL), CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("browser_request");
  TCase *tc = tcase_create("browser_request");
  tcase_add_test(tc, test_methods);
  tcase_add_loop_test(tc, test_safelisted, 0, (int)COUNT_OF(safelist_cases));
  tcase_add_test(tc, test_safelisted_length);
  tcase_add_loop_test(tc, test_forbidden, 0, (int)COUNT_OF(forbidden_cases));
  tcase_add_test(tc, test_request_headers);
  tcase_add_test(tc, test_request_headers_total);
  tcase_add_test(tc, test_request_headers_buffer);
  suite_add_tcase(s, tc);
  return s;
}
