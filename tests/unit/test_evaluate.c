/* docs/semantics.md, #classification to #output-safety: what cors_evaluate
 * answers. The seed scenario
 * first, then credentials, statuses, private network, Vary, and output
 * safety. */
#include "common.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What every preflight answer reads, private network included (the
 * answer differs whether the feature is on or off). */
#define VARY_PREFLIGHT                                                        \
  "Access-Control-Request-Method, Access-Control-Request-Headers, "           \
  "Access-Control-Request-Private-Network"
#define VARY_PREFLIGHT_ORIGIN "Origin, " VARY_PREFLIGHT

/* ---- the seed scenario ----------------------------------------------------- */

START_TEST(seed_preflight_get_authorization) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "GET", .acrh = "authorization"};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_int_eq(res.kind, CORS_KIND_PREFLIGHT);
  ck_assert_msg(res.allowed, "seed preflight refused: %s",
                cors_reason_string(res.reason));
  ck_assert_int_eq(res.reason, CORS_REASON_NONE);
  ck_assert_int_eq(res.action, CORS_ACTION_RESPOND);
  ck_assert_int_eq(res.status, 204);
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", SEED_ORIGIN),
                "ACAO");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Credentials", "true"),
                "ACAC");
  const cors_header *acam = result_header(&res, "Access-Control-Allow-Methods");
  ck_assert_msg(acam && list_has_token(acam->value, acam->value_len, "GET"),
                "ACAM must name GET");
  const cors_header *acah = result_header(&res, "Access-Control-Allow-Headers");
  ck_assert_msg(acah && list_has_token(acah->value, acah->value_len, "authorization"),
                "ACAH must name authorization");
  ck_assert_msg(header_equals(&res, "Access-Control-Max-Age", "3600"), "max age");
  ck_assert_msg(header_equals(&res, "Vary", VARY_PREFLIGHT_ORIGIN), "Vary");
  static const char *const names[] = {
      "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
      "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
      "Access-Control-Max-Age", "Vary", NULL};
  assert_header_set(&res, names, "seed preflight");
  assert_output_safe(&res, "seed preflight");
  /* what a browser would do with it */
  cors_request req;
  request_from_spec(&req, &rq);
  const char *why = NULL;
  ck_assert_msg(cors_browser_check(&req, &res, true, &why),
                "a browser would refuse: %s", why ? why : "?");
  cors_policy_free(pol);
}
END_TEST

/* Every method of the seed, and every seed header, passes a preflight. */
START_TEST(seed_preflight_every_method_and_header) {
  static const char *const methods[] = {"GET", "HEAD", "OPTIONS", "POST",
                                        "PUT", "PATCH", "DELETE"};
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  for (size_t i = 0; i < COUNT_OF(methods); i++) {
    request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                       .acrm = methods[i],
                       .acrh = "content-type, x-request-id, x-csrf-token, "
                               "if-none-match, if-match, idempotency-key, "
                               "x-client, cache-control, pragma, "
                               "x-session-id, x-requested-with, x-reauth, "
                               "authorization"};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    ck_assert_msg(res.allowed, "seed preflight for %s refused: %s", methods[i],
                  cors_reason_string(res.reason));
  }
  cors_policy_free(pol);
}
END_TEST

/* An actual request: headers for any status (the application may answer
 * 401 or 500, and the browser must still be able to read it). */
START_TEST(seed_actual_request) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  static const char *const methods[] = {"GET", "POST", "DELETE", "OPTIONS"};
  for (size_t i = 0; i < COUNT_OF(methods); i++) {
    request_spec rq = {.method = methods[i], .origin = SL(SEED_ORIGIN)};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    ck_assert_int_eq(res.kind, CORS_KIND_ACTUAL);
    ck_assert_msg(res.allowed, "%s refused", methods[i]);
    ck_assert_int_eq(res.action, CORS_ACTION_CONTINUE);
    ck_assert_int_eq(res.status, 0);
    ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", SEED_ORIGIN),
                  "ACAO");
    ck_assert_msg(header_equals(&res, "Access-Control-Allow-Credentials", "true"),
                  "ACAC");
    const cors_header *aceh =
        result_header(&res, "Access-Control-Expose-Headers");
    ck_assert_msg(aceh != NULL, "ACEH missing");
    static const char *const exposed[] = {
        "ETag", "Location", "Retry-After", "X-Request-ID",
        "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"};
    ck_assert_int_eq(list_count(aceh->value, aceh->value_len), COUNT_OF(exposed));
    const char *prev = NULL;
    for (size_t e = 0; e < COUNT_OF(exposed); e++) {
      ck_assert_msg(list_has_token(aceh->value, aceh->value_len, exposed[e]),
                    "ACEH lacks %s", exposed[e]);
      /* in the order given */
      const char *at = strstr(aceh->value, exposed[e]);
      ck_assert_msg(at && at < aceh->value + aceh->value_len && (!prev || at > prev),
                    "ACEH out of order at %s", exposed[e]);
      prev = at;
    }
    ck_assert_msg(header_equals(&res, "Vary", "Origin"), "Vary: Origin");
    static const char *const names[] = {
        "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
        "Access-Control-Expose-Headers", "Vary", NULL};
    assert_header_set(&res, names, "seed actual");
    cors_request req;
    request_from_spec(&req, &rq);
    const char *why = NULL;
    ck_assert_msg(cors_browser_check(&req, &res, true, &why),
                  "a browser would refuse: %s", why ? why : "?");
  }
  cors_policy_free(pol);
}
END_TEST

