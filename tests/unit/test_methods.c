/* docs/semantics.md#classification and #preflight-requests: classification
 * by method, case-sensitive method
 * comparison after upper-casing the six Fetch-normalized names in the
 * config, `*` methods, forbidden methods refused at config time. */
#include "common.h"

#include <stdio.h>
#include <string.h>

typedef struct method_case {
  const char *name;
  const char *configured; /* CSV, NULL: library default (GET, HEAD, POST) */
  const char *method;     /* request method */
  const char *acrm;       /* NULL: absent */
  cors_kind kind;
  bool allowed;
  cors_reason reason;
} method_case;

static const method_case method_cases[] = {
    /* classification */
    {"options_without_acrm_is_actual", SEED_METHODS, "OPTIONS", NULL, CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    {"options_with_empty_acrm_is_actual", SEED_METHODS, "OPTIONS", "", CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    {"lowercase_options_is_actual", SEED_METHODS, "options", "GET", CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    {"get_with_acrm_is_actual", SEED_METHODS, "GET", "PUT", CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    {"actual_method_not_checked", "GET", "PURGE", NULL, CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
    /* preflight method checks */
    {"preflight_get", SEED_METHODS, "OPTIONS", "GET", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"preflight_patch", SEED_METHODS, "OPTIONS", "PATCH", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"preflight_lower_patch_refused", SEED_METHODS, "OPTIONS", "patch", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"preflight_mixed_patch_refused", SEED_METHODS, "OPTIONS", "Patch", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"configured_lower_patch_kept", "patch", "OPTIONS", "patch", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"configured_lower_patch_not_upper", "patch", "OPTIONS", "PATCH", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"configured_get_uppercased", "get", "OPTIONS", "GET", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"configured_get_not_lower", "get", "OPTIONS", "get", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"configured_Delete_uppercased", "Delete", "OPTIONS", "DELETE", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"configured_put_uppercased", "put, post, head, options", "OPTIONS", "PUT", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"not_configured", "GET, POST", "OPTIONS", "DELETE", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"empty_list_allows_none", "", "OPTIONS", "GET", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"default_list_get", NULL, "OPTIONS", "GET", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"default_list_post", NULL, "OPTIONS", "POST", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"default_list_no_put", NULL, "OPTIONS", "PUT", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_NOT_ALLOWED},
    {"acrm_invalid_token", SEED_METHODS, "OPTIONS", "GE T", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_INVALID},
    {"acrm_crlf", SEED_METHODS, "OPTIONS", "GET\r\nX: y", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_INVALID},
    {"acrm_high_byte", SEED_METHODS, "OPTIONS", "G\xc3\x89T", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_INVALID},
    /* `*` */
    {"star_any_token", "*", "OPTIONS", "PURGE", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"star_lower_patch", "*", "OPTIONS", "patch", CORS_KIND_PREFLIGHT, true, CORS_REASON_NONE},
    {"star_invalid_token", "*", "OPTIONS", "GE T", CORS_KIND_PREFLIGHT, false, CORS_REASON_METHOD_INVALID},
    {"star_empty_token_is_actual", "*", "OPTIONS", "", CORS_KIND_ACTUAL, true, CORS_REASON_NONE},
};

START_TEST(method_rules) {
  const method_case *c = &method_cases[_i];
  policy_spec spec = {.origins = "https://app.example", .credentials = true,
                      .methods = c->configured};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = c->method, .origin = SL("https://app.example"),
                     .acrm = c->acrm};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.kind == c->kind, "%s: kind %s", c->name,
                cors_kind_string(res.kind));
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  ck_assert_msg(res.reason == c->reason, "%s: reason %s, want %s", c->name,
                cors_reason_string(res.reason), cors_reason_string(c->reason));
  if (c->kind == CORS_KIND_ACTUAL) {
    ck_assert_msg(res.action == CORS_ACTION_CONTINUE, "%s: action", c->name);
    ck_assert_msg(result_header(&res, "Access-Control-Allow-Methods") == NULL,
                  "%s: ACAM on an actual response", c->name);
  } else {
    ck_assert_msg(res.action == CORS_ACTION_RESPOND, "%s: action", c->name);
    const cors_header *acam =
        result_header(&res, "Access-Control-Allow-Methods");
    if (c->allowed) {
      ck_assert_msg(acam && list_has_token(acam->value, acam->value_len, c->acrm),
                    "%s: ACAM must name %s", c->name, c->acrm);
      /* case-sensitive: the method appears exactly as requested */
      ck_assert_msg(acam->value_len >= strlen(c->acrm) &&
                        bytes_contain(acam->value, acam->value_len, c->acrm),
                    "%s: ACAM changes the method's case", c->name);
      ck_assert_msg(!(acam->value_len == 1 && acam->value[0] == '*'),
                    "%s: ACAM * with credentials", c->name);
    } else {
      ck_assert_msg(acam == NULL, "%s: ACAM on denial", c->name);
      if (c->reason == CORS_REASON_METHOD_NOT_ALLOWED)
        ck_assert_msg(res.reason_detail.len == strlen(c->acrm) &&
                          memcmp(res.reason_detail.ptr, c->acrm,
                                 res.reason_detail.len) == 0,
                      "%s: reason_detail must name the method", c->name);
    }
  }
  assert_output_safe(&res, c->name);
  cors_policy_free(pol);
}
END_TEST

/* Allow-Methods names the requested method, not the whole list. */
START_TEST(acam_least_disclosure) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PUT"};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  const cors_header *acam = result_header(&res, "Access-Control-Allow-Methods");
  ck_assert_msg(acam != NULL, "no ACAM");
  ck_assert_msg(list_has_token(acam->value, acam->value_len, "PUT"), "PUT");
  ck_assert_msg(!list_has_token(acam->value, acam->value_len, "DELETE"),
                "ACAM discloses DELETE, which was not requested: %s",
                printable(acam->value, acam->value_len));
  cors_policy_free(pol);
}
END_TEST

/* A repeated Access-Control-Request-Method is malformed. */
START_TEST(acrm_repeated_is_malformed) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  cors_request req;
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "GET"};
  request_from_spec(&req, &rq);
  req.request_method_count = 2;
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(!res.allowed, "repeated ACRM allowed");
  ck_assert_msg(res.reason == CORS_REASON_MALFORMED_REQUEST, "reason %s",
                cors_reason_string(res.reason));
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Origin") == NULL,
                "ACAO on a malformed preflight");
  cors_policy_free(pol);
}
END_TEST

