/* Reference-counted policies and the live handle: a swap frees the old
 * policy only when its last holder releases it, a failed reload keeps the
 * running policy and says why, and nothing leaks on any path (a counting
 * allocator sees every block come back). */
#include "common.h"

#include <string.h>

#define ORIGIN_A "https://a.example"
#define ORIGIN_B "https://b.example"

static cors_policy *compile_with(const char *origins, fail_heap *heap) {
  cors_allocator hooks;
  if (heap != NULL)
    hooks = fail_heap_hooks(heap);
  cors_config *cfg = cors_config_new(heap != NULL ? &hooks : NULL);
  ck_assert_ptr_nonnull(cfg);
  cors_error err;
  ck_assert_int_eq(
      cors_config_add_origins_csv(cfg, origins, strlen(origins), &err),
      CORS_OK);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

/* Whether `pol` allows an actual GET from `origin`. */
static bool allows(const cors_policy *pol, const char *origin) {
  request_spec spec = {.origin = {origin, strlen(origin)}};
  cors_result res;
  evaluate_spec(pol, &spec, &res);
  return res.allowed;
}

START_TEST(policy_lives_until_its_last_reference_is_dropped) {
  fail_heap heap = {0};
  cors_policy *pol = compile_with(ORIGIN_A, &heap);
  long blocks = heap.live;
  ck_assert_int_gt(blocks, 0);
  ck_assert_ptr_eq(cors_policy_ref(pol), pol);
  ck_assert_ptr_eq(cors_policy_ref(pol), pol);
  cors_policy_free(pol);
  cors_policy_free(pol);
  ck_assert_int_eq(heap.live, blocks); /* one reference left */
  ck_assert(allows(pol, ORIGIN_A));
  cors_policy_free(pol);
  ck_assert_int_eq(heap.live, 0);
  ck_assert_ptr_null(cors_policy_ref(NULL));
  cors_policy_free(NULL);
}
END_TEST

START_TEST(live_serves_the_initial_policy_and_frees_it) {
  fail_heap heap = {0};
  cors_allocator hooks = fail_heap_hooks(&heap);
  cors_policy *pol = compile_with(ORIGIN_A, &heap);
  cors_live *live = cors_live_new(pol, &hooks);
  ck_assert_ptr_nonnull(live);
  cors_policy *got = cors_live_acquire(live);
  ck_assert_ptr_eq(got, pol);
  ck_assert(allows(got, ORIGIN_A));
  cors_live_release(live, got);
  cors_live_free(live);
  ck_assert_int_eq(heap.live, 0); /* the handle owned the reference */
}
END_TEST

START_TEST(swap_keeps_the_old_policy_for_requests_in_flight) {
  fail_heap heap = {0};
  cors_allocator hooks = fail_heap_hooks(&heap);
  cors_policy *a = compile_with(ORIGIN_A, &heap);
  long blocks_a = heap.live;
  cors_live *live = cors_live_new(a, &hooks);
  ck_assert_ptr_nonnull(live);
  cors_policy *in_flight = cors_live_acquire(live);

  cors_live_swap(live, compile_with(ORIGIN_B, &heap));
  /* The request that acquired A still evaluates under A... */
  ck_assert(allows(in_flight, ORIGIN_A));
  ck_assert(!allows(in_flight, ORIGIN_B));
  /* ...while new requests get B. */
  cors_policy *now = cors_live_acquire(live);
  ck_assert(allows(now, ORIGIN_B));
  ck_assert(!allows(now, ORIGIN_A));
  cors_live_release(live, now);

  long before = heap.live;
  cors_live_release(live, in_flight); /* the last holder of A frees it */
  ck_assert_int_eq(heap.live, before - blocks_a);
  cors_live_free(live);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

START_TEST(swap_without_holders_frees_at_once) {
  fail_heap heap = {0};
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, &heap), NULL);
  ck_assert_ptr_nonnull(live);
  long blocks = heap.live;
  for (int i = 0; i < 100; i++)
    cors_live_swap(live, compile_with(i % 2 ? ORIGIN_A : ORIGIN_B, &heap));
  ck_assert_int_eq(heap.live, blocks);
  cors_live_free(live);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

START_TEST(swap_edge_cases) {
  fail_heap heap = {0};
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, &heap), NULL);
  cors_live_swap(live, NULL); /* ignored: A stays */
  cors_policy *p = cors_live_acquire(live);
  ck_assert(allows(p, ORIGIN_A));
  cors_live_release(live, p);
  cors_live_free(live);
  ck_assert_int_eq(heap.live, 0);
  /* A NULL handle drops the reference it was handed. */
  cors_live_swap(NULL, compile_with(ORIGIN_B, &heap));
  ck_assert_int_eq(heap.live, 0);
  ck_assert_ptr_null(cors_live_acquire(NULL));
  cors_live_release(NULL, NULL);
  cors_live_free(NULL);
}
END_TEST

