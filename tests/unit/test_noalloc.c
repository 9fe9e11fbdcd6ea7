/* docs/semantics.md#the-answer and #scale: cors_evaluate performs no heap
 * allocation at all after
 * the thread's first regex match -- not through the hooks, and not through
 * PCRE2 or anything else calling the C library directly; nor do the 1.1
 * helpers a server calls around it on every request. This executable
 * interposes malloc and friends (forwarding to glibc's __libc_* entry
 * points) and counts every call made while evaluating.
 *
 * Sanitizers and Valgrind replace malloc themselves: under them the suite
 * reports "skipped" (exit 77) and CMake registers it NO_VALGRIND. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "common.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "interpose.h"

#ifdef UNIT_INTERPOSE

/* Only this thread evaluates; counting is switched on around the loop. */
static volatile int g_counting;
static volatile unsigned long g_heap_calls;

static void note_call(void) {
  if (g_counting)
    g_heap_calls++;
}

void *malloc(size_t size) {
  note_call();
  return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
  note_call();
  return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size) {
  note_call();
  return __libc_realloc(ptr, size);
}

void free(void *ptr) {
  if (ptr)
    note_call();
  __libc_free(ptr);
}

void *memalign(size_t align, size_t size) {
  note_call();
  return __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size) {
  note_call();
  return __libc_memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size) {
  note_call();
  void *p = __libc_memalign(align, size);
  if (!p)
    return 12; /* ENOMEM */
  *out = p;
  return 0;
}

static void counting_start(void) {
  g_heap_calls = 0;
  g_counting = 1;
}

static unsigned long counting_stop(void) {
  g_counting = 0;
  return g_heap_calls;
}

/* Hooks that bypass the interposer, so that anything the counter sees
 * during compile came from outside the hooks. */
static void *direct_malloc(size_t n, void *ud) {
  (void)ud;
  return __libc_malloc(n);
}
static void *direct_realloc(void *p, size_t n, void *ud) {
  (void)ud;
  return __libc_realloc(p, n);
}
static void direct_free(void *p, void *ud) {
  (void)ud;
  __libc_free(p);
}

/* The counter sees allocations from a shared library (PCRE2 with its
 * default memory functions): without this the zero below proves nothing. */
START_TEST(interposer_sees_shared_libraries) {
  counting_start();
  pcre2_match_data *md = pcre2_match_data_create(4, NULL);
  pcre2_match_data_free(md);
  unsigned long calls = counting_stop();
  ck_assert_msg(md != NULL && calls >= 2,
                "the interposed malloc did not see PCRE2 (%lu calls)", calls);
}
END_TEST

static const char *const k_origins =
    SEED_ORIGIN ", https://*.example.com, http://localhost:*, null";
static const char *const k_regex = "^https://[a-z0-9-]+\\.preview\\.example$";

/* Builds and compiles the test policy while counting heap calls. No Check
 * assertion runs inside the counted region: Check allocates for them. */
static cors_policy *compile_with(const cors_allocator *hooks,
                                 unsigned long *compile_calls) {
  cors_config *cfg = cors_config_new(hooks);
  ck_assert_ptr_nonnull(cfg);
  cors_error err;
  cors_status st[8];
  cors_policy *pol = NULL;
  counting_start();
  st[0] = cors_config_add_origins_csv(cfg, k_origins, strlen(k_origins), &err);
  st[1] = cors_config_set_origin_regex(cfg, k_regex, strlen(k_regex), &err);
  st[2] = cors_config_set_methods_csv(cfg, SEED_METHODS, strlen(SEED_METHODS), &err);
  st[3] = cors_config_set_allowed_headers_csv(cfg, SEED_ALLOWED_HEADERS,
                                              strlen(SEED_ALLOWED_HEADERS), &err);
  st[4] = cors_config_set_exposed_headers_csv(cfg, SEED_EXPOSED_HEADERS,
                                              strlen(SEED_EXPOSED_HEADERS), &err);
  st[5] = cors_config_set_max_age(cfg, 3600, &err);
  cors_config_set_credentials(cfg, true);
  cors_config_set_private_network(cfg, true);
  st[6] = cors_policy_compile(cfg, &pol, &err);
  cors_config_free(cfg);
  *compile_calls = counting_stop();
  for (size_t i = 0; i < 7; i++)
    ck_assert_msg(st[i] == CORS_OK, "step %zu: %s", i, err.message);
  return pol;
}

