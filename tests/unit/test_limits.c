/* Every bound cors.h documents is reachable: a policy at each limit
 * compiles and answers correctly. CORS_MAX_ORIGINS exact origins (from one
 * CSV string), as many patterns (one setter call each), and
 * CORS_MAX_LIST_ENTRIES methods, allowed and exposed headers; entries of
 * CORS_MAX_ENTRY_LEN bytes. Labelled `slow` (a few seconds, and about
 * 260 MB resident at its peak); CTest's timeout bounds it. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cors_result g_res;

static bool actual_allowed(const cors_policy *pol, const char *origin) {
  g_res = evaluate_get(pol, origin);
  return g_res.allowed;
}

static void must_add(cors_status st, const cors_error *err) {
  ck_assert_msg(st == CORS_OK, "%s", err->message);
}

static cors_policy *compile(cors_config *cfg) {
  cors_policy *pol = NULL;
  cors_error err;
  cors_status st = cors_policy_compile(cfg, &pol, &err);
  ck_assert_msg(st == CORS_OK, "compile: %s", err.message);
  cors_config_free(cfg);
  return pol;
}

/* The i-th origin of the exact list. */
static int exact_origin(char *buf, size_t cap, unsigned i) {
  return snprintf(buf, cap, "https://h%07u.example.com", i);
}

START_TEST(max_exact_origins) {
  size_t cap = (size_t)CORS_MAX_ORIGINS * 32;
  char *csv = malloc(cap);
  ck_assert(csv != NULL);
  size_t len = 0;
  for (unsigned i = 0; i < CORS_MAX_ORIGINS; i++) {
    if (i > 0)
      csv[len++] = ',';
    len += (size_t)exact_origin(csv + len, cap - len, i);
  }
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  must_add(cors_config_add_origins_csv(cfg, csv, len, &err), &err);
  free(csv);
  /* One more is refused, naming the limit. */
  ck_assert_int_eq(
      cors_config_add_origin_cstr(cfg, "https://one-more.example", &err),
      CORS_ERR_TOO_MANY_ENTRIES);
  cors_policy *pol = compile(cfg);

  char origin[64];
  const unsigned probes[] = {0, 1, 499999, CORS_MAX_ORIGINS - 1};
  for (size_t i = 0; i < COUNT_OF(probes); i++) {
    exact_origin(origin, sizeof origin, probes[i]);
    ck_assert_msg(actual_allowed(pol, origin), "%s refused", origin);
  }
  exact_origin(origin, sizeof origin, CORS_MAX_ORIGINS);
  ck_assert_msg(!actual_allowed(pol, origin), "%s allowed", origin);
  ck_assert_int_eq(g_res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  ck_assert_msg(!actual_allowed(pol, "https://h0000001.example.co"),
                "a prefix of a listed origin was allowed");
  cors_policy_free(pol);
}
END_TEST

/* The i-th pattern: subdomain patterns, every tenth a port pattern. */
static int pattern(char *buf, size_t cap, unsigned i) {
  if (i % 10 == 9)
    return snprintf(buf, cap, "http://p%07u.internal:*", i);
  return snprintf(buf, cap, "https://*.t%07u.example.com", i);
}

START_TEST(max_patterns) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  char entry[64];
  for (unsigned i = 0; i < CORS_MAX_ORIGINS; i++) {
    int n = pattern(entry, sizeof entry, i);
    must_add(cors_config_add_origin(cfg, entry, (size_t)n, &err), &err);
  }
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "https://*.x.com", &err),
                   CORS_ERR_TOO_MANY_ENTRIES);
  cors_policy *pol = compile(cfg);

  const char *const allowed[] = {
      "https://a.t0000000.example.com", "https://a.b.t0500000.example.com",
      "https://z.t0999998.example.com", "http://p0000009.internal",
      "http://p0999999.internal:8080"};
  const char *const refused[] = {
      "https://t0000000.example.com",   "http://a.t0000000.example.com",
      "https://a.t0000009.example.com", "https://a.t1000000.example.com",
      "http://p0000008.internal:8080",  "http://x.p0000009.internal",
      "https://a.other.example.org"};
  for (size_t i = 0; i < COUNT_OF(allowed); i++)
    ck_assert_msg(actual_allowed(pol, allowed[i]), "%s refused", allowed[i]);
  for (size_t i = 0; i < COUNT_OF(refused); i++)
    ck_assert_msg(!actual_allowed(pol, refused[i]), "%s allowed", refused[i]);
  cors_policy_free(pol);
}
END_TEST

