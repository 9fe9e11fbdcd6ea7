/* A process that has used up its thread-specific-data keys before
 * libcors's first regex match: libcors must not write into a key it does
 * not own (the host's value must stay, the host's destructor must never
 * receive libcors's memory), must not leak (the valgrind twin), and must
 * still match correctly, on the degraded path that creates and frees the
 * match data around each match. Its own executable: exhausting the keys
 * would change every later test in the process. */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* More than any system's PTHREAD_KEYS_MAX (glibc: 1024). */
#define MAX_KEYS 65536

static pthread_key_t *g_keys;
static size_t g_key_count;
static int *g_values; /* the host's value of key i is &g_values[i] */
static cors_policy *g_policy;

/* Written by exiting threads, read after pthread_join. */
static size_t g_foreign_values; /* destructor calls with a value not ours */
static size_t g_destructor_calls;

static void host_destructor(void *value) {
  g_destructor_calls++;
  int *v = value;
  if (v < g_values || v >= g_values + g_key_count)
    g_foreign_values++;
}

static void exhaust_keys(void) {
  g_keys = calloc(MAX_KEYS, sizeof *g_keys);
  g_values = calloc(MAX_KEYS, sizeof *g_values);
  ck_assert(g_keys != NULL && g_values != NULL);
  g_key_count = 0;
  while (g_key_count < MAX_KEYS &&
         pthread_key_create(&g_keys[g_key_count], host_destructor) == 0)
    g_key_count++;
  ck_assert_msg(g_key_count > 0 && g_key_count < MAX_KEYS,
                "could not exhaust the thread keys (%zu created)", g_key_count);
}

static void release_keys(void) {
  for (size_t i = 0; i < g_key_count; i++)
    ck_assert_int_eq(pthread_key_delete(g_keys[i]), 0);
  free(g_keys);
  free(g_values);
  g_keys = NULL;
  g_values = NULL;
  g_key_count = 0;
}

static bool set_host_values(void) {
  for (size_t i = 0; i < g_key_count; i++) {
    if (pthread_setspecific(g_keys[i], &g_values[i]) != 0)
      return false;
  }
  return true;
}

/* Which of the host's keys no longer hold the host's value. */
static size_t host_values_changed(void) {
  size_t changed = 0;
  for (size_t i = 0; i < g_key_count; i++) {
    if (pthread_getspecific(g_keys[i]) != &g_values[i])
      changed++;
  }
  return changed;
}

static cors_reason reason_of(const char *origin) {
  cors_result res = evaluate_get(g_policy, origin);
  return res.allowed ? CORS_REASON_NONE : res.reason;
}

/* Matches, misses and a matching origin again, several times: correct
 * every time, and nothing of libcors lands in a host key. Returns what
 * went wrong, or NULL (workers cannot use Check's assertions). */
static const char *check_matching(void) {
  for (int i = 0; i < 4; i++) {
    if (reason_of("https://a1.tenant.example") != CORS_REASON_NONE)
      return "a matching origin was refused";
    if (reason_of("https://a1.tenant.example.evil") !=
        CORS_REASON_ORIGIN_NOT_ALLOWED)
      return "a non-matching origin was not refused";
    if (reason_of("https://b-2.tenant.example") != CORS_REASON_NONE)
      return "a second matching origin was refused";
  }
  if (host_values_changed() != 0)
    return "a host key no longer holds the host's value";
  return NULL;
}

static void *worker(void *arg) {
  (void)arg;
  if (!set_host_values())
    return "pthread_setspecific failed";
  return (void *)check_matching();
}

static void check_in_main(const char *where) {
  const char *failure = check_matching();
  ck_assert_msg(failure == NULL, "%s: %s", where, failure);
}

START_TEST(regex_without_a_free_key) {
  /* Everything that could create a key is done before the keys run out
   * except libcors's first regex match. */
  policy_spec spec = {.regex = "^https://[a-z0-9-]+\\.tenant\\.example$"};
  g_policy = policy_from_spec(&spec);
  exhaust_keys();

  ck_assert(set_host_values());
  check_in_main("main thread");

  g_destructor_calls = 0;
  g_foreign_values = 0;
  for (int round = 0; round < 2; round++) {
    pthread_t t;
    void *failure = NULL;
    ck_assert_int_eq(pthread_create(&t, NULL, worker, NULL), 0);
    ck_assert_int_eq(pthread_join(t, &failure), 0);
    ck_assert_msg(failure == NULL, "worker thread: %s", (const char *)failure);
  }
  ck_assert_msg(g_foreign_values == 0,
                "a host key destructor received %zu value(s) that the host "
                "never stored",
                g_foreign_values);
  ck_assert_msg(g_destructor_calls == 2 * g_key_count,
                "%zu destructor calls for %zu keys over two threads",
                g_destructor_calls, g_key_count);

  cors_thread_cleanup(); /* nothing cached: a no-op */
  check_in_main("main thread after cleanup");
  release_keys();
  cors_policy_free(g_policy);
  g_policy = NULL;
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("thread_keys");
  TCase *tc = tcase_create("no thread key left");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, regex_without_a_free_key);
  suite_add_tcase(s, tc);
  return s;
}
