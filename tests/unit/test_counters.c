/* Counters: exact per cell, exact under threads, and the Prometheus text
 * byte for byte, with the usual sizing contract. */
#include "common.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define PROM_HEAD                                                             \
  "# HELP cors_requests_total Requests decided by libcors, by kind, "         \
  "verdict and reason.\n"                                                     \
  "# TYPE cors_requests_total counter\n"

static const char *format(const cors_counters *c) {
  static char buf[CORS_COUNTERS_TEXT_BOUND];
  size_t n = 0;
  ck_assert_int_eq(cors_counters_format_prometheus(c, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_uint_eq(n, strlen(buf));
  return buf;
}

START_TEST(new_counters_are_zero) {
  cors_counters *c = cors_counters_new(NULL);
  ck_assert_ptr_nonnull(c);
  for (int k = 0; k < 3; k++)
    for (int r = 0; r <= CORS_REASON_MALFORMED_REQUEST; r++) {
      ck_assert_uint_eq(cors_counters_get(c, (cors_kind)k, true, (cors_reason)r), 0);
      ck_assert_uint_eq(cors_counters_get(c, (cors_kind)k, false, (cors_reason)r), 0);
    }
  ck_assert_str_eq(format(c), PROM_HEAD);
  cors_counters_free(c);
}
END_TEST

START_TEST(real_results_are_counted_exactly) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  cors_counters *c = cors_counters_new(NULL);
  const request_spec specs[] = {
      {.method = "OPTIONS", .origin = SL("https://evil.example"), .acrm = "GET"},
      {.method = "OPTIONS", .origin = SL("https://evil.example"), .acrm = "GET"},
      {.method = "OPTIONS", .origin = SL("https://evil.example"), .acrm = "GET"},
      {.origin = SL(SEED_ORIGIN)},
      {.origin = SL(SEED_ORIGIN)},
      {.method = "GET"},
      {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PUT"},
      {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PURGE"},
  };
  for (size_t i = 0; i < COUNT_OF(specs); i++) {
    cors_result res;
    evaluate_spec(pol, &specs[i], &res);
    cors_counters_record(c, &res);
  }
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_PREFLIGHT, false,
                                      CORS_REASON_ORIGIN_NOT_ALLOWED), 3);
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_ACTUAL, true,
                                      CORS_REASON_NONE), 2);
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_NONE, true,
                                      CORS_REASON_NOT_CORS), 1);
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_ACTUAL, false,
                                      CORS_REASON_NONE), 0);
  ck_assert_str_eq(
      format(c),
      PROM_HEAD
      "cors_requests_total{kind=\"none\",allowed=\"true\",reason=\"not_cors\"} 1\n"
      "cors_requests_total{kind=\"preflight\",allowed=\"true\",reason=\"none\"} 1\n"
      "cors_requests_total{kind=\"preflight\",allowed=\"false\",reason=\"origin_not_allowed\"} 3\n"
      "cors_requests_total{kind=\"preflight\",allowed=\"false\",reason=\"method_not_allowed\"} 1\n"
      "cors_requests_total{kind=\"actual\",allowed=\"true\",reason=\"none\"} 2\n");
  cors_counters_free(c);
  cors_policy_free(pol);
}
END_TEST

