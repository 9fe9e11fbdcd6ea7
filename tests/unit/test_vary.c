/* Vary merge: the application's tokens first and in order, the result's
 * new ones after, each once in any case; `*` absorbs all; empty sides;
 * junk from the application dropped; exact sizing and truncation; and
 * the header lines with the merged Vary in the result's place. */
#include "common.h"

#include <stdio.h>
#include <string.h>

/* A result holding ACAO and, when vary is not NULL, one Vary header. */
static cors_result synthetic(const char *vary) {
  cors_result res;
  memset(&res, 0, sizeof res);
  res.kind = CORS_KIND_ACTUAL;
  res.allowed = true;
  res.headers[0] = (cors_header){"Access-Control-Allow-Origin", 27,
                                 "https://a.example", 17};
  res.header_count = 1;
  if (vary != NULL)
    res.headers[res.header_count++] =
        (cors_header){"Vary", 4, vary, strlen(vary)};
  return res;
}

#define PREFLIGHT_VARY                                                        \
  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "   \
  "Access-Control-Request-Private-Network"

typedef struct merge_case {
  const char *app;
  size_t app_len; /* 0: strlen (for embedded NULs) */
  const char *result_vary; /* NULL: the result has no Vary */
  const char *want;
} merge_case;

static const merge_case merge_cases[] = {
    /* one side empty */
    {"", 0, "Origin", "Origin"},
    {"Accept-Encoding", 0, NULL, "Accept-Encoding"},
    {"", 0, NULL, ""},
    {" , ,,\t, ", 0, NULL, ""},
    {" , ,,\t, ", 0, "Origin", "Origin"},
    /* application first, in its order, then the new CORS tokens */
    {"Accept-Encoding", 0, "Origin", "Accept-Encoding, Origin"},
    {"Accept-Language, Accept-Encoding", 0, PREFLIGHT_VARY,
     "Accept-Language, Accept-Encoding, " PREFLIGHT_VARY},
    /* duplicates in any case, on either side */
    {"origin", 0, "Origin", "origin"},
    {"ORIGIN, Accept", 0, "Origin", "ORIGIN, Accept"},
    {"Accept, accept,ACCEPT", 0, "Origin", "Accept, Origin"},
    {"access-control-request-headers", 0, PREFLIGHT_VARY,
     "access-control-request-headers, Origin, "
     "Access-Control-Request-Method, Access-Control-Request-Private-Network"},
    {"Accept", 0, "Origin, origin, ORIGIN", "Accept, Origin"},
    /* `*` absorbs everything */
    {"*", 0, "Origin", "*"},
    {"Accept, *", 0, "Origin", "*"},
    {" * ", 0, NULL, "*"},
    {"Accept", 0, "*", "*"},
    {"", 0, "Origin, *", "*"},
    /* blanks trimmed, junk dropped (never copied into a header) */
    {"\tAccept\t,  Cookie ", 0, "Origin", "Accept, Cookie, Origin"},
    {"a b, d", 0, "Origin", "d, Origin"},
    {"Origin\r\nSet-Cookie: a=b, d", 0, "Origin", "d, Origin"},
    {"Acc\0ept, X", 10, "Origin", "X, Origin"},
    {"caf\xc3\xa9, X", 0, "Origin", "X, Origin"},
    {"\"quoted\", (x), Y", 0, NULL, "Y"},
};

START_TEST(merge_follows_the_rules) {
  const merge_case *c = &merge_cases[_i];
  cors_result res = synthetic(c->result_vary);
  size_t len = c->app_len != 0 ? c->app_len : strlen(c->app);
  char buf[512];
  size_t written = 12345;
  cors_status st = cors_vary_merge(c->app, len, &res, buf, sizeof buf,
                                   &written);
  ck_assert_int_eq(st, CORS_OK);
  ck_assert_msg(strcmp(buf, c->want) == 0, "case %d: got '%s', want '%s'",
                _i, printable(buf, strlen(buf)), c->want);
  ck_assert_uint_eq(written, strlen(c->want));
}
END_TEST