START_TEST(seed_actual_denied_origin) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "POST", .origin = SL("https://evil.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_int_eq(res.kind, CORS_KIND_ACTUAL);
  ck_assert_msg(!res.allowed, "evil origin allowed");
  ck_assert_int_eq(res.reason, CORS_REASON_ORIGIN_NOT_ALLOWED);
  ck_assert_int_eq(res.action, CORS_ACTION_CONTINUE);
  static const char *const names[] = {"Vary", NULL};
  assert_header_set(&res, names, "denied actual");
  ck_assert_msg(header_equals(&res, "Vary", "Origin"), "Vary: Origin");
  /* Even this opt-in never lends credentials to sandboxed/file: pages. */
  request_spec null_rq = {.origin = SL("null")};
  evaluate_spec(pol, &null_rq, &res);
  ck_assert_msg(!res.allowed && res.reason == CORS_REASON_ORIGIN_NOT_ALLOWED,
                "null under dangerous * with credentials: %s",
                cors_reason_string(res.reason));
  cors_policy_free(pol);
}
END_TEST

START_TEST(seed_preflight_denied) {
  static const struct {
    const char *name;
    cors_slice origin;
    const char *acrm;
    const char *acrh;
    cors_reason reason;
  } cases[] = {
      {"origin", SL("https://evil.example"), "GET", NULL, CORS_REASON_ORIGIN_NOT_ALLOWED},
      {"method", SL(SEED_ORIGIN), "PURGE", NULL, CORS_REASON_METHOD_NOT_ALLOWED},
      {"header", SL(SEED_ORIGIN), "GET", "x-not-listed", CORS_REASON_HEADER_NOT_ALLOWED},
  };
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  for (size_t i = 0; i < COUNT_OF(cases); i++) {
    request_spec rq = {.method = "OPTIONS", .origin = cases[i].origin,
                       .acrm = cases[i].acrm, .acrh = cases[i].acrh};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    ck_assert_int_eq(res.kind, CORS_KIND_PREFLIGHT);
    ck_assert_msg(!res.allowed, "%s: allowed", cases[i].name);
    ck_assert_msg(res.reason == cases[i].reason, "%s: reason %s", cases[i].name,
                  cors_reason_string(res.reason));
    ck_assert_int_eq(res.action, CORS_ACTION_RESPOND);
    ck_assert_int_eq(res.status, 403);
    static const char *const names[] = {"Vary", NULL};
    assert_header_set(&res, names, cases[i].name);
    ck_assert_msg(header_equals(&res, "Vary", VARY_PREFLIGHT_ORIGIN), "%s: Vary",
                  cases[i].name);
  }
  cors_policy_free(pol);
}
END_TEST

START_TEST(no_origin_is_not_cors) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  static const request_spec reqs[] = {
      {.method = "GET"},
      {.method = "OPTIONS", .acrm = "GET", .acrh = "authorization"},
  };
  for (size_t i = 0; i < COUNT_OF(reqs); i++) {
    cors_result res;
    evaluate_spec(pol, &reqs[i], &res);
    ck_assert_int_eq(res.kind, CORS_KIND_NONE);
    ck_assert_int_eq(res.action, CORS_ACTION_CONTINUE);
    ck_assert_int_eq(res.reason, CORS_REASON_NOT_CORS);
    static const char *const names[] = {"Vary", NULL};
    assert_header_set(&res, names, "no origin");
    ck_assert_msg(header_equals(&res, "Vary", "Origin"), "Vary: Origin");
  }
  cors_policy_free(pol);
}
END_TEST

/* ---- statuses -------------------------------------------------------------- */

START_TEST(statuses_configurable) {
  policy_spec spec = seed_spec();
  spec.success_status = 200;
  spec.failure_status = 400;
  cors_policy *pol = policy_from_spec(&spec);
  request_spec ok = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET"};
  request_spec bad = {.method = "OPTIONS", .origin = SL("https://evil.example"),
                      .acrm = "GET"};
  cors_result res;
  evaluate_spec(pol, &ok, &res);
  ck_assert_msg(res.allowed && res.status == 200, "success status %d", res.status);
  evaluate_spec(pol, &bad, &res);
  ck_assert_msg(!res.allowed && res.status == 400, "failure status %d", res.status);
  cors_policy_free(pol);
}
END_TEST

/* ---- credentials and `*` -------------------------------------------------- */

