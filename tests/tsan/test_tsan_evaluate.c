/* One compiled policy shared by 8 threads that evaluate 1,000,000 requests
 * in total (preflights, actual requests, regex matches, denials), each
 * result compared with the single-threaded answer to the same request.
 * Built with -fsanitize=thread, this is the proof of the promise (cors.h,
 * docs/semantics.md#the-answer) that cors_evaluate is reentrant and a
 * policy shareable across threads: ThreadSanitizer reports any data race (the
 * per-thread regex match data included), and a wrong answer under contention
 * fails the comparison. */
#include <cors/cors.h>

#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define TOTAL_REQUESTS 1000000L
#define MAX_VALUE 256

typedef struct request_spec {
  const char *method;
  const char *origin;
  const char *acrm;
  const char *acrh;
  const char *acrpn;
} request_spec;

static const request_spec specs[] = {
    /* actual, allowed: exact, pattern, port pattern, regex */
    {"GET", "http://localhost:3000", NULL, NULL, NULL},
    {"POST", "https://app.example.com", NULL, NULL, NULL},
    {"GET", "https://a.b.example.com", NULL, NULL, NULL},
    {"PUT", "http://localhost:8080", NULL, NULL, NULL},
    {"GET", "https://pr-17.preview.example.net", NULL, NULL, NULL},
    {"DELETE", "https://feature-x.preview.example.net", NULL, NULL, NULL},
    /* actual, denied */
    {"GET", "https://evil.example", NULL, NULL, NULL},
    {"GET", "https://evil-example.com", NULL, NULL, NULL},
    {"GET", "https://pr-1.preview.example.net.evil.com", NULL, NULL, NULL},
    {"GET", "https://PR-1.preview.example.net", NULL, NULL, NULL},
    {"GET", "null", NULL, NULL, NULL},
    {"GET", "http://localhost:3000/", NULL, NULL, NULL},
    /* not CORS */
    {"GET", NULL, NULL, NULL, NULL},
    {"OPTIONS", NULL, "GET", NULL, NULL},
    /* preflights, allowed */
    {"OPTIONS", "http://localhost:3000", "PUT", "authorization, content-type",
     NULL},
    {"OPTIONS", "https://app.example.com", "PATCH", "X-Request-ID", NULL},
    {"OPTIONS", "https://pr-2.preview.example.net", "DELETE", NULL, NULL},
    {"OPTIONS", "http://localhost:5173", "GET", NULL, "true"},
    {"OPTIONS", "https://x.example.com", "POST", "content-type,,,if-match",
     NULL},
    /* preflights, denied */
    {"OPTIONS", "http://localhost:3000", "PURGE", NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "patch", NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "GET", "x-unknown", NULL},
    {"OPTIONS", "http://localhost:3000", "GET", "bad header", NULL},
    {"OPTIONS", "https://evil.example", "GET", NULL, NULL},
    {"OPTIONS", "https://pr-3.preview.example.net.evil", "GET", NULL, NULL},
    {"OPTIONS", "http://localhost:3000", "GET",
     ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,", NULL},
    /* OPTIONS without ACRM: an actual request */
    {"OPTIONS", "http://localhost:3000", NULL, NULL, NULL},
};

#define SPEC_COUNT (sizeof specs / sizeof specs[0])

/* A result with its header text copied out, to compare by content. */
typedef struct snapshot {
  cors_kind kind;
  bool allowed;
  cors_reason reason;
  cors_action action;
  int status;
  size_t header_count;
  char names[CORS_MAX_RESULT_HEADERS][64];
  char values[CORS_MAX_RESULT_HEADERS][MAX_VALUE];
} snapshot;

static cors_policy *shared_policy;
static cors_request requests[SPEC_COUNT];
static snapshot expected[SPEC_COUNT];

static void build_request(cors_request *req, const request_spec *s) {
  cors_request_init(req);
  req->method = cors_slice_cstr(s->method);
  req->origin = cors_slice_cstr(s->origin);
  req->origin_count = s->origin != NULL ? 1 : 0;
  req->request_method = cors_slice_cstr(s->acrm);
  req->request_method_count = s->acrm != NULL ? 1 : 0;
  if (s->acrh != NULL) {
    req->request_headers[0] = cors_slice_cstr(s->acrh);
    req->request_headers_count = 1;
  }
  req->request_private_network = cors_slice_cstr(s->acrpn);
}

static void take_snapshot(snapshot *snap, const cors_result *res) {
  memset(snap, 0, sizeof *snap);
  snap->kind = res->kind;
  snap->allowed = res->allowed;
  snap->reason = res->reason;
  snap->action = res->action;
  snap->status = res->status;
  snap->header_count = res->header_count;
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    ck_assert_uint_lt(h->name_len, sizeof snap->names[i]);
    ck_assert_uint_lt(h->value_len, sizeof snap->values[i]);
    memcpy(snap->names[i], h->name, h->name_len);
    memcpy(snap->values[i], h->value, h->value_len);
  }
}