START_TEST(merge_of_real_results) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  char buf[256];
  size_t n;
  /* An actual request: Origin. */
  request_spec rs = {.origin = SL(SEED_ORIGIN)};
  cors_result res;
  evaluate_spec(pol, &rs, &res);
  ck_assert_int_eq(cors_vary_merge("Accept-Encoding", 15, &res, buf,
                                   sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Accept-Encoding, Origin");
  /* A denied preflight still varies on the request headers. */
  rs = (request_spec){.method = "OPTIONS", .origin = SL("https://evil.example"),
                      .acrm = "PUT"};
  evaluate_spec(pol, &rs, &res);
  ck_assert(!res.allowed);
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &res, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, PREFLIGHT_VARY);
  cors_policy_free(pol);

  /* Public `*`: an allowed actual request has no Vary to add. */
  policy_spec pub = {.origins = "*"};
  pol = policy_from_spec(&pub);
  rs = (request_spec){.origin = SL("https://x.example")};
  evaluate_spec(pol, &rs, &res);
  ck_assert_int_eq(cors_vary_merge("", 0, &res, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "");
  ck_assert_uint_eq(n, 0);
  cors_policy_free(pol);
}
END_TEST

/* Every capacity from 0 to the exact need: too small until there is room
 * for the NUL, the needed length always reported, never a byte written
 * past cap. */
static void check_sizes(cors_status (*call)(const cors_result *, char *,
                                            size_t, size_t *),
                        const cors_result *res, const char *want) {
  size_t need = strlen(want);
  size_t n = 0;
  ck_assert_int_eq(call(res, NULL, 0, &n), CORS_ERR_BUFFER_TOO_SMALL);
  ck_assert_uint_eq(n, need);
  for (size_t cap = 0; cap <= need + 1; cap++) {
    char buf[1024];
    memset(buf, '#', sizeof buf);
    n = 0;
    cors_status st = call(res, buf, cap, &n);
    ck_assert_uint_eq(n, need);
    /* One assertion per capacity: each costs Check a write in fork mode. */
    size_t past = cap;
    while (past < sizeof buf && buf[past] == '#')
      past++;
    ck_assert_msg(past == sizeof buf, "cap %zu: byte %zu written", cap, past);
    if (cap <= need) {
      ck_assert_int_eq(st, CORS_ERR_BUFFER_TOO_SMALL);
      if (cap > 0)
        ck_assert_int_eq(buf[0], '\0');
    } else {
      ck_assert_int_eq(st, CORS_OK);
      ck_assert_str_eq(buf, want);
    }
  }
}

static const char sizing_app[] = "Accept-Encoding, accept-encoding, Cookie";

static cors_status merge_call(const cors_result *res, char *buf, size_t cap,
                              size_t *n) {
  return cors_vary_merge(sizing_app, sizeof sizing_app - 1, res, buf, cap, n);
}

static cors_status format_call(const cors_result *res, char *buf, size_t cap,
                               size_t *n) {
  return cors_result_format_vary(res, sizing_app, sizeof sizing_app - 1, buf,
                                 cap, n);
}

START_TEST(sizes_and_truncation) {
  cors_result res = synthetic(PREFLIGHT_VARY);
  check_sizes(merge_call, &res, "Accept-Encoding, Cookie, " PREFLIGHT_VARY);
  check_sizes(format_call, &res,
              "Access-Control-Allow-Origin: https://a.example\r\n"
              "Vary: Accept-Encoding, Cookie, " PREFLIGHT_VARY "\r\n");
  size_t n = 99;
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &res, NULL, 0, NULL),
                   CORS_ERR_BUFFER_TOO_SMALL);
  char one[1] = {'x'};
  cors_result none = synthetic(NULL);
  ck_assert_int_eq(cors_vary_merge(NULL, 0, &none, one, 1, &n), CORS_OK);
  ck_assert_int_eq(one[0], '\0');
  ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(bad_arguments) {
  cors_result res = synthetic("Origin");
  char buf[64];
  size_t n;
  ck_assert_int_eq(cors_vary_merge("a", 1, NULL, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_vary_merge(NULL, 3, &res, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_vary_merge("a", 1, &res, NULL, 8, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(NULL, "a", 1, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(&res, NULL, 2, buf, sizeof buf, &n),
                   CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_result_format_vary(&res, "a", 1, NULL, 4, &n),
                   CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- cors_result_format_vary -------------------------------------------- */

START_TEST(format_vary_replaces_the_vary_line_in_place) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rs = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PUT", .acrh = "content-type"};
  cors_result res;
  evaluate_spec(pol, &rs, &res);
  ck_assert(res.allowed);
  char plain[1024], merged[1024];
  size_t n;
  ck_assert_int_eq(cors_result_format(&res, plain, sizeof plain, &n), CORS_OK);
  ck_assert_int_eq(cors_result_format_vary(&res, "Accept", 6, merged,
                                           sizeof merged, &n),
                   CORS_OK);
  ck_assert_uint_eq(n, strlen(merged));
  /* The same text with the one Vary line changed. */
  char want[1024];
  const char *vary = strstr(plain, "Vary: ");
  ck_assert_ptr_nonnull(vary);
  snprintf(want, sizeof want, "%.*sVary: Accept, %s", (int)(vary - plain),
           plain, vary + 6);
  ck_assert_str_eq(merged, want);
  cors_policy_free(pol);
}
END_TEST

START_TEST(format_vary_adds_or_omits_the_line) {
  cors_result res = synthetic(NULL);
  char buf[256];
  size_t n;
  /* The result has no Vary: the application's goes at the end. */
  ck_assert_int_eq(cors_result_format_vary(&res, "Accept", 6, buf, sizeof buf,
                                           &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Access-Control-Allow-Origin: https://a.example\r\n"
                        "Vary: Accept\r\n");
  /* Nothing to vary on: no Vary line at all. */
  ck_assert_int_eq(cors_result_format_vary(&res, " ,", 2, buf, sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Access-Control-Allow-Origin: https://a.example\r\n");
  /* A result without headers (report-only) and a hostile application
   * value: only clean tokens come out. */
  cors_result empty;
  memset(&empty, 0, sizeof empty);
  static const char hostile[] = "Accept\r\nSet-Cookie: x=1, \x01, Cookie";
  ck_assert_int_eq(cors_result_format_vary(&empty, hostile,
                                           sizeof hostile - 1, buf,
                                           sizeof buf, &n),
                   CORS_OK);
  ck_assert_str_eq(buf, "Vary: Cookie\r\n");
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("vary");
  TCase *tc = tcase_create("merge");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, merge_follows_the_rules, 0,
                      (int)COUNT_OF(merge_cases));
  tcase_add_test(tc, merge_of_real_results);
  tcase_add_test(tc, sizes_and_truncation);
  tcase_add_test(tc, bad_arguments);
  suite_add_tcase(s, tc);
  tc = tcase_create("format");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, format_vary_replaces_the_vary_line_in_place);
  tcase_add_test(tc, format_vary_adds_or_omits_the_line);
  suite_add_tcase(s, tc);
  return s;
}