START_TEST(live_new_refuses_null_and_leaves_the_reference_on_nomem) {
  ck_assert_ptr_null(cors_live_new(NULL, NULL));
  fail_heap heap = {0};
  cors_policy *pol = compile_with(ORIGIN_A, NULL);
  heap.fail_at = 1;
  cors_allocator hooks = fail_heap_hooks(&heap);
  ck_assert_ptr_null(cors_live_new(pol, &hooks));
  ck_assert_int_eq(heap.failures, 1);
  ck_assert(allows(pol, ORIGIN_A)); /* still the caller's */
  cors_policy_free(pol);
}
END_TEST

/* ---- reload ------------------------------------------------------------- */

typedef struct reload_spec {
  const char *origins;
  const char *regex;
  int calls;
} reload_spec;

static cors_status configure(cors_config *cfg, void *ud, cors_error *err) {
  reload_spec *spec = ud;
  spec->calls++;
  cors_status st = cors_config_add_origins_csv(cfg, spec->origins,
                                               strlen(spec->origins), err);
  if (st == CORS_OK && spec->regex != NULL)
    st = cors_config_set_origin_regex(cfg, spec->regex, strlen(spec->regex),
                                      err);
  return st;
}

START_TEST(reload_swaps_in_the_new_policy) {
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, NULL), NULL);
  reload_spec spec = {ORIGIN_B, NULL, 0};
  cors_error err;
  ck_assert_int_eq(cors_live_reload(live, configure, &spec, &err), CORS_OK);
  ck_assert_int_eq(spec.calls, 1);
  cors_policy *p = cors_live_acquire(live);
  ck_assert(allows(p, ORIGIN_B));
  ck_assert(!allows(p, ORIGIN_A));
  cors_live_release(live, p);
  cors_live_free(live);
}
END_TEST

START_TEST(failed_reload_keeps_the_running_policy) {
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, NULL), NULL);
  static const char *const bad_origins[] = {"https://b.example/", "ftp//x"};
  for (size_t i = 0; i < COUNT_OF(bad_origins); i++) {
    reload_spec spec = {bad_origins[i], NULL, 0};
    cors_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(cors_live_reload(live, configure, &spec, &err),
                     CORS_ERR_INVALID_ORIGIN);
    ck_assert_int_eq(err.code, CORS_ERR_INVALID_ORIGIN);
    ck_assert_ptr_nonnull(strstr(err.message, bad_origins[i]));
  }
  /* A compile error (a regex) is refused the same way. */
  reload_spec spec = {ORIGIN_B, "^https://(unclosed$", 0};
  cors_error err;
  ck_assert_int_eq(cors_live_reload(live, configure, &spec, &err),
                   CORS_ERR_INVALID_REGEX);
  cors_policy *p = cors_live_acquire(live);
  ck_assert(allows(p, ORIGIN_A));
  ck_assert(!allows(p, ORIGIN_B));
  cors_live_release(live, p);
  ck_assert_int_eq(cors_live_reload(NULL, configure, &spec, &err),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_live_reload(live, NULL, &spec, &err),
                   CORS_ERR_INVALID_ARGUMENT);
  cors_live_free(live);
}
END_TEST

typedef struct kv_env {
  const char *names[4];
  const char *values[4];
} kv_env;