START_TEST(wildcard_with_credentials_refused) {
  policy_spec spec = {.origins = "*", .credentials = true};
  cors_config *cfg = config_from_spec(&spec);
  cors_policy *pol = (cors_policy *)(uintptr_t)1;
  cors_error err;
  memset(&err, 0, sizeof err);
  cors_status st = cors_policy_compile(cfg, &pol, &err);
  ck_assert_int_eq(st, CORS_ERR_WILDCARD_WITH_CREDENTIALS);
  ck_assert_int_eq(err.code, CORS_ERR_WILDCARD_WITH_CREDENTIALS);
  ck_assert_msg(pol == NULL, "*out must be NULL on failure");
  ck_assert_msg(strstr(err.message, "credentials") != NULL &&
                    strchr(err.message, '*') != NULL,
                "the message must say why: '%s'", err.message);
  cors_config_free(cfg);
}
END_TEST

START_TEST(wildcard_without_credentials) {
  policy_spec spec = {.origins = "*", .methods = "GET, PUT",
                      .allowed_headers = "x-a", .exposed_headers = "ETag"};
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.origin = SL("https://any.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "any origin under *");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "*"), "ACAO *");
  ck_assert_msg(result_header(&res, "Access-Control-Allow-Credentials") == NULL,
                "ACAC without credentials");
  ck_assert_msg(result_header(&res, "Vary") == NULL,
                "no Vary when the answer does not depend on Origin");
  static const char *const names[] = {"Access-Control-Allow-Origin",
                                      "Access-Control-Expose-Headers", NULL};
  assert_header_set(&res, names, "wildcard actual");

  request_spec pf = {.method = "OPTIONS", .origin = SL("https://any.example"),
                     .acrm = "PUT", .acrh = "X-A"};
  evaluate_spec(pol, &pf, &res);
  ck_assert_msg(res.allowed, "preflight under *: %s", cors_reason_string(res.reason));
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "*"), "ACAO *");
  ck_assert_msg(header_equals(&res, "Vary", VARY_PREFLIGHT),
                "preflight Vary without Origin");
  /* The same public headers on every response, so that a cached copy of
   * a no-Origin response also serves cross-origin pages. */
  request_spec none = {.method = "GET"};
  evaluate_spec(pol, &none, &res);
  ck_assert_msg(res.kind == CORS_KIND_NONE && res.allowed,
                "non-CORS request under *");
  assert_header_set(&res, names, "non-CORS under *");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "*"),
                "ACAO * without Origin");
  /* An invalid Origin gets a different answer: it must say Vary. */
  request_spec bad = {.method = "GET", .origin = SL("https://a b")};
  evaluate_spec(pol, &bad, &res);
  ck_assert_msg(!res.allowed && header_equals(&res, "Vary", "Origin"),
                "invalid Origin under * varies on Origin");
  cors_policy_free(pol);
}
END_TEST

/* The dangerous opt-in reflects the origin with credentials (and warns). */
START_TEST(dangerous_wildcard_opt_in) {
  policy_spec spec = {.origins = "*", .credentials = true,
                      .dangerous_wildcard = true};
  warning_log log;
  cors_policy *pol = policy_from_spec_logged(&spec, &log);
  ck_assert_msg(warning_log_count(&log, CORS_WARN_DANGEROUS_WILDCARD) >= 1,
                "no dangerous-wildcard warning");
  request_spec rq = {.origin = SL("https://any.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Origin", "https://any.example"),
                "ACAO must reflect, never * with credentials");
  ck_assert_msg(header_equals(&res, "Access-Control-Allow-Credentials", "true"), "ACAC");
  ck_assert_msg(header_equals(&res, "Vary", "Origin"), "Vary: Origin");
  cors_policy_free(pol);
}
END_TEST

/* ---- max age ----------------------------------------------------------------- */

START_TEST(max_age_values) {
  static const struct {
    bool has;
    long seconds;
    const char *value; /* NULL: header absent */
  } cases[] = {{true, 0, "0"}, {true, 600, "600"}, {true, 86400, "86400"},
               {true, 2147483647L, "2147483647"},
               {false, 0, NULL}};
  for (size_t i = 0; i < COUNT_OF(cases); i++) {
    policy_spec spec = seed_spec();
    spec.has_max_age = cases[i].has;
    spec.max_age = cases[i].seconds;
    cors_policy *pol = policy_from_spec(&spec);
    request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET"};
    cors_result res;
    evaluate_spec(pol, &rq, &res);
    if (cases[i].value)
      ck_assert_msg(header_equals(&res, "Access-Control-Max-Age", cases[i].value),
                    "max age %ld", cases[i].seconds);
    else
      ck_assert_msg(result_header(&res, "Access-Control-Max-Age") == NULL,
                    "max age sent though none configured");
    cors_policy_free(pol);
  }
}
END_TEST

START_TEST(max_age_cleared) {
  policy_spec spec = seed_spec();
  cors_config *cfg = config_from_spec(&spec);
  cors_config_clear_max_age(cfg);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET"};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(result_header(&res, "Access-Control-Max-Age") == NULL,
                "cleared max age still sent");
  cors_policy_free(pol);
}
END_TEST

/* ---- private network access ------------------------------------------------ */

typedef struct pna_case {
  const char *name;
  bool policy_on;
  const char *acrpn; /* NULL: not requested */
  bool allowed;
  bool acapn; /* Access-Control-Allow-Private-Network: true sent */
  const char *vary;
} pna_case;