/* CORS_MAX_LIST_ENTRIES methods, allowed headers and exposed headers,
 * from CSV strings; a preflight for the last of each is granted. */
START_TEST(max_list_entries) {
  size_t cap = (size_t)CORS_MAX_LIST_ENTRIES * 16;
  char *methods = malloc(cap), *headers = malloc(cap), *exposed = malloc(cap);
  ck_assert(methods != NULL && headers != NULL && exposed != NULL);
  size_t m = 0, h = 0, x = 0;
  for (int i = 0; i < CORS_MAX_LIST_ENTRIES; i++) {
    m += (size_t)snprintf(methods + m, cap - m, "%sM%d", i ? "," : "", i);
    h += (size_t)snprintf(headers + h, cap - h, "%sX-H%d", i ? "," : "", i);
    x += (size_t)snprintf(exposed + x, cap - x, "%sX-E%d", i ? "," : "", i);
  }
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  must_add(cors_config_add_origin_cstr(cfg, "https://app.example", &err), &err);
  must_add(cors_config_set_methods_csv(cfg, methods, m, &err), &err);
  must_add(cors_config_set_allowed_headers_csv(cfg, headers, h, &err), &err);
  must_add(cors_config_set_exposed_headers_csv(cfg, exposed, x, &err), &err);
  ck_assert_int_eq(cors_config_add_method(cfg, "ONE", 3, &err),
                   CORS_ERR_TOO_MANY_ENTRIES);
  cors_policy *pol = compile(cfg);

  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("OPTIONS");
  req.origin = cors_slice_cstr("https://app.example");
  req.origin_count = 1;
  char method[16], requested[64];
  snprintf(method, sizeof method, "M%d", CORS_MAX_LIST_ENTRIES - 1);
  snprintf(requested, sizeof requested, "x-h0, x-h%d",
           CORS_MAX_LIST_ENTRIES - 1);
  req.request_method = cors_slice_cstr(method);
  req.request_method_count = 1;
  req.request_headers[0] = cors_slice_cstr(requested);
  req.request_headers_count = 1;
  cors_evaluate(pol, &req, &g_res);
  ck_assert_msg(g_res.allowed, "preflight at the list limits: %s",
                cors_reason_string(g_res.reason));
  req.request_headers[0] = cors_slice_cstr("x-h0, x-unknown");
  cors_evaluate(pol, &req, &g_res);
  ck_assert_int_eq(g_res.reason, CORS_REASON_HEADER_NOT_ALLOWED);

  /* The actual response exposes all of them, and formats within the
   * bound the policy states. */
  ck_assert(actual_allowed(pol, "https://app.example"));
  const cors_header *e = result_header(&g_res, "Access-Control-Expose-Headers");
  ck_assert_msg(e != NULL &&
                    e->value_len == x + (size_t)(CORS_MAX_LIST_ENTRIES -
                                                 1), /* ", " not "," */
                "exposed value of %zu bytes", e ? e->value_len : 0);
  size_t bound = cors_policy_format_bound(pol, strlen("https://app.example"));
  char *buf = malloc(bound);
  size_t written = 0;
  ck_assert(buf != NULL);
  ck_assert_int_eq(cors_result_format(&g_res, buf, bound, &written), CORS_OK);
  free(buf);
  cors_policy_free(pol);
  free(methods);
  free(headers);
  free(exposed);
}
END_TEST

/* Entries of exactly CORS_MAX_ENTRY_LEN bytes: an exact origin, a
 * pattern, a method and a header name; one byte more is refused. */