/* ---- refused at config time ---------------------------------------------- */

typedef struct bad_method {
  const char *name;
  const char *method;
  cors_status code;
} bad_method;

static const bad_method bad_methods[] = {
    {"connect", "CONNECT", CORS_ERR_FORBIDDEN_METHOD},
    {"trace", "TRACE", CORS_ERR_FORBIDDEN_METHOD},
    {"track", "TRACK", CORS_ERR_FORBIDDEN_METHOD},
    {"connect_lower", "connect", CORS_ERR_FORBIDDEN_METHOD},
    {"trace_mixed", "Trace", CORS_ERR_FORBIDDEN_METHOD},
    {"space", "GE T", CORS_ERR_INVALID_METHOD},
    {"slash", "GET/1", CORS_ERR_INVALID_METHOD},
    {"quote", "\"GET\"", CORS_ERR_INVALID_METHOD},
    {"control", "GET\x01", CORS_ERR_INVALID_METHOD},
    {"high_byte", "G\xc3\x89T", CORS_ERR_INVALID_METHOD},
    {"crlf", "GET\r\n", CORS_ERR_INVALID_METHOD},
};

START_TEST(forbidden_and_invalid_methods) {
  const bad_method *c = &bad_methods[_i];
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_status st = cors_config_add_method(cfg, c->method, strlen(c->method), &err);
  ck_assert_msg(st == c->code, "%s: add_method status %d (%s)", c->name,
                (int)st, err.message);
  ck_assert_msg(err.code == c->code && err.message[0] != '\0',
                "%s: error not filled", c->name);
  /* the same entry inside a CSV reports its index */
  char csv[64];
  int n = snprintf(csv, sizeof csv, "GET, POST, %s", c->method);
  memset(&err, 0, sizeof err);
  st = cors_config_set_methods_csv(cfg, csv, (size_t)n, &err);
  ck_assert_msg(st == c->code, "%s: csv status %d", c->name, (int)st);
  ck_assert_msg(err.index == 2, "%s: csv index %ld, want 2", c->name, err.index);
  ck_assert_msg(strcmp(err.field, "methods") == 0, "%s: field '%s'", c->name,
                err.field);
  cors_config_free(cfg);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("methods");
  TCase *tc = tcase_create("methods");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, method_rules, 0, (int)COUNT_OF(method_cases));
  tcase_add_test(tc, acam_least_disclosure);
  tcase_add_test(tc, acrm_repeated_is_malformed);
  tcase_add_loop_test(tc, forbidden_and_invalid_methods, 0, (int)COUNT_OF(bad_methods));
  suite_add_tcase(s, tc);
  return s;
}