static const pna_case pna_cases[] = {
    {"on_requested", true, "true", true, true, VARY_PREFLIGHT_ORIGIN},
    {"on_not_requested", true, NULL, true, false, VARY_PREFLIGHT_ORIGIN},
    {"off_requested", false, "true", false, false, VARY_PREFLIGHT_ORIGIN},
    {"off_not_requested", false, NULL, true, false, VARY_PREFLIGHT_ORIGIN},
};

START_TEST(private_network) {
  const pna_case *c = &pna_cases[_i];
  policy_spec spec = seed_spec();
  spec.private_network = c->policy_on;
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "GET", .acrpn = c->acrpn};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  if (!c->allowed) {
    ck_assert_int_eq(res.reason, CORS_REASON_PRIVATE_NETWORK_NOT_ALLOWED);
    ck_assert_int_eq(res.status, 403);
  }
  if (c->acapn)
    ck_assert_msg(header_equals(&res, "Access-Control-Allow-Private-Network", "true"),
                  "%s: ACAPN", c->name);
  else
    ck_assert_msg(result_header(&res, "Access-Control-Allow-Private-Network") == NULL,
                  "%s: ACAPN sent", c->name);
  ck_assert_msg(header_equals(&res, "Vary", c->vary), "%s: Vary, want '%s'",
                c->name, c->vary);
  cors_policy_free(pol);
}
END_TEST

/* ---- Vary (docs/semantics.md#vary) --------------------------------------------- */

/* Every policy kind against every kind of request: the Vary value is the
 * list of request headers the answer depends on. Any policy but public
 * `*` depends on the Origin everywhere; under public `*` only the denial
 * of an invalid or repeated Origin does. Preflights always name the three
 * request headers they read, private network included. */
typedef enum req_kind {
  RQ_NONE,           /* GET without Origin */
  RQ_ACTUAL_OK,      /* GET from the row's allowed origin */
  RQ_ACTUAL_BAD,     /* GET from a valid origin no policy lists */
  RQ_ACTUAL_INVALID, /* GET with an Origin that is not an origin */
  RQ_ACTUAL_TWO,     /* GET with two Origin lines */
  RQ_PRE_OK,         /* preflight from the allowed origin, GET */
  RQ_PRE_BAD,        /* preflight from the unlisted origin */
  RQ_PRE_INVALID,    /* preflight with an invalid Origin */
  RQ_PRE_TWO,        /* preflight with two Origin lines */
  RQ_PRE_METHOD,     /* preflight from the allowed origin, method PURGE */
  RQ_PRE_HEADER,     /* preflight from the allowed origin, header X-No */
  RQ_PRE_PNA         /* preflight from the allowed origin, private network */
} req_kind;

typedef struct vary_case {
  const char *name;
  const char *origins;
  const char *regex;
  bool credentials;
  bool dangerous; /* `*` with credentials */
  bool pna;
  req_kind rq;
  bool allowed;
  const char *vary; /* NULL: no Vary header */
} vary_case;

#define OK_ORIGIN "https://a.example"
#define VPO VARY_PREFLIGHT_ORIGIN
#define VP VARY_PREFLIGHT
#define VO "Origin"

/* The policy kinds, by their origin settings. */
#define EXACT OK_ORIGIN, NULL
#define SUBDOMAIN "https://*.example", NULL
#define PORTS "https://a.example:*", NULL
#define REGEX NULL, "https://a\\.example"
#define STAR "*", NULL
#define NOTHING NULL, NULL /* no origin allowed at all */