START_TEST(max_entry_length) {
  char *origin = malloc(CORS_MAX_ENTRY_LEN + 2);
  char *pattern_entry = malloc(CORS_MAX_ENTRY_LEN + 2);
  char *name = malloc(CORS_MAX_ENTRY_LEN + 2);
  char *request = malloc(CORS_MAX_ENTRY_LEN + 8);
  ck_assert(origin && pattern_entry && name && request);
  /* https:// + labels of 50 letters joined by dots, to the limit. */
  size_t n = (size_t)snprintf(origin, CORS_MAX_ENTRY_LEN, "https://");
  while (n < CORS_MAX_ENTRY_LEN) {
    origin[n] = (n - 8) % 51 == 50 && n + 1 < CORS_MAX_ENTRY_LEN ? '.' : 'a';
    n++;
  }
  origin[n] = '\0';
  memcpy(pattern_entry, "https://*.", 10);
  memcpy(pattern_entry + 10, origin + 10, CORS_MAX_ENTRY_LEN - 10 + 1);
  memset(name, 'X', CORS_MAX_ENTRY_LEN);
  name[CORS_MAX_ENTRY_LEN] = '\0';

  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  must_add(cors_config_add_origin(cfg, origin, CORS_MAX_ENTRY_LEN, &err), &err);
  must_add(cors_config_add_origin(cfg, pattern_entry, CORS_MAX_ENTRY_LEN, &err),
           &err);
  must_add(cors_config_add_method(cfg, name, CORS_MAX_ENTRY_LEN, &err), &err);
  must_add(cors_config_add_allowed_header(cfg, name, CORS_MAX_ENTRY_LEN, &err),
           &err);
  origin[CORS_MAX_ENTRY_LEN] = 'a';
  ck_assert_int_eq(
      cors_config_add_origin(cfg, origin, CORS_MAX_ENTRY_LEN + 1, &err),
      CORS_ERR_INVALID_ORIGIN);
  origin[CORS_MAX_ENTRY_LEN] = '\0';
  cors_policy *pol = compile(cfg);
  ck_assert_msg(actual_allowed(pol, origin), "the longest exact origin");
  /* A subdomain of the longest pattern, as long: "https://b." + suffix. */
  memcpy(request, "https://b.", 10);
  memcpy(request + 10, pattern_entry + 10, CORS_MAX_ENTRY_LEN - 10 + 1);
  ck_assert_msg(actual_allowed(pol, request), "the longest subdomain");
  /* One label more is longer than an origin can be: invalid. */
  memcpy(request + 6, "//c.b.", 6);
  memcpy(request + 12, pattern_entry + 10, CORS_MAX_ENTRY_LEN - 10 + 1);
  ck_assert_msg(!actual_allowed(pol, request) &&
                    g_res.reason == CORS_REASON_ORIGIN_INVALID,
                "an origin longer than CORS_MAX_ENTRY_LEN: %s",
                cors_reason_string(g_res.reason));

  cors_request req;
  cors_request_init(&req);
  req.method = cors_slice_cstr("OPTIONS");
  req.origin = cors_slice_cstr(origin);
  req.origin_count = 1;
  req.request_method = (cors_slice){name, CORS_MAX_ENTRY_LEN};
  req.request_method_count = 1;
  req.request_headers[0] = (cors_slice){name, CORS_MAX_ENTRY_LEN};
  req.request_headers_count = 1;
  cors_evaluate(pol, &req, &g_res);
  ck_assert_msg(g_res.allowed, "the longest method and header: %s",
                cors_reason_string(g_res.reason));
  cors_policy_free(pol);
  free(origin);
  free(pattern_entry);
  free(name);
  free(request);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("limits");
  TCase *tc = tcase_create("documented limits");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, max_exact_origins);
  tcase_add_test(tc, max_patterns);
  tcase_add_test(tc, max_list_entries);
  tcase_add_test(tc, max_entry_length);
  suite_add_tcase(s, tc);
  return s;
}
