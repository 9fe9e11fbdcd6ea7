/* The thread's regex scratch at thread exit: a host whose own thread-key
 * destructor evaluates a request after libcors's destructor has freed the
 * scratch (keys are destroyed in creation order, so a key the host
 * creates after libcors's first regex match is destroyed after libcors's)
 * must get correct answers and never touch freed memory. The ASan build
 * and the valgrind twin of this suite see any use after free or leak.
 * Its own executable: the keys it creates stay with the process. */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <pthread.h>

#define TENANT_REGEX "^https://[a-z0-9-]+\\.tenant\\.example$"

static cors_policy *g_policy;
static pthread_key_t g_host_key;

/* What the host destructor saw (written by the exiting thread, read after
 * pthread_join, which orders the accesses). */
static int g_destructor_runs;
static bool g_destructor_allowed_match;
static bool g_destructor_denied_miss;

static bool allowed(const char *origin) {
  return evaluate_get(g_policy, origin).allowed;
}

/* A connection cleanup that logs a last CORS decision, say. */
static void host_destructor(void *value) {
  (void)value;
  g_destructor_runs++;
  g_destructor_allowed_match = allowed("https://a1.tenant.example");
  g_destructor_denied_miss = !allowed("https://a1.tenant.example.evil");
}

/* Check's assertions belong to the test's own thread: workers report
 * through their return value. */
static void *worker(void *arg) {
  (void)arg;
  if (pthread_setspecific(g_host_key, &g_host_key) != 0)
    return "pthread_setspecific failed";
  /* The worker's first regex match: libcors creates its scratch and
   * registers it for destruction at this thread's exit. */
  if (!allowed("https://w.tenant.example"))
    return "a matching origin was refused in the worker";
  return NULL;
}

static void run_worker(void *(*fn)(void *)) {
  pthread_t t;
  void *failure = NULL;
  ck_assert_int_eq(pthread_create(&t, NULL, fn, NULL), 0);
  ck_assert_int_eq(pthread_join(t, &failure), 0);
  ck_assert_msg(failure == NULL, "%s", (const char *)failure);
}

START_TEST(host_destructor_evaluates_after_libcors_destructor) {
  policy_spec spec = {.regex = TENANT_REGEX};
  g_policy = policy_from_spec(&spec);
  /* libcors creates its key at the process's first regex match; the
   * host's key comes after, so its destructor runs after libcors's. */
  ck_assert_msg(allowed("https://main.tenant.example"), "main match");
  cors_thread_cleanup();
  ck_assert_int_eq(pthread_key_create(&g_host_key, host_destructor), 0);

  for (int round = 0; round < 3; round++) {
    g_destructor_runs = 0;
    run_worker(worker);
    ck_assert_int_eq(g_destructor_runs, 1);
    ck_assert_msg(g_destructor_allowed_match,
                  "round %d: a matching origin was refused at thread exit",
                  round);
    ck_assert_msg(g_destructor_denied_miss,
                  "round %d: a non-matching origin was allowed at thread "
                  "exit",
                  round);
  }
  ck_assert_int_eq(pthread_key_delete(g_host_key), 0);
  cors_policy_free(g_policy);
  g_policy = NULL;
}
END_TEST

/* The same thread may clean up explicitly and go on evaluating. */
static void *cleanup_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) {
    if (!allowed("https://c.tenant.example"))
      return "a matching origin was refused after cleanup";
    cors_thread_cleanup();
  }
  if (allowed("https://c.tenant.example:1"))
    return "a non-matching origin was allowed after cleanup";
  return NULL;
}

START_TEST(cleanup_then_exit) {
  policy_spec spec = {.regex = TENANT_REGEX};
  g_policy = policy_from_spec(&spec);
  run_worker(cleanup_worker);
  cors_policy_free(g_policy);
  g_policy = NULL;
  cors_thread_cleanup();
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("thread_exit");
  TCase *tc = tcase_create("regex scratch at thread exit");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, host_destructor_evaluates_after_libcors_destructor);
  tcase_add_test(tc, cleanup_then_exit);
  suite_add_tcase(s, tc);
  return s;
}