static const vary_case vary_cases[] = {
    /* exact origin, credentials */
    {"exact_none", EXACT, true, false, false, RQ_NONE, true, VO},
    {"exact_actual_ok", EXACT, true, false, false, RQ_ACTUAL_OK, true, VO},
    {"exact_actual_bad", EXACT, true, false, false, RQ_ACTUAL_BAD, false, VO},
    {"exact_actual_invalid", EXACT, true, false, false, RQ_ACTUAL_INVALID, false, VO},
    {"exact_actual_two", EXACT, true, false, false, RQ_ACTUAL_TWO, false, VO},
    {"exact_pre_ok", EXACT, true, false, false, RQ_PRE_OK, true, VPO},
    {"exact_pre_bad", EXACT, true, false, false, RQ_PRE_BAD, false, VPO},
    {"exact_pre_invalid", EXACT, true, false, false, RQ_PRE_INVALID, false, VPO},
    {"exact_pre_two", EXACT, true, false, false, RQ_PRE_TWO, false, VPO},
    {"exact_pre_method", EXACT, true, false, false, RQ_PRE_METHOD, false, VPO},
    {"exact_pre_header", EXACT, true, false, false, RQ_PRE_HEADER, false, VPO},
    {"exact_pre_pna_off", EXACT, true, false, false, RQ_PRE_PNA, false, VPO},
    {"exact_pre_pna_on", EXACT, true, false, true, RQ_PRE_PNA, true, VPO},
    {"exact_pna_on_pre_ok", EXACT, true, false, true, RQ_PRE_OK, true, VPO},
    {"exact_pna_on_actual", EXACT, true, false, true, RQ_ACTUAL_OK, true, VO},
    /* exact origin without credentials: still depends on the Origin */
    {"exact_nocreds_none", EXACT, false, false, false, RQ_NONE, true, VO},
    {"exact_nocreds_actual_ok", EXACT, false, false, false, RQ_ACTUAL_OK, true, VO},
    {"exact_nocreds_pre_ok", EXACT, false, false, false, RQ_PRE_OK, true, VPO},
    {"exact_nocreds_pre_bad", EXACT, false, false, false, RQ_PRE_BAD, false, VPO},
    /* subdomain pattern */
    {"subdomain_none", SUBDOMAIN, true, false, false, RQ_NONE, true, VO},
    {"subdomain_actual_ok", SUBDOMAIN, true, false, false, RQ_ACTUAL_OK, true, VO},
    {"subdomain_actual_bad", SUBDOMAIN, true, false, false, RQ_ACTUAL_BAD, false, VO},
    {"subdomain_pre_ok", SUBDOMAIN, true, false, false, RQ_PRE_OK, true, VPO},
    {"subdomain_pre_bad", SUBDOMAIN, true, false, false, RQ_PRE_BAD, false, VPO},
    {"subdomain_pre_invalid", SUBDOMAIN, true, false, false, RQ_PRE_INVALID, false, VPO},
    {"subdomain_pre_method", SUBDOMAIN, true, false, false, RQ_PRE_METHOD, false, VPO},
    {"subdomain_pre_pna_on", SUBDOMAIN, true, false, true, RQ_PRE_PNA, true, VPO},
    /* port pattern */
    {"ports_none", PORTS, false, false, false, RQ_NONE, true, VO},
    {"ports_actual_ok", PORTS, false, false, false, RQ_ACTUAL_OK, true, VO},
    {"ports_actual_bad", PORTS, false, false, false, RQ_ACTUAL_BAD, false, VO},
    {"ports_pre_ok", PORTS, false, false, false, RQ_PRE_OK, true, VPO},
    {"ports_pre_bad", PORTS, false, false, false, RQ_PRE_BAD, false, VPO},
    {"ports_pre_header", PORTS, false, false, false, RQ_PRE_HEADER, false, VPO},
    /* regex */
    {"regex_none", REGEX, true, false, false, RQ_NONE, true, VO},
    {"regex_actual_ok", REGEX, true, false, false, RQ_ACTUAL_OK, true, VO},
    {"regex_actual_bad", REGEX, true, false, false, RQ_ACTUAL_BAD, false, VO},
    {"regex_actual_invalid", REGEX, true, false, false, RQ_ACTUAL_INVALID, false, VO},
    {"regex_pre_ok", REGEX, true, false, false, RQ_PRE_OK, true, VPO},
    {"regex_pre_bad", REGEX, true, false, false, RQ_PRE_BAD, false, VPO},
    {"regex_pre_pna_off", REGEX, true, false, false, RQ_PRE_PNA, false, VPO},
    /* nothing allowed */
    {"nothing_none", NOTHING, true, false, false, RQ_NONE, true, VO},
    {"nothing_actual", NOTHING, true, false, false, RQ_ACTUAL_OK, false, VO},
    {"nothing_pre", NOTHING, true, false, false, RQ_PRE_OK, false, VPO},
    /* `*` with credentials (the dangerous opt-in) reflects the origin */
    {"star_creds_none", STAR, true, true, false, RQ_NONE, true, VO},
    {"star_creds_actual_ok", STAR, true, true, false, RQ_ACTUAL_OK, true, VO},
    {"star_creds_actual_invalid", STAR, true, true, false, RQ_ACTUAL_INVALID, false, VO},
    {"star_creds_pre_ok", STAR, true, true, false, RQ_PRE_OK, true, VPO},
    {"star_creds_pre_invalid", STAR, true, true, false, RQ_PRE_INVALID, false, VPO},
    {"star_creds_pre_method", STAR, true, true, false, RQ_PRE_METHOD, false, VPO},
    /* public `*`: only an invalid or repeated Origin changes the answer */
    {"star_none", STAR, false, false, false, RQ_NONE, true, NULL},
    {"star_actual_ok", STAR, false, false, false, RQ_ACTUAL_OK, true, NULL},
    {"star_actual_other", STAR, false, false, false, RQ_ACTUAL_BAD, true, NULL},
    {"star_actual_invalid", STAR, false, false, false, RQ_ACTUAL_INVALID, false, VO},
    {"star_actual_two", STAR, false, false, false, RQ_ACTUAL_TWO, false, VO},
    {"star_pre_ok", STAR, false, false, false, RQ_PRE_OK, true, VP},
    {"star_pre_other", STAR, false, false, false, RQ_PRE_BAD, true, VP},
    {"star_pre_invalid", STAR, false, false, false, RQ_PRE_INVALID, false, VPO},
    {"star_pre_two", STAR, false, false, false, RQ_PRE_TWO, false, VPO},
    {"star_pre_method", STAR, false, false, false, RQ_PRE_METHOD, false, VP},
    {"star_pre_header", STAR, false, false, false, RQ_PRE_HEADER, false, VP},
    {"star_pre_pna_off", STAR, false, false, false, RQ_PRE_PNA, false, VP},
    {"star_pre_pna_on", STAR, false, false, true, RQ_PRE_PNA, true, VP},
    {"star_pna_on_pre_invalid", STAR, false, false, true, RQ_PRE_INVALID, false, VPO},
    /* `null` listed: the answer depends on the Origin like any list */
    {"null_none", "null", NULL, true, false, false, RQ_NONE, true, VO},
    {"null_actual_bad", "null", NULL, true, false, false, RQ_ACTUAL_BAD, false, VO},
    {"null_pre_bad", "null", NULL, true, false, false, RQ_PRE_BAD, false, VPO},
};