static const request_spec k_requests[] = {
    {.origin = SL("https://pr-12.preview.example")}, /* regex match */
    {.origin = SL("https://nope.preview.example.evil")}, /* regex miss */
    {.origin = SL(SEED_ORIGIN)},
    {.origin = SL("https://a.b.example.com")},
    {.origin = SL("http://localhost:8080")},
    {.origin = SL("null")},
    {.origin = SL("https://evil.example")},
    {.origin = SL("https://a.com\r\n")},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PATCH",
     .acrh = "authorization, content-type,, x-request-id", .acrpn = "true"},
    {.method = "OPTIONS", .origin = SL("https://pr-1.preview.example"),
     .acrm = "DELETE", .acrh = "x-nope"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET",
     .acrh = ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,x"},
    {.method = "GET"},
};

static void evaluate_many_without_allocating(const cors_policy *pol) {
  cors_request req[COUNT_OF(k_requests)];
  for (size_t i = 0; i < COUNT_OF(k_requests); i++)
    request_from_spec(&req[i], &k_requests[i]);
  cors_result res;
  cors_evaluate(pol, &req[0], &res); /* warm-up: first regex match */
  ck_assert_msg(res.allowed, "warm-up request refused");
  char out[CORS_FORMAT_BOUND(512)];
  size_t allowed = 0;
  counting_start();
  for (int round = 0; round < 1000; round++)
    for (size_t i = 0; i < COUNT_OF(req); i++) {
      cors_evaluate(pol, &req[i], &res);
      allowed += res.allowed;
      (void)cors_result_format(&res, out, sizeof out, NULL);
    }
  unsigned long calls = counting_stop();
  ck_assert_msg(allowed > 0, "nothing was allowed: the loop proves little");
  ck_assert_msg(calls == 0,
                "%lu heap calls during %zu evaluations after warm-up", calls,
                (size_t)1000 * COUNT_OF(req));
}

START_TEST(evaluate_makes_no_heap_call_default_allocator) {
  unsigned long compile_calls = 0;
  cors_policy *pol = compile_with(NULL, &compile_calls);
  ck_assert_msg(compile_calls > 0, "compile with stdlib hooks allocated nothing?");
  evaluate_many_without_allocating(pol);
  cors_policy_free(pol);
}
END_TEST

START_TEST(evaluate_makes_no_heap_call_custom_hooks) {
  cors_allocator hooks = {direct_malloc, direct_realloc, direct_free, NULL};
  unsigned long compile_calls = 0;
  cors_policy *pol = compile_with(&hooks, &compile_calls);
  evaluate_many_without_allocating(pol);
  cors_policy_free(pol);
}
END_TEST

/* One request of k_requests, header by header, as a server that hands
 * out headers one at a time builds it. */
static void request_by_headers(cors_request *req, const request_spec *spec) {
  cors_request_init(req);
  req->method = cors_slice_cstr(spec->method != NULL ? spec->method : "GET");
  cors_request_add_header(req, "Host", 4, "api.example", 11);
  if (spec->origin.ptr != NULL)
    cors_request_add_header(req, "Origin", 6, spec->origin.ptr,
                            spec->origin.len);
  if (spec->acrm != NULL)
    cors_request_add_header(req, "Access-Control-Request-Method", 29,
                            spec->acrm, strlen(spec->acrm));
  if (spec->acrh != NULL)
    cors_request_add_header(req, "Access-Control-Request-Headers", 30,
                            spec->acrh, strlen(spec->acrh));
  if (spec->acrpn != NULL)
    cors_request_add_header(req, "Access-Control-Request-Private-Network", 38,
                            spec->acrpn, strlen(spec->acrpn));
}

