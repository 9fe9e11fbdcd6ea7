/* The origin callback is consulted only when it should be: a valid origin
 * other than null that no exact entry, pattern or regex allowed; never
 * for null, an invalid, repeated or absent Origin, nor when an entry (or
 * `*`) already matched. What it allows is treated as a listed origin. */
#include "common.h"

#include <string.h>

typedef struct tenant_db {
  int calls;
  char last[256];
  const char *allow; /* the one origin it allows */
} tenant_db;

static bool ask_db(const char *origin, size_t len, void *ud) {
  tenant_db *db = ud;
  db->calls++;
  size_t n = len < sizeof db->last - 1 ? len : sizeof db->last - 1;
  memcpy(db->last, origin, n);
  db->last[n] = '\0';
  return db->allow != NULL && strlen(db->allow) == len &&
         memcmp(db->allow, origin, len) == 0;
}

/* origins/regex/credentials as given, the callback on `db`. */
static cors_policy *policy_with_callback(const char *origins,
                                         const char *regex, bool credentials,
                                         tenant_db *db) {
  policy_spec spec = {.origins = origins, .regex = regex,
                      .credentials = credentials,
                      .allowed_headers = "content-type"};
  cors_config *cfg = config_from_spec(&spec);
  cors_config_set_origin_callback(cfg, ask_db, db);
  cors_error err;
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg); /* the policy keeps the callback */
  return pol;
}

static cors_result actual(const cors_policy *pol, cors_slice origin) {
  request_spec s = {.origin = origin};
  cors_result res;
  evaluate_spec(pol, &s, &res);
  return res;
}

#define LISTED "https://app.example.com, https://*.corp.example, http://localhost:*"
#define REGEX "^https://pr-[0-9]+\\.preview\\.example$"

/* Origins some entry already allows: the callback is never asked. */
static const char *const matched[] = {
    "https://app.example.com", "https://a.corp.example",
    "https://a.b.corp.example", "http://localhost:8080", "http://localhost",
    "https://pr-7.preview.example",
};

START_TEST(never_asked_when_an_entry_matched) {
  tenant_db db = {0};
  cors_policy *pol = policy_with_callback(LISTED, REGEX, true, &db);
  cors_result res = actual(pol, cors_slice_cstr(matched[_i]));
  ck_assert(res.allowed);
  ck_assert_int_eq(db.calls, 0);
  cors_policy_free(pol);
}
END_TEST

/* Origins the callback must never see: null, and every invalid form. */
static const cors_slice unseen[] = {
    SL("null"),
    SL(""),
    SL("https://app.example.com/"),
    SL("https://tenant.example/path"),
    SL("https://user@tenant.example"),
    SL("https://tenant.example\r\nX: y"),
    SL("https://tenant.example\0"),
    SL("https://t\xc3\xa9nant.example"),
    SL("https://tenant.example:99999"),
    SL("tenant.example"),
    SL(" https://tenant.example"),
};

START_TEST(never_asked_for_null_or_an_invalid_origin) {
  tenant_db db = {.allow = "null"};
  cors_policy *pol = policy_with_callback(LISTED, NULL, true, &db);
  cors_result res = actual(pol, unseen[_i]);
  ck_assert(!res.allowed);
  ck_assert_msg(db.calls == 0, "asked about %s",
                printable(unseen[_i].ptr, unseen[_i].len));
  cors_policy_free(pol);
}
END_TEST

START_TEST(never_asked_for_repeated_or_absent_origin_nor_under_star) {
  tenant_db db = {0};
  cors_policy *pol = policy_with_callback(LISTED, NULL, true, &db);
  cors_request req;
  request_spec s = {.origin = SL("https://tenant.example")};
  request_from_spec(&req, &s);
  req.origin_count = 2;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_int_eq(res.reason, CORS_REASON_MULTIPLE_ORIGINS);
  s = (request_spec){.method = "GET"};
  evaluate_spec(pol, &s, &res);
  ck_assert_int_eq(res.reason, CORS_REASON_NOT_CORS);
  ck_assert_int_eq(db.calls, 0);
  cors_policy_free(pol);

  pol = policy_with_callback("*", NULL, false, &db);
  res = actual(pol, cors_slice_cstr("https://tenant.example"));
  ck_assert(res.allowed);
  ck_assert_int_eq(db.calls, 0);
  cors_policy_free(pol);
}
END_TEST