/* An origin callback that allows OK_ORIGIN, and no entry at all: the
 * answer depends on the Origin as under a list. */
static const vary_case callback_vary_cases[] = {
    {"callback_none", NOTHING, true, false, false, RQ_NONE, true, VO},
    {"callback_actual_ok", NOTHING, true, false, false, RQ_ACTUAL_OK, true, VO},
    {"callback_actual_bad", NOTHING, true, false, false, RQ_ACTUAL_BAD, false, VO},
    {"callback_actual_invalid", NOTHING, true, false, false, RQ_ACTUAL_INVALID, false, VO},
    {"callback_pre_ok", NOTHING, true, false, false, RQ_PRE_OK, true, VPO},
    {"callback_pre_bad", NOTHING, true, false, false, RQ_PRE_BAD, false, VPO},
    {"callback_pre_header", NOTHING, true, false, false, RQ_PRE_HEADER, false, VPO},
    {"callback_nocreds_actual_ok", NOTHING, false, false, false, RQ_ACTUAL_OK, true, VO},
    {"callback_nocreds_pre_ok", NOTHING, false, false, false, RQ_PRE_OK, true, VPO},
};

static bool allow_ok_origin(const char *origin, size_t len, void *ud) {
  (void)ud;
  return len == sizeof OK_ORIGIN - 1 && memcmp(origin, OK_ORIGIN, len) == 0;
}

static void vary_request(cors_request *req, req_kind k) {
  request_spec spec = {.method = "GET", .origin = SL(OK_ORIGIN)};
  bool preflight = k >= RQ_PRE_OK;
  if (preflight) {
    spec.method = "OPTIONS";
    spec.acrm = k == RQ_PRE_METHOD ? "PURGE" : "GET";
    spec.acrh = k == RQ_PRE_HEADER ? "X-No" : NULL;
    spec.acrpn = k == RQ_PRE_PNA ? "true" : NULL;
  }
  if (k == RQ_NONE)
    spec.origin = (cors_slice){NULL, 0};
  if (k == RQ_ACTUAL_BAD || k == RQ_PRE_BAD)
    spec.origin = (cors_slice)SL("https://b.other");
  if (k == RQ_ACTUAL_INVALID || k == RQ_PRE_INVALID)
    spec.origin = (cors_slice)SL("https://a.example/");
  request_from_spec(req, &spec);
  if (k == RQ_ACTUAL_TWO || k == RQ_PRE_TWO)
    req->origin_count = 2;
}

static void check_vary_case(const vary_case *c, cors_origin_fn callback) {
  policy_spec spec = {.origins = c->origins, .regex = c->regex,
                      .credentials = c->credentials,
                      .dangerous_wildcard = c->dangerous,
                      .private_network = c->pna,
                      .methods = "GET, POST"};
  cors_config *cfg = config_from_spec(&spec);
  cors_config_set_origin_callback(cfg, callback, NULL);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_msg(cors_policy_compile(cfg, &pol, &err) == CORS_OK, "%s: %s",
                c->name, err.message);
  cors_config_free(cfg);
  cors_request req;
  vary_request(&req, c->rq);
  cors_result res;
  cors_evaluate(pol, &req, &res);
  ck_assert_msg(res.allowed == c->allowed, "%s: allowed=%d (%s)", c->name,
                res.allowed, cors_reason_string(res.reason));
  if (c->vary)
    ck_assert_msg(header_equals(&res, "Vary", c->vary), "%s: Vary, want '%s'",
                  c->name, c->vary);
  else
    ck_assert_msg(result_header(&res, "Vary") == NULL, "%s: unexpected Vary",
                  c->name);
  cors_policy_free(pol);
}

START_TEST(vary_values) {
  check_vary_case(&vary_cases[_i], NULL);
}
END_TEST

START_TEST(vary_values_with_callback) {
  check_vary_case(&callback_vary_cases[_i], allow_ok_origin);
}
END_TEST

/* ---- output safety (docs/semantics.md#output-safety) -------------------------- */