/* What the 1.1 helpers produced in the counted loop, checked after it
 * (Check allocates for its assertions). */
typedef struct production_tally {
  size_t allowed, denied;
  size_t explained;     /* bytes of every cors_result_explain line */
  size_t bad_status;    /* a Vary merge or format that was not CORS_OK */
  size_t metrics_bytes; /* the last Prometheus text */
  const char *looked_up;
} production_tally;

static void serve_once(cors_live *live, cors_counters *counters,
                       const cors_request *req, production_tally *t) {
  static const char app_vary[] = "Accept-Encoding, origin";
  char why[CORS_EXPLAIN_BOUND];
  char vary[256];
  char lines[CORS_FORMAT_BOUND(512)];
  cors_policy *pol = cors_live_acquire(live);
  cors_result res;
  cors_evaluate(pol, req, &res);
  cors_counters_record(counters, &res);
  if (res.allowed)
    t->allowed++;
  else
    t->denied++;
  t->explained += cors_result_explain(&res, why, sizeof why);
  if (cors_vary_merge(app_vary, sizeof app_vary - 1, &res, vary, sizeof vary,
                      NULL) != CORS_OK)
    t->bad_status++;
  if (cors_result_format_vary(&res, app_vary, sizeof app_vary - 1, lines,
                              sizeof lines, NULL) != CORS_OK)
    t->bad_status++;
  cors_live_release(live, pol);
}

/* The 1.1 helpers a server calls around every evaluation (the README's
 * production loop: acquire and release, header-by-header requests,
 * counting, explain, the Vary merge and the header lines with it, and a
 * scrape of the metrics and a .env lookup now and then) make no heap call
 * either: cors.h promises each of them "never allocates". */
START_TEST(production_helpers_make_no_heap_call) {
  unsigned long compile_calls = 0;
  cors_policy *pol = compile_with(NULL, &compile_calls);
  cors_live *live = cors_live_new(pol, NULL);
  cors_counters *counters = cors_counters_new(NULL);
  ck_assert_ptr_nonnull(live);
  ck_assert_ptr_nonnull(counters);
  static const char env[] = "FRONTEND_ORIGINS=https://app.example.com\n";
  cors_envtext *vars = NULL;
  cors_error err;
  ck_assert_int_eq(cors_envtext_parse(env, sizeof env - 1, NULL, &vars, &err),
                   CORS_OK);
  cors_request req[COUNT_OF(k_requests)];
  for (size_t i = 0; i < COUNT_OF(req); i++)
    request_by_headers(&req[i], &k_requests[i]);
  production_tally t = {0};
  serve_once(live, counters, &req[0], &t); /* warm-up: first regex match */
  ck_assert_msg(t.allowed == 1, "warm-up request refused");
  t = (production_tally){0};

  static char metrics[CORS_COUNTERS_TEXT_BOUND];
  const int rounds = 200;
  counting_start();
  for (int round = 0; round < rounds; round++) {
    for (size_t i = 0; i < COUNT_OF(req); i++)
      serve_once(live, counters, &req[i], &t);
    if (cors_counters_format_prometheus(counters, metrics, sizeof metrics,
                                        &t.metrics_bytes) != CORS_OK)
      t.bad_status++;
    t.looked_up = cors_envtext_lookup("FRONTEND_ORIGINS", vars);
  }
  unsigned long calls = counting_stop();

  ck_assert_msg(calls == 0,
                "%lu heap calls in %d rounds of the production helpers", calls,
                rounds);
  /* The loop did real work: both verdicts, text in every buffer. */
  ck_assert_uint_gt(t.allowed, 0);
  ck_assert_uint_gt(t.denied, 0);
  ck_assert_uint_gt(t.explained, (size_t)rounds * COUNT_OF(req) * 20);
  ck_assert_uint_eq(t.bad_status, 0);
  ck_assert_msg(strstr(metrics, "cors_requests_total{") != NULL, "%s", metrics);
  ck_assert_str_eq(t.looked_up, "https://app.example.com");
  cors_envtext_free(vars);
  cors_counters_free(counters);
  cors_live_free(live);
}
END_TEST

