/* cors_allocator in include/cors/cors.h: every allocation of config
 * building and compile goes through the hooks, each failure returns
 * CORS_ERR_NOMEM and leaks nothing; cors_evaluate allocates nothing. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An allocator that fails chosen calls and counts live blocks. */
typedef struct test_heap {
  long calls;    /* malloc + realloc calls so far */
  long fail_at;  /* this call fails (0: none) */
  bool fail_on;  /* ...and, when set, every later one too */
  long live;     /* blocks allocated and not yet freed */
  long failures; /* calls refused */
  bool bad_ud;   /* a hook saw another user pointer */
} test_heap;

static bool should_fail(test_heap *h) {
  h->calls++;
  if (h->fail_at == 0 || h->calls < h->fail_at)
    return false;
  if (h->calls == h->fail_at || h->fail_on) {
    h->failures++;
    return true;
  }
  return false;
}

static test_heap *heap_of(void *ud, test_heap *expected) {
  if (ud != expected)
    expected->bad_ud = true;
  return expected;
}

static test_heap g_heap;

static void *heap_malloc(size_t n, void *ud) {
  test_heap *h = heap_of(ud, &g_heap);
  if (should_fail(h))
    return NULL;
  void *p = malloc(n ? n : 1);
  if (p)
    h->live++;
  return p;
}

static void *heap_realloc(void *p, size_t n, void *ud) {
  test_heap *h = heap_of(ud, &g_heap);
  if (should_fail(h))
    return NULL;
  void *q = realloc(p, n ? n : 1);
  if (q && !p)
    h->live++;
  return q;
}

static void heap_free(void *p, void *ud) {
  test_heap *h = heap_of(ud, &g_heap);
  if (p) {
    h->live--;
    free(p);
  }
}

static cors_allocator heap_hooks(bool with_realloc) {
  cors_allocator a = {heap_malloc, with_realloc ? heap_realloc : NULL,
                      heap_free, &g_heap};
  return a;
}

static void heap_reset(void) { memset(&g_heap, 0, sizeof g_heap); }

#define PREVIEW_REGEX "^https://[a-z0-9-]+\\.preview\\.example$"

/* A config that exercises every list, growth, the regex and patterns. */
static cors_status build_config(cors_config *cfg) {
  static const char *const csvs[] = {
      "https://a.example, http://localhost:*, https://*.example.com, null",
      SEED_ORIGIN ", http://127.0.0.1:3000, http://localhost:5173",
  };
  cors_error err;
  cors_status st = CORS_OK;
  for (size_t i = 0; i < COUNT_OF(csvs) && st == CORS_OK; i++)
    st = cors_config_add_origins_csv(cfg, csvs[i], strlen(csvs[i]), &err);
  char origin[64];
  for (int i = 0; i < 40 && st == CORS_OK; i++) {
    int n = snprintf(origin, sizeof origin, "https://app%d.example.org", i);
    st = cors_config_add_origin(cfg, origin, (size_t)n, &err);
  }
  if (st == CORS_OK)
    st = cors_config_set_origin_regex(cfg, PREVIEW_REGEX, strlen(PREVIEW_REGEX), &err);
  if (st == CORS_OK)
    st = cors_config_set_methods_csv(cfg, SEED_METHODS, strlen(SEED_METHODS), &err);
  if (st == CORS_OK)
    st = cors_config_add_method(cfg, "PURGE", 5, &err);
  if (st == CORS_OK)
    st = cors_config_set_allowed_headers_csv(cfg, SEED_ALLOWED_HEADERS,
                                             strlen(SEED_ALLOWED_HEADERS), &err);
  if (st == CORS_OK)
    st = cors_config_add_allowed_header(cfg, "X-Extra", 7, &err);
  if (st == CORS_OK)
    st = cors_config_set_exposed_headers_csv(cfg, SEED_EXPOSED_HEADERS,
                                             strlen(SEED_EXPOSED_HEADERS), &err);
  if (st == CORS_OK)
    st = cors_config_add_exposed_header(cfg, "X-Extra", 7, &err);
  if (st == CORS_OK)
    st = cors_config_set_max_age(cfg, 3600, &err);
  if (st == CORS_OK)
    cors_config_set_credentials(cfg, true);
  if (st != CORS_OK)
    ck_assert_msg(st == CORS_ERR_NOMEM && err.code == CORS_ERR_NOMEM,
                  "a failed allocation gave %s: %s", cors_strerror(st),
                  err.message);
  return st;
}