static const policy_spec *safety_policies(size_t *n) {
  static policy_spec specs[4];
  specs[0] = seed_spec();
  specs[1] = (policy_spec){.origins = "*", .methods = "*", .allowed_headers = "*"};
  specs[2] = (policy_spec){.regex = "[\\s\\S]*", .credentials = true,
                           .methods = "*", .allowed_headers = "*",
                           .private_network = true};
  specs[3] = (policy_spec){.origins = "null, https://*.example.com, http://localhost:*",
                           .credentials = true, .allowed_headers = "*, Authorization"};
  *n = COUNT_OF(specs);
  return specs;
}

static const request_spec hostile[] = {
    {.origin = SL("https://a.com\r\nSet-Cookie: x=1")},
    {.origin = SL("https://a.example.com\0evil")},
    {.origin = SL("https://a.example.com\n")},
    {.origin = SL("http://localhost:3000\r")},
    {.origin = SL("null\r\n")},
    {.origin = SL("https://a.example.com\x7f")},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET\r\nX-Evil: 1"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET\0X"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET", .acrh = "x-a\r\nX-Evil: 1"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET", .acrh = "x-a\x01"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET", .acrh = "x-a,\tx-b\x0b"},
    {.method = "OPTIONS", .origin = SL(SEED_ORIGIN), .acrm = "GET", .acrpn = "true\r\n"},
    {.method = "OPTIONS", .origin = SL("https://a.example.com"), .acrm = "PUT\x7f"},
    {.method = "OPTIONS", .origin = SL("http://localhost:1"), .acrm = "GET", .acrh = "authorization, x-\x80"},
};

START_TEST(output_never_holds_control_bytes) {
  size_t np;
  const policy_spec *specs = safety_policies(&np);
  for (size_t p = 0; p < np; p++) {
    cors_policy *pol = policy_from_spec(&specs[p]);
    for (size_t i = 0; i < COUNT_OF(hostile); i++) {
      cors_result res;
      evaluate_spec(pol, &hostile[i], &res);
      char ctx[64];
      snprintf(ctx, sizeof ctx, "policy %zu request %zu", p, i);
      assert_output_safe(&res, ctx);
      char out[CORS_FORMAT_BOUND(4096)];
      size_t written = 0;
      ck_assert_int_eq(cors_result_format(&res, out, sizeof out, &written), CORS_OK);
      /* the only CR and LF are the line ends */
      for (size_t b = 0; b < written; b++) {
        unsigned char ch = (unsigned char)out[b];
        if (ch == '\r')
          ck_assert_msg(b + 1 < written && out[b + 1] == '\n', "%s: bare CR", ctx);
        else if (ch == '\n')
          ck_assert_msg(b > 0 && out[b - 1] == '\r', "%s: bare LF", ctx);
        else
          ck_assert_msg(ch >= 0x20 && ch != 0x7f, "%s: control byte 0x%02x", ctx, ch);
      }
    }
    cors_policy_free(pol);
  }
}
END_TEST

/* The result must not depend on stale bytes of the caller's struct, and
 * evaluating twice gives the same answer (no hidden state). */
START_TEST(evaluate_is_deterministic) {
  policy_spec spec = seed_spec();
  cors_policy *pol = policy_from_spec(&spec);
  request_spec rq = {.method = "OPTIONS", .origin = SL(SEED_ORIGIN),
                     .acrm = "PATCH", .acrh = "content-type"};
  cors_result a, b;
  evaluate_spec(pol, &rq, &a);
  cors_request req;
  request_from_spec(&req, &rq);
  memset(&b, 0, sizeof b);
  cors_evaluate(pol, &req, &b);
  ck_assert_int_eq(a.header_count, b.header_count);
  for (size_t i = 0; i < a.header_count; i++) {
    ck_assert_msg(a.headers[i].name_len == b.headers[i].name_len &&
                      memcmp(a.headers[i].name, b.headers[i].name, a.headers[i].name_len) == 0 &&
                      a.headers[i].value_len == b.headers[i].value_len &&
                      memcmp(a.headers[i].value, b.headers[i].value, a.headers[i].value_len) == 0,
                  "header %zu differs between two evaluations", i);
  }
  cors_policy_free(pol);
}
END_TEST