/* With hooks, config building and compile (PCRE2 included) allocate only
 * through them: the C library's malloc is never called. */
START_TEST(compile_allocates_only_through_hooks) {
  cors_allocator hooks = {direct_malloc, direct_realloc, direct_free, NULL};
  unsigned long compile_calls = 0;
  cors_policy *pol = compile_with(&hooks, &compile_calls);
  ck_assert_msg(compile_calls == 0,
                "%lu C-library heap calls bypassed the hooks during config "
                "and compile", compile_calls);
  cors_policy_free(pol);
}
END_TEST

/* The browser's side (cors-check probe's decision) is allocation-free
 * too: the response check and Chromium's request rules. */
START_TEST(browser_check_makes_no_heap_call) {
  cors_request pre, actual;
  request_spec pre_spec = {"OPTIONS", SL(SEED_ORIGIN), "PUT",
                           "authorization, x-request-id", "true"};
  request_spec actual_spec = {"GET", SL(SEED_ORIGIN), NULL, NULL, NULL};
  request_from_spec(&pre, &pre_spec);
  request_from_spec(&actual, &actual_spec);
  static const cors_raw_header response[] = {
      {"Access-Control-Allow-Origin", 27, SEED_ORIGIN, sizeof SEED_ORIGIN - 1},
      {"Access-Control-Allow-Methods", 28, "GET, PUT", 8},
      {"Access-Control-Allow-Headers", 28, "*, x-request-id", 15},
      {"Access-Control-Max-Age", 22, "86400", 5},
      {"Location", 8, "/next", 5},
      {"Cache-Control", 13, "max-age=60, private", 19},
  };
  static const cors_raw_header page[] = {
      {"Content-Type", 12, "application/json", 16},
      {"X-Request-ID", 12, "r1", 2},
      {"Accept-Language", 15, "fr", 2},
      {"Cookie", 6, "a=b", 3},
  };
  char acrh[128];
  size_t n = 0;
  unsigned long allowed = 0;
  counting_start();
  for (int round = 0; round < 1000; round++) {
    cors_browser_verdict v;
    allowed += cors_browser_check_response(&pre, false, 204, response, 6, &v) ==
               CORS_CAUSE_NONE;
    allowed += cors_browser_check_response(&actual, false, 302, response, 6,
                                           &v) == CORS_CAUSE_NONE;
    allowed += cors_browser_header_is_safelisted("Range", 5, "bytes=0-99", 10);
    allowed += cors_browser_header_is_forbidden("Sec-X", 5, "1", 1);
    (void)cors_browser_request_headers(page, 4, acrh, sizeof acrh, &n);
  }
  unsigned long calls = counting_stop();
  ck_assert_msg(allowed == 4000, "%lu of 4000 checks passed", allowed);
  ck_assert_str_eq(acrh, "content-type,x-request-id");
  ck_assert_msg(calls == 0, "%lu heap calls in the browser checks", calls);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("noalloc");
  TCase *tc = tcase_create("interposed_malloc");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, interposer_sees_shared_libraries);
  tcase_add_test(tc, evaluate_makes_no_heap_call_default_allocator);
  tcase_add_test(tc, evaluate_makes_no_heap_call_custom_hooks);
  tcase_add_test(tc, production_helpers_make_no_heap_call);
  tcase_add_test(tc, compile_allocates_only_through_hooks);
  tcase_add_test(tc, browser_check_makes_no_heap_call);
  suite_add_tcase(s, tc);
  return s;
}

#else /* sanitizer or not glibc: malloc cannot be interposed here */

Suite *unit_suite(void) { return NULL; }

#endif
