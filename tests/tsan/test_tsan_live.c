/* Hot reload under load. 8 threads acquire the live policy, evaluate and
 * record each result in shared counters, then release; one thread swaps
 * policies 10,000 times (half compiled and swapped, half through
 * cors_live_reload); another scrapes the counters as a /metrics endpoint
 * would. Built with -fsanitize=thread this proves the acquire/swap/release
 * protocol free of data races (a use-after-free of a swapped-out policy
 * included); the checks prove every held policy answers consistently
 * (policy A allows one origin, B the other: a request never sees half of
 * each) and that the counters equal the evaluations, cell by cell.
 *
 * Compiled with LIVE_SHORT it is the short version run under Valgrind,
 * which checks that no swapped policy leaks. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <cors/cors.h>

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef LIVE_SHORT
#define THREADS 3
#define SWAPS 200
#else
#define THREADS 8
#define SWAPS 10000
#endif
/* Every evaluator stops after this many rounds even if the swapper has
 * not finished: the test is bounded whatever the scheduler does. */
#define MAX_ROUNDS 2000000L
#define MIN_ROUNDS 1000L

#define ORIGIN_A "https://a.example.com"
#define ORIGIN_B "https://b.example.com"

/* kind x allowed x reason, as cors_counters keeps them. */
#define KINDS 3
#define REASONS 12
typedef struct tally {
  uint64_t cells[KINDS][2][REASONS];
} tally;

static cors_live *live;
static cors_counters *counters;
static atomic_bool swapping_done;
static atomic_bool evaluating_done;
/* Handshakes so that, whatever the scheduler does, the swaps overlap the
 * evaluations and both policies are served: the swapper starts once every
 * evaluator runs, and after its first swap waits for one to see it. */
static atomic_int evaluators_started;
static atomic_bool policy_b_seen;

/* Waits (bounded: 10 s) until *flag reaches want. */
static void wait_for(atomic_int *flag, int want) {
  for (long i = 0; i < 10000 && atomic_load(flag) < want; i++)
    nanosleep(&(struct timespec){0, 1000000}, NULL);
}

static cors_status configure(cors_config *cfg, void *ud, cors_error *err) {
  const char *origin = ud;
  /* A regex too, so threads run PCRE2 on policies being swapped out. */
  static const char regex[] = "^https://pr-[0-9]+\\.preview\\.example$";
  cors_config_set_credentials(cfg, true);
  cors_status st = cors_config_add_origin_cstr(cfg, origin, err);
  if (st == CORS_OK)
    st = cors_config_set_origin_regex(cfg, regex, sizeof regex - 1, err);
  if (st == CORS_OK)
    st = cors_config_set_methods_csv(cfg, "GET, PUT", 8, err);
  return st;
}

/* NULL on failure: the swapper thread counts it rather than assert (a
 * Check assertion must not fire outside the test's own thread). */
static cors_policy *compile(const char *origin) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  if (cfg != NULL && configure(cfg, (void *)origin, &err) == CORS_OK)
    cors_policy_compile(cfg, &pol, &err);
  cors_config_free(cfg);
  return pol;
}

static void *swap_many(void *arg) {
  long *failures = arg;
  wait_for(&evaluators_started, THREADS);
  for (int i = 0; i < SWAPS; i++) {
    const char *origin = i % 2 == 0 ? ORIGIN_B : ORIGIN_A;
    if (i % 4 < 2) {
      cors_policy *next = compile(origin);
      if (next == NULL)
        (*failures)++;
      cors_live_swap(live, next);
    } else {
      cors_error err;
      if (cors_live_reload(live, configure, (void *)origin, &err) != CORS_OK)
        (*failures)++;
    }
    for (long k = 0; i == 0 && k < 10000 && !atomic_load(&policy_b_seen); k++)
      nanosleep(&(struct timespec){0, 1000000}, NULL);
  }
  atomic_store(&swapping_done, true);
  return NULL;
}

typedef struct evaluator {
  cors_request requests[4];
  long rounds;
  long inconsistent;
  long saw_a, saw_b;
  tally counted;
} evaluator;

static void request(cors_request *req, const char *method, const char *origin,
                    const char *acrm) {
  cors_request_init(req);
  req->method = cors_slice_cstr(method);
  req->origin = cors_slice_cstr(origin);
  req->origin_count = origin != NULL ? 1 : 0;
  req->request_method = cors_slice_cstr(acrm);
  req->request_method_count = acrm != NULL ? 1 : 0;
}

static void count(evaluator *e, const cors_result *res) {
  cors_counters_record(counters, res);
  e->counted.cells[res->kind][res->allowed][res->reason]++;
}

static void *evaluate_many(void *arg) {
  evaluator *e = arg;
  while (e->rounds < MAX_ROUNDS &&
         (e->rounds < MIN_ROUNDS || !atomic_load(&swapping_done))) {
    cors_policy *pol = cors_live_acquire(live);
    cors_result a, b, regex, preflight;
    cors_evaluate(pol, &e->requests[0], &a);
    cors_evaluate(pol, &e->requests[1], &b);
    cors_evaluate(pol, &e->requests[2], &regex);
    cors_evaluate(pol, &e->requests[3], &preflight);
    /* One policy allows exactly one of the two origins. */
    if (a.allowed == b.allowed || !regex.allowed ||
        preflight.allowed != a.allowed)
      e->inconsistent++;
    e->saw_a += a.allowed;
    e->saw_b += b.allowed;
    if (b.allowed)
      atomic_store(&policy_b_seen, true);
    if (e->rounds == 0)
      atomic_fetch_add(&evaluators_started, 1);
    count(e, &a);
    count(e, &b);
    count(e, &regex);
    count(e, &preflight);
    cors_live_release(live, pol);
    e->rounds++;
  }
  cors_thread_cleanup();
  return NULL;
}