/* Results stay valid after the config is freed: the policy owns copies. */
START_TEST(policy_outlives_config) {
  char origin[] = "https://copy.example";
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, origin, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_exposed_headers_csv(cfg, "X-Trace", 7, &err), CORS_OK);
  cors_config_set_credentials(cfg, true);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);
  memset(origin, 'x', sizeof origin - 1);
  request_spec rq = {.origin = SL("https://copy.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(res.allowed, "policy lost its copy of the origin");
  ck_assert_msg(header_equals(&res, "Access-Control-Expose-Headers", "X-Trace"), "ACEH");
  cors_policy_free(pol);
}
END_TEST

/* Work is linear in the header's length whatever its content: a 1 MB
 * list of 250,000 names, and a 1 MB origin, are decided quickly. */
START_TEST(long_inputs_are_linear) {
  enum { MB = 1 << 20 };
  char *list = malloc(MB + 1);
  char *origin = malloc(MB + 16);
  ck_assert_msg(list && origin, "test buffers");
  for (size_t i = 0; i + 4 <= MB; i += 4)
    memcpy(list + i, "x-a,", 4);
  list[MB - 1] = ' '; /* the last "x-a," becomes "x-a " */
  list[MB] = '\0';
  memcpy(origin, "https://", 8);
  memset(origin + 8, 'a', MB);
  memcpy(origin + 8 + MB, ".com", 4);
  static const policy_spec specs[] = {
      {.origins = "https://app.example", .allowed_headers = "x-b, x-c, x-a"},
      {.origins = "https://app.example", .allowed_headers = "*"},
      {.regex = "https://[a-z]+\\.com", .credentials = true},
  };
  for (size_t p = 0; p < COUNT_OF(specs); p++) {
    cors_policy *pol = policy_from_spec(&specs[p]);
    request_spec pre = {.method = "OPTIONS", .origin = SL("https://app.example"),
                        .acrm = "GET", .acrh = list};
    request_spec big = {.origin = {origin, MB + 12}};
    cors_result res;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    evaluate_spec(pol, &pre, &res);
    if (p < 2)
      ck_assert_msg(res.allowed, "policy %zu: long list refused: %s", p,
                    cors_reason_string(res.reason));
    evaluate_spec(pol, &big, &res);
    assert_output_safe(&res, "1 MB origin");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(took < 5.0, "policy %zu: %.2f s for two 1 MB requests", p, took);
    cors_policy_free(pol);
  }
  free(list);
  free(origin);
}
END_TEST

/* Each compile snapshots the config: later changes do not reach an
 * earlier policy, and a config refused once compiles after a fix. */
START_TEST(compile_snapshots_config) {
  cors_error err;
  cors_config *cfg = cors_config_new(NULL);
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "https://one.example", &err), CORS_OK);
  cors_policy *first = NULL, *second = NULL, *third = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &first, &err), CORS_OK);
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "https://two.example", &err), CORS_OK);
  ck_assert_int_eq(cors_policy_compile(cfg, &second, &err), CORS_OK);
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "*", &err), CORS_OK);
  cors_config_set_credentials(cfg, true);
  ck_assert_int_eq(cors_policy_compile(cfg, &third, &err), CORS_ERR_WILDCARD_WITH_CREDENTIALS);
  cors_config_set_credentials(cfg, false);
  ck_assert_int_eq(cors_policy_compile(cfg, &third, &err), CORS_OK);
  cors_config_free(cfg);
  request_spec two = {.origin = SL("https://two.example")};
  request_spec other = {.origin = SL("https://other.example")};
  cors_result res;
  evaluate_spec(first, &two, &res);
  ck_assert_msg(!res.allowed, "a later entry reached an earlier policy");
  evaluate_spec(second, &two, &res);
  ck_assert_msg(res.allowed, "second policy lacks its entry");
  evaluate_spec(second, &other, &res);
  ck_assert_msg(!res.allowed, "second policy allows a stranger");
  evaluate_spec(third, &other, &res);
  ck_assert_msg(res.allowed && header_equals(&res, "Access-Control-Allow-Origin", "*"),
                "third policy: * without credentials");
  cors_policy_free(first);
  cors_policy_free(second);
  cors_policy_free(third);
}
END_TEST

/* NULL arguments are handled, not crashed on. */
START_TEST(null_arguments) {
  cors_config_free(NULL);
  cors_policy_free(NULL);
  cors_error err;
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(NULL, &pol, &err), CORS_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(cors_config_add_origin_cstr(NULL, "https://a.com", &err),
                   CORS_ERR_INVALID_ARGUMENT);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("evaluate");
  TCase *tc = tcase_create("seed");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, seed_preflight_get_authorization);
  tcase_add_test(tc, seed_preflight_every_method_and_header);
  tcase_add_test(tc, seed_actual_request);
  tcase_add_test(tc, seed_actual_denied_origin);
  tcase_add_test(tc, seed_preflight_denied);
  tcase_add_test(tc, no_origin_is_not_cors);
  suite_add_tcase(s, tc);

  tc = tcase_create("settings");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, statuses_configurable);
  tcase_add_test(tc, wildcard_with_credentials_refused);
  tcase_add_test(tc, wildcard_without_credentials);
  tcase_add_test(tc, dangerous_wildcard_opt_in);
  tcase_add_test(tc, max_age_values);
  tcase_add_test(tc, max_age_cleared);
  tcase_add_loop_test(tc, private_network, 0, (int)COUNT_OF(pna_cases));
  tcase_add_loop_test(tc, vary_values, 0, (int)COUNT_OF(vary_cases));
  tcase_add_loop_test(tc, vary_values_with_callback, 0,
                      (int)COUNT_OF(callback_vary_cases));
  suite_add_tcase(s, tc);

  tc = tcase_create("safety");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_test(tc, output_never_holds_control_bytes);
  tcase_add_test(tc, evaluate_is_deterministic);
  tcase_add_test(tc, policy_outlives_config);
  tcase_add_test(tc, compile_snapshots_config);
  tcase_add_test(tc, null_arguments);
  tcase_add_test(tc, long_inputs_are_linear);
  suite_add_tcase(s, tc);
  return s;
}