static const char *kv_lookup(const char *name, void *ctx) {
  const kv_env *env = ctx;
  for (size_t i = 0; i < 4 && env->names[i] != NULL; i++)
    if (strcmp(env->names[i], name) == 0)
      return env->values[i];
  return NULL;
}

START_TEST(reload_env_applies_or_refuses_the_whole_environment) {
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, NULL), NULL);
  kv_env bad = {{"FRONTEND_ORIGINS", "CORS_MAX_AGE"}, {ORIGIN_B, "soon"}};
  cors_error err;
  ck_assert_int_eq(cors_live_reload_env(live, kv_lookup, &bad, NULL, &err),
                   CORS_ERR_INVALID_MAX_AGE);
  ck_assert_str_eq(err.field, "CORS_MAX_AGE");
  cors_policy *p = cors_live_acquire(live);
  ck_assert(allows(p, ORIGIN_A)); /* nothing of the bad reload applied */
  ck_assert(!allows(p, ORIGIN_B));
  cors_live_release(live, p);

  kv_env good = {{"APP_FRONTEND_ORIGINS"}, {ORIGIN_B}};
  cors_env_options opts;
  cors_env_options_init(&opts);
  opts.prefix = "APP_";
  ck_assert_int_eq(cors_live_reload_env(live, kv_lookup, &good, &opts, &err),
                   CORS_OK);
  p = cors_live_acquire(live);
  ck_assert(allows(p, ORIGIN_B));
  ck_assert(!allows(p, ORIGIN_A));
  cors_live_release(live, p);
  cors_live_free(live);
}
END_TEST

/* Every allocation of a reload may fail: each failure is CORS_ERR_NOMEM,
 * keeps the running policy and leaks nothing; the reload allocates
 * through the handle's allocator. */
START_TEST(reload_survives_every_allocation_failure) {
  fail_heap heap = {0};
  cors_allocator hooks = fail_heap_hooks(&heap);
  cors_live *live = cors_live_new(compile_with(ORIGIN_A, &heap), &hooks);
  ck_assert_ptr_nonnull(live);
  long baseline = heap.live;
  reload_spec spec = {ORIGIN_B ", https://*.b.example", "^https://c\\.example$",
                      0};
  bool done = false;
  long nomem = 0;
  for (long n = 1; !done && n < 500; n++) {
    heap.calls = 0;
    heap.fail_at = n;
    cors_error err;
    cors_status st = cors_live_reload(live, configure, &spec, &err);
    if (st == CORS_OK) {
      done = heap.calls < n; /* no call left to fail */
      continue;
    }
    ck_assert_msg(st == CORS_ERR_NOMEM, "failing call %ld gave %s", n,
                  cors_strerror(st));
    nomem++;
    ck_assert_int_eq(heap.live, baseline);
    cors_policy *p = cors_live_acquire(live);
    ck_assert(allows(p, ORIGIN_A));
    cors_live_release(live, p);
  }
  ck_assert_msg(done, "the reload never succeeded");
  ck_assert_int_gt(nomem, 5); /* config, entries, regex, policy arrays */
  heap.fail_at = 0;
  cors_live_free(live);
  ck_assert_int_eq(heap.live, 0);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("live");
  TCase *tc = tcase_create("refcount");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, policy_lives_until_its_last_reference_is_dropped);
  tcase_add_test(tc, live_serves_the_initial_policy_and_frees_it);
  tcase_add_test(tc, swap_keeps_the_old_policy_for_requests_in_flight);
  tcase_add_test(tc, swap_without_holders_frees_at_once);
  tcase_add_test(tc, swap_edge_cases);
  tcase_add_test(tc, live_new_refuses_null_and_leaves_the_reference_on_nomem);
  suite_add_tcase(s, tc);
  tc = tcase_create("reload");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, reload_swaps_in_the_new_policy);
  tcase_add_test(tc, failed_reload_keeps_the_running_policy);
  tcase_add_test(tc, reload_env_applies_or_refuses_the_whole_environment);
  tcase_add_test(tc, reload_survives_every_allocation_failure);
  suite_add_tcase(s, tc);
  return s;
}
