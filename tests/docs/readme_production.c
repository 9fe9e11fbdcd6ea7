/* The server loop of README.md, "Running in production", compiled and run
 * as printed: tests/docs/extract_snippet.sh copies the block below the
 * `<!-- snippet: production-loop -->` line at build time, and it is
 * included here in a function that gives it the server it assumes (a
 * request with header lines, an application that may set its own Vary, a
 * head to send, a log). Checked: the head sent holds the result's header
 * lines with one merged Vary, also when the application's Vary is longer
 * than the snippet's buffer; a preflight is answered with the result's
 * status; a denial is logged with its reason; the SIGHUP part reloads a
 * good .env text and logs a bad one; the metrics count the request. */
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the server the snippet assumes ----------------------------------- */

typedef struct fake_header {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
} fake_header;

typedef struct fake_request {
  const char *method;
  const fake_header *headers; /* ends with a zeroed entry */
  const char *app_vary;       /* the application's own Vary, "" for none */
  int app_status;
} fake_request;

/* What the snippet did. */
static struct {
  int heads, errors;
  int status;
  char *head;
  size_t head_len;
  char log[4096];
} g_out;

static const fake_header *first_header(const fake_request *r) {
  return r->headers[0].name != NULL ? &r->headers[0] : NULL;
}

static const fake_header *next_header(const fake_header *h) {
  return h[1].name != NULL ? &h[1] : NULL;
}

static void run_app(const fake_request *r) {
  (void)r; /* its Vary and status are the request's app_vary, app_status */
}

static void send_head(const fake_request *r, int status, const char *lines,
                      size_t n) {
  (void)r;
  g_out.heads++;
  g_out.status = status;
  free(g_out.head);
  g_out.head = malloc(n + 1);
  ck_assert_ptr_nonnull(g_out.head);
  memcpy(g_out.head, lines, n);
  g_out.head[n] = '\0';
  g_out.head_len = n;
}

static void send_error(const fake_request *r, int status) {
  (void)r;
  (void)status;
  g_out.errors++;
}

#if defined(__GNUC__)
#define LOG_FORMAT(f, a) __attribute__((format(printf, f, a)))
#else
#define LOG_FORMAT(f, a)
#endif

LOG_FORMAT(1, 0) static void append_log(const char *fmt, va_list ap) {
  size_t used = strlen(g_out.log);
  vsnprintf(g_out.log + used, sizeof g_out.log - used, fmt, ap);
  used = strlen(g_out.log);
  if (used + 1 < sizeof g_out.log) {
    g_out.log[used] = '\n';
    g_out.log[used + 1] = '\0';
  }
}

LOG_FORMAT(1, 2) static void log_info(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  append_log(fmt, ap);
  va_end(ap);
}

LOG_FORMAT(1, 2) static void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  append_log(fmt, ap);
  va_end(ap);
}

/* ---- the snippet ------------------------------------------------------ */

/* What the snippet computed, kept for the checks. */
typedef struct loop_outcome {
  cors_kind kind;
  bool allowed;
  char *expected_head; /* cors_result_format_vary() of its result */
  bool policy_kept;    /* the SIGHUP left the first policy in force */
  char metrics[CORS_COUNTERS_TEXT_BOUND];
} loop_outcome;

/* Runs the README's block once: start-up with a reference to `policy`
 * (the caller keeps its own), one request, a SIGHUP reading `text`, the
 * metrics. */
static void run_readme_loop(cors_policy *policy, const fake_request *r,
                            const char *text, size_t len,
                            loop_outcome *outcome) {
  const char *method = r->method;
  size_t method_len = strlen(method);
  const char *app_vary = r->app_vary;
  size_t app_vary_len = strlen(app_vary);
  int app_status = r->app_status;
  const fake_header *h;
  policy = cors_policy_ref(policy);

#include "readme_production.inc"

  /* The result again, under the policy the request met (the caller's
   * reference keeps it alive after a reload): the head the snippet should
   * have sent. */
  cors_policy *q = cors_live_acquire(live);
  outcome->policy_kept = q == policy;
  cors_live_release(live, q);
  cors_evaluate(policy, &req, &res);
  outcome->kind = res.kind;
  outcome->allowed = res.allowed;
  size_t need = 0;
  cors_result_format_vary(&res, app_vary, app_vary_len, NULL, 0, &need);
  outcome->expected_head = malloc(need + 1);
  ck_assert_ptr_nonnull(outcome->expected_head);
  ck_assert_int_eq(cors_result_format_vary(&res, app_vary, app_vary_len,
                                           outcome->expected_head, need + 1,
                                           &need),
                   CORS_OK);
  memcpy(outcome->metrics, metrics, sizeof metrics);
  cors_live_free(live);
  cors_counters_free(counters);
}

/* ---- checks ----------------------------------------------------------- */

#define APP_ORIGIN "https://app.example"
#define GOOD_ENV "FRONTEND_ORIGINS=https://app.example\n"

static cors_policy *test_policy(void) {
  policy_spec spec = {.origins = APP_ORIGIN, .credentials = true,
                      .methods = "GET, POST, PUT",
                      .allowed_headers = "Content-Type"};
  return policy_from_spec(&spec);
}

static void reset_output(void) {
  free(g_out.head);
  memset(&g_out, 0, sizeof g_out);
}

/* Runs the loop for one request and checks the head it sent. */
static void run_and_check_head(const fake_request *r, loop_outcome *out) {
  cors_policy *policy = test_policy();
  reset_output();
  run_readme_loop(policy, r, GOOD_ENV, strlen(GOOD_ENV), out);
  cors_policy_free(policy);
  ck_assert_int_eq(g_out.errors, 0);
  ck_assert_int_eq(g_out.heads, 1);
  ck_assert_msg(g_out.head != NULL &&
                    strcmp(g_out.head, out->expected_head) == 0,
                "sent '%s', want '%s'", g_out.head, out->expected_head);
  ck_assert_uint_eq(g_out.head_len, strlen(out->expected_head));
}