START_TEST(asked_for_an_unlisted_valid_origin) {
  tenant_db db = {.allow = "https://tenant-7.example"};
  cors_policy *pol = policy_with_callback(LISTED, REGEX, true, &db);
  /* The origin is passed by length, not as a C string. */
  static const char buf[] = "https://tenant-7.exampleTRAILING";
  cors_result res = actual(pol, (cors_slice){buf, 24});
  ck_assert_int_eq(db.calls, 1);
  ck_assert_str_eq(db.last, "https://tenant-7.example");
  ck_assert(res.allowed);
  /* Allowed like a listed origin: echoed, with credentials. */
  ck_assert(header_equals(&res, "Access-Control-Allow-Origin",
                          "https://tenant-7.example"));
  ck_assert(header_equals(&res, "Access-Control-Allow-Credentials", "true"));
  ck_assert(header_equals(&res, "Vary", "Origin"));

  res = actual(pol, cors_slice_cstr("https://tenant-8.example"));
  ck_assert_int_eq(db.calls, 2);
  ck_assert(!res.allowed);
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  ck_assert_ptr_null(result_header(&res, "Access-Control-Allow-Origin"));
  /* A pattern's look-alike reaches the callback too, and stays denied. */
  res = actual(pol, cors_slice_cstr("https://evil-corp.example"));
  ck_assert_int_eq(db.calls, 3);
  ck_assert(!res.allowed);
  cors_policy_free(pol);
}
END_TEST

START_TEST(an_allowed_origin_still_needs_an_allowed_preflight) {
  tenant_db db = {.allow = "https://tenant-7.example"};
  cors_policy *pol = policy_with_callback(LISTED, NULL, false, &db);
  request_spec s = {.method = "OPTIONS",
                    .origin = SL("https://tenant-7.example"), .acrm = "PUT",
                    .acrh = "content-type"};
  cors_result res;
  evaluate_spec(pol, &s, &res);
  ck_assert_int_eq(res.kind, CORS_KIND_PREFLIGHT);
  ck_assert(!res.allowed); /* PUT is not among the default methods */
  ck_assert_int_eq(res.reason, CORS_REASON_METHOD_NOT_ALLOWED);
  s.acrm = "POST";
  evaluate_spec(pol, &s, &res);
  ck_assert(res.allowed);
  ck_assert(header_equals(&res, "Access-Control-Allow-Origin",
                          "https://tenant-7.example"));
  s.acrh = "x-other";
  evaluate_spec(pol, &s, &res);
  ck_assert(!res.allowed);
  ck_assert_int_eq(res.reason, CORS_REASON_HEADER_NOT_ALLOWED);
  ck_assert_int_eq(db.calls, 3);
  cors_policy_free(pol);
}
END_TEST

START_TEST(removal_report_only_and_dump) {
  tenant_db db = {.allow = "https://tenant-7.example"};
  policy_spec spec = {.origins = LISTED};
  cors_config *cfg = config_from_spec(&spec);
  cors_error err;
  cors_policy *plain = NULL, *with = NULL, *removed = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &plain, &err), CORS_OK);
  cors_config_set_origin_callback(cfg, ask_db, &db);
  cors_config_set_report_only(cfg, true);
  ck_assert_int_eq(cors_policy_compile(cfg, &with, &err), CORS_OK);
  cors_config_set_origin_callback(cfg, NULL, &db);
  cors_config_set_report_only(cfg, false);
  ck_assert_int_eq(cors_policy_compile(cfg, &removed, &err), CORS_OK);
  cors_config_free(cfg);
  cors_config_set_origin_callback(NULL, ask_db, &db); /* no crash */

  /* Report-only: asked, verdict kept, nothing sent. */
  cors_result res = actual(with, cors_slice_cstr("https://tenant-7.example"));
  ck_assert(res.allowed);
  ck_assert_uint_eq(res.header_count, 0);
  ck_assert_int_eq(db.calls, 1);
  res = actual(removed, cors_slice_cstr("https://tenant-7.example"));
  ck_assert(!res.allowed);
  ck_assert_int_eq(db.calls, 1);

  /* The dump tells a policy with a callback from one without. */
  char a[2048], b[2048], c[2048];
  cors_policy_dump(plain, a, sizeof a);
  cors_policy_dump(with, b, sizeof b);
  cors_policy_dump(removed, c, sizeof c);
  ck_assert_ptr_null(strstr(a, "origin-callback"));
  ck_assert_ptr_nonnull(strstr(b, "origin-callback: true"));
  ck_assert_str_eq(a, c);
  cors_policy_free(plain);
  cors_policy_free(with);
  cors_policy_free(removed);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("callback");
  TCase *tc = tcase_create("callback");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, never_asked_when_an_entry_matched, 0,
                      (int)COUNT_OF(matched));
  tcase_add_loop_test(tc, never_asked_for_null_or_an_invalid_origin, 0,
                      (int)COUNT_OF(unseen));
  tcase_add_test(tc, never_asked_for_repeated_or_absent_origin_nor_under_star);
  tcase_add_test(tc, asked_for_an_unlisted_valid_origin);
  tcase_add_test(tc, an_allowed_origin_still_needs_an_allowed_preflight);
  tcase_add_test(tc, removal_report_only_and_dump);
  suite_add_tcase(s, tc);
  return s;
}