/* Fails the Nth allocation of config building, N = 1, 2, ... until the
 * whole build succeeds without a failure. */
static void sweep_config(bool with_realloc, bool fail_on) {
  cors_allocator hooks = heap_hooks(with_realloc);
  long n;
  for (n = 1; n < 100000; n++) {
    heap_reset();
    g_heap.fail_at = n;
    g_heap.fail_on = fail_on;
    cors_config *cfg = cors_config_new(&hooks);
    cors_status st = cfg ? build_config(cfg) : CORS_ERR_NOMEM;
    cors_config_free(cfg);
    ck_assert_msg(!g_heap.bad_ud, "hook called with a foreign user pointer");
    ck_assert_msg(g_heap.live == 0, "fail at %ld: %ld blocks leaked", n,
                  g_heap.live);
    if (g_heap.failures == 0) {
      ck_assert_int_eq(st, CORS_OK);
      break;
    }
  }
  ck_assert_msg(n > 1 && n < 100000, "sweep did not converge (%ld)", n);
}

START_TEST(config_build_every_allocation_fails) {
  sweep_config(true, false);
}
END_TEST

START_TEST(config_build_all_allocations_fail_from_n) {
  sweep_config(true, true);
}
END_TEST

START_TEST(config_build_without_realloc) {
  sweep_config(false, false);
}
END_TEST

/* Fails the Nth allocation of compile itself. */
static void sweep_compile(bool fail_on) {
  cors_allocator hooks = heap_hooks(true);
  long n;
  for (n = 1; n < 100000; n++) {
    heap_reset();
    cors_config *cfg = cors_config_new(&hooks);
    ck_assert_msg(cfg && build_config(cfg) == CORS_OK, "building the config");
    g_heap.fail_at = g_heap.calls + n;
    g_heap.fail_on = fail_on;
    cors_policy *pol = (cors_policy *)(uintptr_t)1;
    cors_error err;
    cors_status st = cors_policy_compile(cfg, &pol, &err);
    if (st != CORS_OK) {
      ck_assert_msg(st == CORS_ERR_NOMEM, "fail at %ld: status %s (%s)", n,
                    cors_strerror(st), err.message);
      ck_assert_msg(err.code == CORS_ERR_NOMEM, "err.code");
      ck_assert_msg(pol == NULL, "fail at %ld: *out not NULL", n);
    }
    g_heap.fail_at = 0; /* let frees and the check below run freely */
    if (st == CORS_OK) {
      ck_assert_msg(g_heap.failures == 0, "compile ignored a failed allocation");
      request_spec rq = {.origin = SL("https://x1.preview.example")};
      cors_result res;
      evaluate_spec(pol, &rq, &res);
      ck_assert_msg(res.allowed, "compiled policy does not work");
    }
    cors_config_free(cfg);
    if (st == CORS_OK) {
      ck_assert_msg(g_heap.live > 0, "the policy holds no memory from the hooks");
      cors_policy_free(pol);
    }
    cors_thread_cleanup();
    ck_assert_msg(g_heap.live == 0, "fail at %ld: %ld blocks leaked", n,
                  g_heap.live);
    if (st == CORS_OK)
      break;
  }
  ck_assert_msg(n > 1 && n < 100000, "sweep did not converge (%ld)", n);
}

START_TEST(compile_every_allocation_fails) {
  sweep_compile(false);
}
END_TEST

START_TEST(compile_all_allocations_fail_from_n) {
  sweep_compile(true);
}
END_TEST

/* The environment loader (docs/semantics.md#the-environment) builds the
 * config through the same hooks: every failure is CORS_ERR_NOMEM with
 * nothing leaked. */
static const char *env_lookup(const char *name, void *ctx) {
  static const char *const env[][2] = {
      {"FRONTEND_ORIGINS", "https://a.example, http://localhost:*, https://*.b.example"},
      {"ALLOW_ORIGINS_REGEX", "^https://[a-z]+\\.preview\\.example$"},
      {"CORS_ALLOW_CREDENTIALS", "true"},
      {"CORS_ALLOW_HEADERS", "Authorization, X-A, X-B"},
      {"CORS_MAX_AGE", "600"},
  };
  (void)ctx;
  for (size_t i = 0; i < COUNT_OF(env); i++)
    if (strcmp(name, env[i][0]) == 0)
      return env[i][1];
  return NULL; /* methods and exposed headers: the defaults */
}