static bool same(const snapshot *want, const cors_result *res) {
  if (res->kind != want->kind || res->allowed != want->allowed ||
      res->reason != want->reason || res->action != want->action ||
      res->status != want->status || res->header_count != want->header_count)
    return false;
  for (size_t i = 0; i < res->header_count; i++) {
    const cors_header *h = &res->headers[i];
    if (h->name_len != strlen(want->names[i]) ||
        memcmp(h->name, want->names[i], h->name_len) != 0 ||
        h->value_len != strlen(want->values[i]) ||
        memcmp(h->value, want->values[i], h->value_len) != 0)
      return false;
  }
  return true;
}

static cors_policy *compile_shared_policy(void) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  static const char origins[] =
      "http://localhost:3000, https://app.example.com, "
      "https://*.example.com, http://localhost:*";
  static const char regex[] = "^https://[a-z0-9-]+\\.preview\\.example\\.net$";
  static const char methods[] = "GET, POST, PUT, PATCH, DELETE";
  static const char headers[] =
      "Authorization, Content-Type, X-Request-ID, If-Match";
  ck_assert_ptr_nonnull(cfg);
  cors_config_set_credentials(cfg, true);
  cors_config_set_private_network(cfg, true);
  ck_assert_int_eq(
      cors_config_add_origins_csv(cfg, origins, sizeof origins - 1, &err),
      CORS_OK);
  ck_assert_int_eq(
      cors_config_set_origin_regex(cfg, regex, sizeof regex - 1, &err),
      CORS_OK);
  ck_assert_int_eq(
      cors_config_set_methods_csv(cfg, methods, sizeof methods - 1, &err),
      CORS_OK);
  ck_assert_int_eq(cors_config_set_allowed_headers_csv(
                       cfg, headers, sizeof headers - 1, &err),
                   CORS_OK);
  ck_assert_int_eq(cors_config_set_max_age(cfg, 600, &err), CORS_OK);
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  return pol;
}

typedef struct worker {
  size_t id;
  long iterations;
  long mismatches;
  long allowed;
} worker;

static void *evaluate_many(void *arg) {
  worker *w = arg;
  for (long i = 0; i < w->iterations; i++) {
    /* Different threads walk the table in different orders. */
    size_t k = (size_t)(i * 7 + (long)w->id * 3) % SPEC_COUNT;
    cors_result res;
    cors_evaluate(shared_policy, &requests[k], &res);
    if (!same(&expected[k], &res))
      w->mismatches++;
    if (res.allowed)
      w->allowed++;
  }
  cors_thread_cleanup();
  return NULL;
}

START_TEST(test_shared_policy_many_threads) {
  shared_policy = compile_shared_policy();
  long want_allowed_per_cycle = 0;
  for (size_t k = 0; k < SPEC_COUNT; k++) {
    build_request(&requests[k], &specs[k]);
    cors_result res;
    cors_evaluate(shared_policy, &requests[k], &res);
    take_snapshot(&expected[k], &res);
    want_allowed_per_cycle += res.allowed ? 1 : 0;
    /* The oracle agrees with the single-threaded verdicts. */
    if (res.kind != CORS_KIND_NONE)
      ck_assert_msg(cors_browser_check(&requests[k], &res, true, NULL) ==
                        res.allowed,
                    "request %zu: browser check disagrees", k);
  }
  /* The table really mixes outcomes. */
  ck_assert_int_gt(want_allowed_per_cycle, 5);
  ck_assert_int_lt(want_allowed_per_cycle, (long)SPEC_COUNT - 5);

  pthread_t threads[THREADS];
  worker workers[THREADS];
  for (size_t t = 0; t < THREADS; t++) {
    workers[t] = (worker){t, TOTAL_REQUESTS / THREADS, 0, 0};
    ck_assert_int_eq(
        pthread_create(&threads[t], NULL, evaluate_many, &workers[t]), 0);
  }
  long evaluated = 0, mismatches = 0;
  for (size_t t = 0; t < THREADS; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
    evaluated += workers[t].iterations;
    mismatches += workers[t].mismatches;
    ck_assert_int_gt(workers[t].allowed, 0);
  }
  ck_assert_int_eq(evaluated, TOTAL_REQUESTS);
  ck_assert_int_eq(mismatches, 0);
  cors_policy_free(shared_policy);
  cors_thread_cleanup();
}
END_TEST

static Suite *tsan_suite(void) {
  Suite *s = suite_create("tsan_evaluate");
  TCase *tc = tcase_create("shared_policy");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_shared_policy_many_threads);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(tsan_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