/* A /metrics endpoint: the totals it reads never go down. */
static void *scrape_many(void *arg) {
  long *regressions = arg;
  static char text[CORS_COUNTERS_TEXT_BOUND];
  uint64_t last = 0;
  while (!atomic_load(&evaluating_done)) {
    size_t n;
    if (cors_counters_format_prometheus(counters, text, sizeof text, &n) !=
        CORS_OK)
      (*regressions)++;
    uint64_t total = 0;
    for (int k = 0; k < KINDS; k++)
      for (int v = 0; v < 2; v++)
        for (int r = 0; r < REASONS; r++)
          total += cors_counters_get(counters, (cors_kind)k, v == 1,
                                     (cors_reason)r);
    if (total < last)
      (*regressions)++;
    last = total;
  }
  return NULL;
}

START_TEST(live_policy_under_swaps) {
  cors_policy *initial = compile(ORIGIN_A);
  ck_assert_ptr_nonnull(initial);
  live = cors_live_new(initial, NULL);
  counters = cors_counters_new(NULL);
  ck_assert_ptr_nonnull(live);
  ck_assert_ptr_nonnull(counters);
  atomic_store(&swapping_done, false);
  atomic_store(&evaluating_done, false);
  atomic_store(&evaluators_started, 0);
  atomic_store(&policy_b_seen, false);

  static evaluator evaluators[THREADS];
  pthread_t threads[THREADS], swapper, scraper;
  long reload_failures = 0, regressions = 0;
  for (size_t t = 0; t < THREADS; t++) {
    evaluator *e = &evaluators[t];
    memset(e, 0, sizeof *e);
    request(&e->requests[0], "GET", ORIGIN_A, NULL);
    request(&e->requests[1], "GET", ORIGIN_B, NULL);
    request(&e->requests[2], "GET", "https://pr-42.preview.example", NULL);
    request(&e->requests[3], "OPTIONS", ORIGIN_A, "PUT");
    ck_assert_int_eq(pthread_create(&threads[t], NULL, evaluate_many, e), 0);
  }
  ck_assert_int_eq(pthread_create(&scraper, NULL, scrape_many, &regressions),
                   0);
  ck_assert_int_eq(pthread_create(&swapper, NULL, swap_many, &reload_failures),
                   0);
  ck_assert_int_eq(pthread_join(swapper, NULL), 0);
  tally want;
  memset(&want, 0, sizeof want);
  long evaluations = 0, saw_a = 0, saw_b = 0;
  for (size_t t = 0; t < THREADS; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
    evaluator *e = &evaluators[t];
    ck_assert_msg(e->inconsistent == 0, "thread %zu: %ld inconsistent rounds",
                  t, e->inconsistent);
    evaluations += 4 * e->rounds;
    saw_a += e->saw_a;
    saw_b += e->saw_b;
    for (int k = 0; k < KINDS; k++)
      for (int v = 0; v < 2; v++)
        for (int r = 0; r < REASONS; r++)
          want.cells[k][v][r] += e->counted.cells[k][v][r];
  }
  atomic_store(&evaluating_done, true);
  ck_assert_int_eq(pthread_join(scraper, NULL), 0);

  ck_assert_int_eq(reload_failures, 0);
  ck_assert_int_eq(regressions, 0);
  /* Both policies were really served. */
  ck_assert_int_gt(saw_a, 0);
  ck_assert_int_gt(saw_b, 0);
  /* The counters equal the evaluations, cell by cell. */
  uint64_t total = 0;
  for (int k = 0; k < KINDS; k++)
    for (int v = 0; v < 2; v++)
      for (int r = 0; r < REASONS; r++) {
        uint64_t got = cors_counters_get(counters, (cors_kind)k, v == 1,
                                         (cors_reason)r);
        ck_assert_msg(got == want.cells[k][v][r],
                      "cell %d/%d/%d: %llu counted, %llu evaluated", k, v, r,
                      (unsigned long long)got,
                      (unsigned long long)want.cells[k][v][r]);
        total += got;
      }
  ck_assert_uint_eq(total, (uint64_t)evaluations);

  /* The last swap (i = SWAPS - 1, odd) installed policy A. */
  cors_policy *last = cors_live_acquire(live);
  cors_result res;
  cors_evaluate(last, &evaluators[0].requests[0], &res);
  ck_assert(res.allowed);
  cors_live_release(live, last);
  cors_live_free(live);
  cors_counters_free(counters);
  cors_thread_cleanup();
}
END_TEST

static Suite *live_suite(void) {
  Suite *s = suite_create("tsan_live");
  TCase *tc = tcase_create("live");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, live_policy_under_swaps);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(live_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