START_TEST(load_env_every_allocation_fails) {
  cors_allocator hooks = heap_hooks(true);
  long n;
  for (n = 1; n < 100000; n++) {
    heap_reset();
    g_heap.fail_at = n;
    cors_config *cfg = cors_config_new(&hooks);
    cors_status st = CORS_ERR_NOMEM;
    cors_error err;
    if (cfg) {
      st = cors_config_load_env(cfg, env_lookup, NULL, NULL, &err);
      ck_assert_msg(st == CORS_OK || (st == CORS_ERR_NOMEM && err.code == st),
                    "fail at %ld: %s (%s)", n, cors_strerror(st), err.message);
    }
    cors_policy *pol = NULL;
    if (st == CORS_OK) {
      st = cors_policy_compile(cfg, &pol, &err);
      ck_assert_msg(st == CORS_OK || st == CORS_ERR_NOMEM, "compile: %s",
                    cors_strerror(st));
    }
    cors_config_free(cfg);
    cors_policy_free(pol);
    ck_assert_msg(g_heap.live == 0, "fail at %ld: %ld blocks leaked", n,
                  g_heap.live);
    if (g_heap.failures == 0) {
      ck_assert_int_eq(st, CORS_OK);
      break;
    }
  }
  ck_assert_msg(n > 1 && n < 100000, "sweep did not converge (%ld)", n);
}
END_TEST

/* cors_evaluate never calls the hooks once the thread is warm. */
START_TEST(evaluate_calls_no_hook) {
  heap_reset();
  cors_allocator hooks = heap_hooks(true);
  cors_config *cfg = cors_config_new(&hooks);
  ck_assert_int_eq(build_config(cfg), CORS_OK);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  static const request_spec reqs[] = {
      {.origin = SL("https://x1.preview.example")}, /* regex */
      {.origin = SL(SEED_ORIGIN)},
      {.origin = SL("https://a.b.example.com")},
      {.origin = SL("http://localhost:9999")},
      {.origin = SL("null")},
      {.origin = SL("https://evil.example")},
      {.origin = SL("https://a.com\r\n")},
      {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PATCH",
       .acrh = "authorization, content-type,, x-extra"},
      {.method = "OPTIONS", .origin = SL("https://x2.preview.example"),
       .acrm = "PURGE", .acrh = "x-nope"},
      {.method = "GET"},
  };
  cors_result res;
  evaluate_spec(pol, &reqs[0], &res); /* warm-up: the thread's regex scratch */
  long before = g_heap.calls, live = g_heap.live;
  cors_request req[COUNT_OF(reqs)];
  for (size_t i = 0; i < COUNT_OF(reqs); i++)
    request_from_spec(&req[i], &reqs[i]);
  for (int round = 0; round < 2000; round++)
    for (size_t i = 0; i < COUNT_OF(reqs); i++)
      cors_evaluate(pol, &req[i], &res);
  ck_assert_msg(g_heap.calls == before && g_heap.live == live,
                "cors_evaluate called the allocator %ld times",
                g_heap.calls - before);
  cors_policy_free(pol);
  cors_thread_cleanup();
  ck_assert_int_eq(g_heap.live, 0);
}
END_TEST

/* An allocator struct with NULL functions means the C library's. */
START_TEST(null_hooks_mean_stdlib) {
  cors_allocator none = {NULL, NULL, NULL, NULL};
  cors_config *cfg = cors_config_new(&none);
  ck_assert_ptr_nonnull(cfg);
  ck_assert_int_eq(build_config(cfg), CORS_OK);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  cors_policy_free(pol);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("alloc");
  TCase *tc = tcase_create("failing_allocator");
  tcase_set_timeout(tc, 110);
  tcase_add_test(tc, config_build_every_allocation_fails);
  tcase_add_test(tc, config_build_all_allocations_fail_from_n);
  tcase_add_test(tc, config_build_without_realloc);
  tcase_add_test(tc, compile_every_allocation_fails);
  tcase_add_test(tc, compile_all_allocations_fail_from_n);
  tcase_add_test(tc, load_env_every_allocation_fails);
  suite_add_tcase(s, tc);

  tc = tcase_create("evaluate");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, evaluate_calls_no_hook);
  tcase_add_test(tc, null_hooks_mean_stdlib);
  suite_add_tcase(s, tc);
  return s;
}