START_TEST(unknown_and_null_are_ignored) {
  cors_counters *c = cors_counters_new(NULL);
  cors_result res;
  memset(&res, 0, sizeof res);
  res.kind = (cors_kind)7;
  cors_counters_record(c, &res);
  res.kind = CORS_KIND_ACTUAL;
  res.reason = (cors_reason)40;
  cors_counters_record(c, &res);
  cors_counters_record(c, NULL);
  cors_counters_record(NULL, &res);
  ck_assert_str_eq(format(c), PROM_HEAD);
  ck_assert_uint_eq(cors_counters_get(c, (cors_kind)7, false, CORS_REASON_NONE), 0);
  ck_assert_uint_eq(cors_counters_get(NULL, CORS_KIND_ACTUAL, true, CORS_REASON_NONE), 0);
  size_t n;
  char buf[8];
  ck_assert_int_eq(cors_counters_format_prometheus(NULL, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_counters_format_prometheus(c, NULL, 4, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  cors_counters_free(c);
  cors_counters_free(NULL);
}
END_TEST

/* Every cell non-zero: the text still fits the published bound, and every
 * capacity below the need is refused without a byte past cap. */
START_TEST(sizes_and_the_bound) {
  cors_counters *c = cors_counters_new(NULL);
  cors_result res;
  memset(&res, 0, sizeof res);
  for (int k = 0; k < 3; k++)
    for (int v = 0; v < 2; v++)
      for (int r = 0; r <= CORS_REASON_MALFORMED_REQUEST; r++) {
        res.kind = (cors_kind)k;
        res.allowed = v == 1;
        res.reason = (cors_reason)r;
        for (int i = 0; i < 1000 + r; i++)
          cors_counters_record(c, &res);
      }
  size_t need = 0;
  ck_assert_int_eq(cors_counters_format_prometheus(c, NULL, 0, &need),
                   CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_lt(need, CORS_COUNTERS_TEXT_BOUND);
  const char *text = format(c);
  ck_assert_uint_eq(strlen(text), need);
  size_t lines = 0;
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  ck_assert_uint_eq(lines, 2 + 3 * 2 * 12);
  static char buf[CORS_COUNTERS_TEXT_BOUND + 16];
  for (size_t cap = need - 3; cap <= need + 1; cap++) {
    memset(buf, '#', sizeof buf);
    size_t n = 0;
    cors_status st = cors_counters_format_prometheus(c, buf, cap, &n);
    ck_assert_uint_eq(n, need);
    ck_assert_int_eq(st, cap > need ? CORS_OK : CORS_ERR_BUFFER_TOO_SMALL);
    for (size_t i = cap; i < sizeof buf; i++)
      ck_assert_msg(buf[i] == '#', "cap %zu: byte %zu written", cap, i);
    if (st != CORS_OK)
      ck_assert_int_eq(buf[0], '\0');
  }
  cors_counters_free(c);
}
END_TEST

START_TEST(allocation_goes_through_the_hooks) {
  fail_heap heap = {.fail_at = 1};
  cors_allocator hooks = fail_heap_hooks(&heap);
  ck_assert_ptr_null(cors_counters_new(&hooks));
  heap.fail_at = 0;
  cors_counters *c = cors_counters_new(&hooks);
  ck_assert_ptr_nonnull(c);
  ck_assert_int_eq(heap.live, 1);
  cors_counters_free(c);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

/* ---- threads -------------------------------------------------------------- */

#define THREADS 4
#define PER_THREAD 50000

typedef struct recorder {
  cors_counters *c;
  cors_result res[2];
} recorder;

static void *record_many(void *arg) {
  recorder *r = arg;
  for (int i = 0; i < PER_THREAD; i++)
    cors_counters_record(r->c, &r->res[i & 1]);
  return NULL;
}

START_TEST(exact_under_threads) {
  cors_counters *c = cors_counters_new(NULL);
  recorder r = {.c = c};
  r.res[0].kind = CORS_KIND_ACTUAL;
  r.res[0].allowed = true;
  r.res[1].kind = CORS_KIND_PREFLIGHT;
  r.res[1].reason = CORS_REASON_HEADER_NOT_ALLOWED;
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    ck_assert_int_eq(pthread_create(&t[i], NULL, record_many, &r), 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_ACTUAL, true,
                                      CORS_REASON_NONE),
                    THREADS * PER_THREAD / 2);
  ck_assert_uint_eq(cors_counters_get(c, CORS_KIND_PREFLIGHT, false,
                                      CORS_REASON_HEADER_NOT_ALLOWED),
                    THREADS * PER_THREAD / 2);
  cors_counters_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("counters");
  TCase *tc = tcase_create("counters");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, new_counters_are_zero);
  tcase_add_test(tc, real_results_are_counted_exactly);
  tcase_add_test(tc, unknown_and_null_are_ignored);
  tcase_add_test(tc, sizes_and_the_bound);
  tcase_add_test(tc, allocation_goes_through_the_hooks);
  tcase_add_test(tc, exact_under_threads);
  suite_add_tcase(s, tc);
  return s;
}