START_TEST(an_actual_request_gets_one_merged_vary) {
  static const fake_header headers[] = {
      {"Origin", 6, APP_ORIGIN, sizeof APP_ORIGIN - 1}, {NULL, 0, NULL, 0}};
  fake_request r = {"GET", headers, "Accept-Encoding", 200};
  loop_outcome out;
  run_and_check_head(&r, &out);
  ck_assert(out.kind == CORS_KIND_ACTUAL && out.allowed);
  ck_assert_int_eq(g_out.status, 200);
  ck_assert_ptr_nonnull(
      strstr(g_out.head, "Vary: Accept-Encoding, Origin\r\n"));
  ck_assert_ptr_nonnull(
      strstr(g_out.head, "Access-Control-Allow-Origin: " APP_ORIGIN "\r\n"));
  ck_assert_ptr_nonnull(strstr(out.metrics,
                               "cors_requests_total{kind=\"actual\","
                               "allowed=\"true\",reason=\"none\"} 1"));
  ck_assert_str_eq(g_out.log, ""); /* allowed, and the reload went well */
  ck_assert(!out.policy_kept);     /* the SIGHUP swapped a new one in */
  free(out.expected_head);
}
END_TEST

/* An upstream's Vary longer than the snippet's 4 KB buffer: the head is
 * still sent, whole. */
START_TEST(a_long_application_vary_is_still_sent) {
  static const fake_header headers[] = {
      {"Origin", 6, APP_ORIGIN, sizeof APP_ORIGIN - 1}, {NULL, 0, NULL, 0}};
  static char vary[9000];
  size_t len = 0;
  for (int i = 0; len + 16 < sizeof vary; i++)
    len += (size_t)snprintf(vary + len, sizeof vary - len, "%sX-Var-%d",
                            i > 0 ? ", " : "", i);
  fake_request r = {"GET", headers, vary, 200};
  loop_outcome out;
  run_and_check_head(&r, &out);
  ck_assert_uint_gt(g_out.head_len, 8000);
  ck_assert_ptr_nonnull(strstr(g_out.head, "X-Var-0, X-Var-1, "));
  ck_assert_ptr_nonnull(strstr(g_out.head, ", Origin\r\n"));
  free(out.expected_head);
}
END_TEST

START_TEST(a_preflight_is_answered_with_its_status) {
  static const fake_header headers[] = {
      {"Origin", 6, APP_ORIGIN, sizeof APP_ORIGIN - 1},
      {"Access-Control-Request-Method", 29, "PUT", 3},
      {"Access-Control-Request-Headers", 30, "content-type", 12},
      {NULL, 0, NULL, 0}};
  fake_request r = {"OPTIONS", headers, "", 0};
  loop_outcome out;
  run_and_check_head(&r, &out);
  ck_assert(out.kind == CORS_KIND_PREFLIGHT && out.allowed);
  ck_assert_int_eq(g_out.status, 204);
  ck_assert_ptr_nonnull(
      strstr(g_out.head, "Access-Control-Allow-Methods: PUT\r\n"));
  free(out.expected_head);
}
END_TEST

START_TEST(a_denial_is_logged_with_its_reason) {
  static const fake_header headers[] = {
      {"Origin", 6, "https://evil.example", 20}, {NULL, 0, NULL, 0}};
  fake_request r = {"GET", headers, "", 401};
  loop_outcome out;
  run_and_check_head(&r, &out);
  ck_assert(!out.allowed);
  ck_assert_int_eq(g_out.status, 401);
  ck_assert_ptr_null(strstr(g_out.head, "Access-Control-Allow-Origin"));
  ck_assert_msg(strncmp(g_out.log, "cors: ", 6) == 0 &&
                    strstr(g_out.log, "https://evil.example") != NULL,
                "log: '%s'", g_out.log);
  free(out.expected_head);
}
END_TEST

START_TEST(a_bad_env_text_is_logged_and_changes_nothing) {
  static const fake_header headers[] = {
      {"Origin", 6, APP_ORIGIN, sizeof APP_ORIGIN - 1}, {NULL, 0, NULL, 0}};
  static const char bad[] = "FRONTEND_ORIGINS=https://other.example\n"
                            "CORS_MAX_AGE=abc\n";
  fake_request r = {"GET", headers, "", 200};
  cors_policy *policy = test_policy();
  loop_outcome out;
  reset_output();
  run_readme_loop(policy, &r, bad, sizeof bad - 1, &out);
  cors_policy_free(policy);
  ck_assert_msg(strstr(g_out.log,
                       "CORS reload failed, policy unchanged: ") != NULL &&
                    strstr(g_out.log, "CORS_MAX_AGE") != NULL,
                "log: '%s'", g_out.log);
  ck_assert(out.policy_kept);
  free(out.expected_head);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("readme_production");
  TCase *tc = tcase_create("loop");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_checked_fixture(tc, NULL, reset_output);
  tcase_add_test(tc, an_actual_request_gets_one_merged_vary);
  tcase_add_test(tc, a_long_application_vary_is_still_sent);
  tcase_add_test(tc, a_preflight_is_answered_with_its_status);
  tcase_add_test(tc, a_denial_is_logged_with_its_reason);
  tcase_add_test(tc, a_bad_env_text_is_logged_and_changes_nothing);
  suite_add_tcase(s, tc);
  return s;
}
