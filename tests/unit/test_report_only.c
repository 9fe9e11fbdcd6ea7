/* Report-only mode on every kind of request under every kind of policy:
 * the verdict (kind, allowed, reason, reason_detail) is the enforcing
 * one, while the action is always CONTINUE, the status 0 and the result
 * holds no header. */
#include "common.h"

#include <string.h>

static policy_spec policies[5];

static void build_policies(void) {
  policies[0] = seed_spec(); /* credentialed list */
  policies[1] = (policy_spec){.origins = "*", .allowed_headers = "*"};
  policies[2] = (policy_spec){.regex = "^https://[a-z]+\\.example\\.com$",
                              .credentials = true};
  policies[3] = (policy_spec){.origins = "https://*.example.com, "
                                         "http://localhost:*",
                              .methods = "GET, PUT", .has_max_age = true,
                              .max_age = 60};
  policies[4] = (policy_spec){.origins = SEED_ORIGIN, .private_network = true,
                              .exposed_headers = "ETag"};
}

static const request_spec requests[] = {
    /* not CORS */
    {.method = "GET"},
    {.method = "OPTIONS", .acrm = "PUT"},
    /* actual: allowed under some policies, denied under others */
    {.origin = SL(SEED_ORIGIN)},
    {.origin = SL("https://app.example.com")},
    {.origin = SL("https://evil.example.net")},
    {.origin = SL("https://app.example.com/")},
    {.method = "OPTIONS", .origin = SL("https://app.example.com")},
    /* preflights: allowed, and denied for each reason */
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PUT"},
    {.method = "OPTIONS", .origin = SL("https://app.example.com"),
     .acrm = "GET", .acrh = "content-type"},
    {.method = "OPTIONS", .origin = SL("https://evil.example.net"),
     .acrm = "GET"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "PURGE"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET",
     .acrh = "x-not-listed"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET",
     .acrpn = "true"},
    {.method = "OPTIONS", .origin = SL("https://a.example.com"),
     .acrm = "GET", .acrh = "bad header"},
};

static cors_policy *compile_spec(const policy_spec *spec, bool report_only) {
  cors_config *cfg = config_from_spec(spec);
  cors_config_set_report_only(cfg, report_only);
  cors_error err;
  cors_policy *pol = NULL;
  ck_assert_msg(cors_policy_compile(cfg, &pol, &err) == CORS_OK, "%s",
                err.message);
  cors_config_free(cfg);
  return pol;
}

START_TEST(verdict_kept_nothing_sent) {
  build_policies();
  const policy_spec *spec = &policies[_i];
  cors_policy *enforce = compile_spec(spec, false);
  cors_policy *shadow = compile_spec(spec, true);
  ck_assert(!cors_policy_report_only(enforce));
  ck_assert(cors_policy_report_only(shadow));
  for (size_t k = 0; k < COUNT_OF(requests); k++) {
    cors_result want, got;
    evaluate_spec(enforce, &requests[k], &want);
    memset(&got, 0x5a, sizeof got);
    evaluate_spec(shadow, &requests[k], &got);
    ck_assert_msg(got.kind == want.kind && got.allowed == want.allowed &&
                      got.reason == want.reason,
                  "policy %d request %zu: verdict differs", _i, k);
    ck_assert_msg(got.reason_detail.ptr == want.reason_detail.ptr &&
                      got.reason_detail.len == want.reason_detail.len,
                  "policy %d request %zu: detail differs", _i, k);
    ck_assert_int_eq(got.action, CORS_ACTION_CONTINUE);
    ck_assert_int_eq(got.status, 0);
    ck_assert_msg(got.header_count == 0, "policy %d request %zu: %zu headers",
                  _i, k, got.header_count);
  }
  cors_policy_free(enforce);
  cors_policy_free(shadow);
}
END_TEST

START_TEST(the_table_covers_every_kind_and_verdict) {
  build_policies();
  int seen_kind[3] = {0}, seen_denied = 0, enforcing_headers = 0;
  int preflight_allowed = 0, preflight_denied = 0;
  for (size_t p = 0; p < COUNT_OF(policies); p++) {
    cors_policy *enforce = compile_spec(&policies[p], false);
    for (size_t k = 0; k < COUNT_OF(requests); k++) {
      cors_result res;
      evaluate_spec(enforce, &requests[k], &res);
      seen_kind[res.kind]++;
      if (res.kind == CORS_KIND_PREFLIGHT && res.allowed)
        preflight_allowed++;
      if (res.kind == CORS_KIND_PREFLIGHT && !res.allowed)
        preflight_denied++;
      seen_denied += !res.allowed;
      enforcing_headers += res.header_count > 0;
    }
    cors_policy_free(enforce);
  }
  ck_assert_int_gt(seen_kind[CORS_KIND_NONE], 0);
  ck_assert_int_gt(seen_kind[CORS_KIND_ACTUAL], 0);
  ck_assert_int_gt(preflight_allowed, 0);
  ck_assert_int_gt(preflight_denied, 0);
  ck_assert_int_gt(seen_denied, 10);
  ck_assert_int_gt(enforcing_headers, 30); /* so "no header" means something */
}
END_TEST

START_TEST(dump_and_format_show_it) {
  build_policies();
  cors_policy *shadow = compile_spec(&policies[0], true);
  char text[2048];
  cors_policy_dump(shadow, text, sizeof text);
  ck_assert_ptr_nonnull(strstr(text, "report-only: true"));
  cors_result res;
  request_spec s = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                    .acrm = "PUT"};
  evaluate_spec(shadow, &s, &res);
  char buf[64];
  size_t n = 9;
  ck_assert_int_eq(cors_result_format(&res, buf, sizeof buf, &n), CORS_OK);
  ck_assert_str_eq(buf, "");
  ck_assert_uint_eq(n, 0);
  ck_assert(!cors_policy_report_only(NULL));
  cors_policy_free(shadow);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("report_only");
  TCase *tc = tcase_create("report_only");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, verdict_kept_nothing_sent, 0,
                      (int)COUNT_OF(policies));
  tcase_add_test(tc, the_table_covers_every_kind_and_verdict);
  tcase_add_test(tc, dump_and_format_show_it);
  suite_add_tcase(s, tc);
  return s;
}
