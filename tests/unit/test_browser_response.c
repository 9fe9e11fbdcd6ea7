/* cors_browser_check_response(): what Chromium decides about any server's
 * response, one line of a table per rule of the CORS check and the
 * CORS-preflight check, with the cause, the offending item and the
 * warnings a user relies on. Then the argument contract, the identifiers,
 * and cors_browser_check() keeping its 1.0 (standard) reading. */
#include "common.h"

#include <string.h>

#define O "https://app.example.com"

enum {
  W_VARY = CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN,
  W_AGE = CORS_RESPONSE_WARN_MAX_AGE_CAPPED,
  W_NULL = CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL,
  W_AUTH = CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD,
  W_PNA = CORS_RESPONSE_WARN_PRIVATE_NETWORK
};

typedef struct response_case {
  const char *name;
  const char *method; /* request method; OPTIONS + acrm = preflight */
  const char *origin; /* NULL: no Origin */
  const char *acrm;
  const char *acrh;
  const char *acrpn;
  bool credentials;
  int status;
  const char *headers; /* "Name: value" lines joined by '\n' */
  cors_cause cause;
  cors_cause check_cause; /* 0: same as cause */
  const char *detail;     /* NULL: absent */
  unsigned warnings;
  bool redirect;
  bool malformed;
} response_case;

#define ACAO "Access-Control-Allow-Origin: "
#define ACAC "\nAccess-Control-Allow-Credentials: "
#define ACAM "\nAccess-Control-Allow-Methods: "
#define ACAH "\nAccess-Control-Allow-Headers: "
#define VARY "\nVary: Origin"

/* clang-format off */
static const response_case cases[] = {
    /* ---- the CORS check on actual responses ---- */
    {"echo", "GET", O, NULL, NULL, NULL, false, 200, ACAO O VARY,
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"star", "GET", O, NULL, NULL, NULL, false, 200, ACAO "*",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"value trimmed", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO " \t" O "  " VARY, CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"name in any case", "GET", O, NULL, NULL, NULL, false, 200,
     "access-control-ALLOW-origin: " O VARY, CORS_CAUSE_NONE, 0, NULL, 0,
     false, false},
    {"500 without ACAO", "GET", O, NULL, NULL, NULL, false, 500,
     "Content-Type: application/json", CORS_CAUSE_MISSING_ALLOW_ORIGIN, 0,
     NULL, 0, false, false},
    {"two ACAO lines", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\n" ACAO "*", CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN, 0, "*", 0,
     false, false},
    {"two equal ACAO lines", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\n" ACAO O, CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN, 0, O, 0, false,
     false},
    {"comma list", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O ", https://b.example", CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN, 0,
     O ", https://b.example", 0, false, false},
    {"space list", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O " https://b.example", CORS_CAUSE_MULTIPLE_ALLOW_ORIGIN, 0,
     O " https://b.example", 0, false, false},
    {"another origin", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO "https://b.example", CORS_CAUSE_ORIGIN_MISMATCH, 0,
     "https://b.example", 0, false, false},
    {"other case", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO "HTTPS://APP.EXAMPLE.COM", CORS_CAUSE_ORIGIN_MISMATCH, 0,
     "HTTPS://APP.EXAMPLE.COM", 0, false, false},
    {"trailing slash", "GET", O, NULL, NULL, NULL, false, 200, ACAO O "/",
     CORS_CAUSE_ORIGIN_MISMATCH, 0, O "/", 0, false, false},
    {"empty ACAO", "GET", O, NULL, NULL, NULL, false, 200, ACAO,
     CORS_CAUSE_ORIGIN_MISMATCH, 0, "", 0, false, false},
    {"star with credentials", "GET", O, NULL, NULL, NULL, true, 200,
     ACAO "*" ACAC "true", CORS_CAUSE_WILDCARD_WITH_CREDENTIALS, 0, "*", 0,
     false, false},
    {"credentials without ACAC", "GET", O, NULL, NULL, NULL, true, 200,
     ACAO O VARY, CORS_CAUSE_CREDENTIALS_NOT_TRUE, 0, NULL, 0, false, false},
    {"ACAC True", "GET", O, NULL, NULL, NULL, true, 200,
     ACAO O ACAC "True" VARY, CORS_CAUSE_CREDENTIALS_NOT_TRUE, 0, "True", 0,
     false, false},
    {"ACAC twice", "GET", O, NULL, NULL, NULL, true, 200,
     ACAO O ACAC "true" ACAC "true" VARY, CORS_CAUSE_CREDENTIALS_NOT_TRUE, 0,
     "true", 0, false, false},
    {"credentials allowed", "GET", O, NULL, NULL, NULL, true, 401,
     ACAO O ACAC " true " VARY, CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"ACAC ignored without credentials", "GET", O, NULL, NULL, NULL, false,
     200, ACAO O ACAC "nope" VARY, CORS_CAUSE_NONE, 0, NULL, 0, false,
     false},
    {"no Origin: not CORS", "GET", NULL, NULL, NULL, NULL, true, 500, "",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},

    /* ---- warnings of actual responses ---- */
    {"null echoed", "GET", "null", NULL, NULL, NULL, false, 200,
     ACAO "null" VARY, CORS_CAUSE_NONE, 0, NULL, W_NULL, false, false},
    {"null for a real origin", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO "null", CORS_CAUSE_ORIGIN_MISMATCH, 0, "null", 0, false, false},
    {"no Vary on a GET", "GET", O, NULL, NULL, NULL, false, 200, ACAO O,
     CORS_CAUSE_NONE, 0, NULL, W_VARY, false, false},
    {"no Vary on a HEAD", "HEAD", O, NULL, NULL, NULL, false, 200, ACAO O,
     CORS_CAUSE_NONE, 0, NULL, W_VARY, false, false},
    {"Vary lists Origin among others", "GET", O, NULL, NULL, NULL, false,
     200, ACAO O "\nVary: Accept-Encoding, origin", CORS_CAUSE_NONE, 0, NULL,
     0, false, false},
    {"Vary on a second line", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\nVary: Accept\nVary: Origin", CORS_CAUSE_NONE, 0, NULL, 0,
     false, false},
    {"Vary *", "GET", O, NULL, NULL, NULL, false, 200, ACAO O "\nVary: *",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"no-store needs no Vary", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\nCache-Control: max-age=0, No-Store", CORS_CAUSE_NONE, 0, NULL,
     0, false, false},
    {"private needs no Vary", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\nCache-Control: private=\"x\"", CORS_CAUSE_NONE, 0, NULL, 0,
     false, false},
    {"max-age does not stop caching", "GET", O, NULL, NULL, NULL, false, 200,
     ACAO O "\nCache-Control: max-age=60", CORS_CAUSE_NONE, 0, NULL, W_VARY,
     false, false},
    {"POST is not cached", "POST", O, NULL, NULL, NULL, false, 201, ACAO O,
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"star needs no Vary", "GET", O, NULL, NULL, NULL, false, 200, ACAO "*",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},

    /* ---- redirects ---- */
    {"redirect passes", "GET", O, NULL, NULL, NULL, false, 302,
     "Location: /next\n" ACAO O VARY, CORS_CAUSE_NONE, 0, NULL, 0, true,
     false},
    {"redirect without ACAO", "GET", O, NULL, NULL, NULL, false, 307,
     "Location: https://b.example/x", CORS_CAUSE_REDIRECT_BLOCKED,
     CORS_CAUSE_MISSING_ALLOW_ORIGIN, NULL, 0, true, false},
    {"redirect with another origin", "GET", O, NULL, NULL, NULL, false, 308,
     "Location: /x\n" ACAO "https://b.example", CORS_CAUSE_REDIRECT_BLOCKED,
     CORS_CAUSE_ORIGIN_MISMATCH, "https://b.example", 0, true, false},
    {"302 without Location is a response", "GET", O, NULL, NULL, NULL, false,
     302, "Vary: Origin", CORS_CAUSE_MISSING_ALLOW_ORIGIN, 0, NULL, 0, false,
     false},
    {"an empty Location makes no redirect (Chromium)", "GET", O, NULL, NULL,
     NULL, false, 302, "Location:  \n" ACAO O VARY, CORS_CAUSE_NONE, 0, NULL,
     0, false, false},
    {"the first Location with a value is followed", "GET", O, NULL, NULL,
     NULL, false, 307, "Location:\nLocation: https://b.example/x",
     CORS_CAUSE_REDIRECT_BLOCKED, CORS_CAUSE_MISSING_ALLOW_ORIGIN, NULL, 0,
     true, false},
    {"a preflight with an empty Location is no redirect", "OPTIONS", O, "PUT",
     NULL, NULL, false, 308, "Location: \n" ACAO O ACAM "PUT",
     CORS_CAUSE_PREFLIGHT_STATUS, 0, NULL, 0, false, false},
    {"300 is no redirect", "GET", O, NULL, NULL, NULL, false, 300,
     "Location: /x\n" ACAO O VARY, CORS_CAUSE_NONE, 0, NULL, 0, false,
     false},

    /* ---- the CORS-preflight check ---- */
    {"preflight allowed", "OPTIONS", O, "PUT", "x-a", NULL, false, 204,
     ACAO O ACAM "PUT" ACAH "X-A", CORS_CAUSE_NONE, 0, NULL, 0, false,
     false},
    {"preflight 200 and 299", "OPTIONS", O, "PUT", NULL, NULL, false, 299,
     ACAO O ACAM "PUT", CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"preflight 401 before the CORS check", "OPTIONS", O, "GET",
     "authorization", NULL, true, 401, "WWW-Authenticate: Bearer",
     CORS_CAUSE_PREFLIGHT_STATUS, 0, NULL, 0, false, false},
    {"preflight 404 with CORS headers", "OPTIONS", O, "DELETE", NULL, NULL,
     false, 404, ACAO O ACAM "DELETE", CORS_CAUSE_PREFLIGHT_STATUS, 0, NULL,
     0, false, false},
    {"preflight 300", "OPTIONS", O, "PUT", NULL, NULL, false, 300,
     ACAO O ACAM "PUT", CORS_CAUSE_PREFLIGHT_STATUS, 0, NULL, 0, false,
     false},
    {"preflight redirected", "OPTIONS", O, "PUT", NULL, NULL, false, 308,
     "Location: /api/\n" ACAO O ACAM "PUT", CORS_CAUSE_PREFLIGHT_REDIRECT, 0,
     "/api/", 0, true, false},
    {"preflight 308 without Location", "OPTIONS", O, "PUT", NULL, NULL, false,
     308, ACAO O ACAM "PUT", CORS_CAUSE_PREFLIGHT_STATUS, 0, NULL, 0, false,
     false},
    {"preflight without ACAO", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAM "PUT", CORS_CAUSE_MISSING_ALLOW_ORIGIN, 0, NULL, 0, false, false},
    {"method not listed", "OPTIONS", O, "DELETE", NULL, NULL, false, 204,
     ACAO O ACAM "GET, PUT", CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "DELETE", 0,
     false, false},
    {"put does not cover PUT", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "put", CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "PUT", 0, false,
     false},
    {"PATCH does not cover patch", "OPTIONS", O, "patch", NULL, NULL, false,
     204, ACAO O ACAM "PATCH", CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "patch", 0,
     false, false},
    {"safelisted method needs no ACAM", "OPTIONS", O, "POST", "x-a", NULL,
     false, 204, ACAO O ACAH "x-a", CORS_CAUSE_NONE, 0, NULL, 0, false,
     false},
    {"ACAM * without credentials", "OPTIONS", O, "PURGE", NULL, NULL, false,
     204, ACAO O ACAM "*", CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"ACAM * with credentials", "OPTIONS", O, "DELETE", NULL, NULL, true, 204,
     ACAO O ACAC "true" ACAM "*", CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "DELETE",
     0, false, false},
    {"ACAM does not parse", "OPTIONS", O, "GET", NULL, NULL, false, 204,
     ACAO O ACAM "GET, (x)", CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "(x)", 0,
     false, true},
    {"header not listed", "OPTIONS", O, "GET", "x-a, x-b", NULL, false, 204,
     ACAO O ACAH "x-a", CORS_CAUSE_HEADER_NOT_ALLOWED, 0, "x-b", 0, false,
     false},
    {"headers over two lines, any case", "OPTIONS", O, "GET",
     "content-type,x-request-id", NULL, true, 204,
     ACAO O ACAC "true" ACAH "Content-Type" ACAH "X-REQUEST-ID",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"ACAH * without credentials", "OPTIONS", O, "GET", "x-a,x-b", NULL,
     false, 204, ACAO O ACAH "*", CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"ACAH * covering Authorization", "OPTIONS", O, "GET",
     "authorization,x-a", NULL, false, 204, ACAO O ACAH "*", CORS_CAUSE_NONE,
     0, NULL, W_AUTH, false, false},
    {"Authorization listed beside *", "OPTIONS", O, "GET", "authorization",
     NULL, false, 204, ACAO O ACAH "*, Authorization", CORS_CAUSE_NONE, 0,
     NULL, 0, false, false},
    {"ACAH * with credentials", "OPTIONS", O, "GET", "x-a", NULL, true, 204,
     ACAO O ACAC "true" ACAH "*", CORS_CAUSE_HEADER_NOT_ALLOWED, 0, "x-a", 0,
     false, false},
    {"ACAH does not parse", "OPTIONS", O, "GET", NULL, NULL, false, 204,
     ACAO O ACAH "x a", CORS_CAUSE_HEADER_NOT_ALLOWED, 0, "x a", 0, false,
     true},
    {"private network not granted", "OPTIONS", O, "PUT", NULL, "true", false,
     204, ACAO O ACAM "PUT", CORS_CAUSE_NONE, 0, NULL, W_PNA, false, false},
    {"private network granted", "OPTIONS", O, "PUT", NULL, "true", false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Allow-Private-Network: true",
     CORS_CAUSE_NONE, 0, NULL, 0, false, false},
    {"max age capped", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Max-Age: 86400", CORS_CAUSE_NONE, 0,
     NULL, W_AGE, false, false},
    {"max age 7200", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Max-Age: 7200", CORS_CAUSE_NONE, 0,
     NULL, 0, false, false},
    {"max age 7201", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Max-Age: 7201", CORS_CAUSE_NONE, 0,
     NULL, W_AGE, false, false},
    {"max age of eleven digits", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Max-Age: 00000000001", CORS_CAUSE_NONE,
     0, NULL, W_AGE, false, false},
    {"max age not a number", "OPTIONS", O, "PUT", NULL, NULL, false, 204,
     ACAO O ACAM "PUT\nAccess-Control-Max-Age: 9e9", CORS_CAUSE_NONE, 0,
     NULL, 0, false, false},
    {"a failure clears warnings", "OPTIONS", O, "PUT", "authorization",
     "true", false, 204,
     ACAO O ACAH "*\nAccess-Control-Max-Age: 86400",
     CORS_CAUSE_METHOD_NOT_ALLOWED, 0, "PUT", 0, false, false},
    {"OPTIONS without ACRM is an actual request", "OPTIONS", O, NULL, NULL,
     NULL, false, 200, ACAO O, CORS_CAUSE_NONE, 0, NULL, 0, false, false},
};
/* clang-format on */

/* Cuts "Name: value\n..." into raw headers; the text must outlive them. */
static size_t fill_headers(cors_raw_header *out, size_t cap, const char *text) {
  size_t n = 0;
  const char *p = text;
  while (*p != '\0') {
    const char *eol = strchr(p, '\n');
    if (eol == NULL)
      eol = p + strlen(p);
    if (eol == p) { /* an empty line, from the macros' leading '\n' */
      p++;
      continue;
    }
    const char *colon = memchr(p, ':', (size_t)(eol - p));
    ck_assert_ptr_nonnull(colon);
    ck_assert_uint_lt(n, cap);
    out[n].name = p;
    out[n].name_len = (size_t)(colon - p);
    out[n].value = colon + 1;
    out[n].value_len = (size_t)(eol - colon - 1);
    n++;
    p = *eol == '\n' ? eol + 1 : eol;
  }
  return n;
}

static void build_request(cors_request *req, const response_case *c) {
  request_spec spec = {c->method, cors_slice_cstr(c->origin), c->acrm, c->acrh,
                       c->acrpn};
  request_from_spec(req, &spec);
}

static bool slice_is(cors_slice s, const char *want) {
  if (want == NULL)
    return s.ptr == NULL;
  return s.ptr != NULL && s.len == strlen(want) &&
         memcmp(s.ptr, want, s.len) == 0;
}

START_TEST(test_case) {
  const response_case *c = &cases[_i];
  cors_request req;
  build_request(&req, c);
  cors_raw_header headers[16];
  size_t n = fill_headers(headers, COUNT_OF(headers), c->headers);
  cors_browser_verdict v;
  memset(&v, 0xa5, sizeof v);
  cors_cause got = cors_browser_check_response(&req, c->credentials, c->status,
                                               headers, n, &v);
  cors_cause check = c->check_cause != 0 ? c->check_cause : c->cause;
  ck_assert_msg(got == c->cause && v.cause == c->cause,
                "%s: cause %s, expected %s", c->name, cors_cause_string(got),
                cors_cause_string(c->cause));
  ck_assert_msg(v.check_cause == check, "%s: check cause %s", c->name,
                cors_cause_string(v.check_cause));
  ck_assert_msg(v.allowed == (c->cause == CORS_CAUSE_NONE), "%s: allowed",
                c->name);
  ck_assert_msg(slice_is(v.detail, c->detail), "%s: detail '%s'", c->name,
                v.detail.ptr ? printable(v.detail.ptr, v.detail.len)
                             : "(absent)");
  ck_assert_msg(v.warnings == c->warnings, "%s: warnings %#x, expected %#x",
                c->name, v.warnings, c->warnings);
  ck_assert_msg(v.redirect == c->redirect, "%s: redirect", c->name);
  ck_assert_msg(v.malformed_list == c->malformed, "%s: malformed", c->name);
  bool preflight = c->acrm != NULL && strcmp(c->method, "OPTIONS") == 0;
  ck_assert_msg(v.preflight == (preflight && c->origin != NULL),
                "%s: preflight", c->name);
  /* The detail points into the request or the response given. */
  if (v.detail.ptr != NULL && v.detail.len > 0) {
    bool in_headers =
        v.detail.ptr >= c->headers &&
        v.detail.ptr + v.detail.len <= c->headers + strlen(c->headers);
    bool in_request =
        (c->acrm && v.detail.ptr == req.request_method.ptr) ||
        (c->acrh && v.detail.ptr >= c->acrh &&
         v.detail.ptr + v.detail.len <= c->acrh + strlen(c->acrh));
    ck_assert_msg(in_headers || in_request, "%s: detail points elsewhere",
                  c->name);
  }
}
END_TEST

/* The same response, once allowed: the verdict does not depend on the
 * order of unrelated headers. */
START_TEST(test_header_order_irrelevant) {
  cors_request req;
  request_spec spec = {"OPTIONS", SL(O), "PUT", "x-a", NULL};
  request_from_spec(&req, &spec);
  cors_raw_header h[] = {
      {"X-Other", 7, "1", 1},
      {"Access-Control-Allow-Headers", 28, "x-a", 3},
      {"Access-Control-Allow-Methods", 28, "PUT", 3},
      {"Access-Control-Allow-Origin", 27, O, sizeof O - 1},
  };
  ck_assert_int_eq(cors_browser_check_response(&req, false, 204, h, 4, NULL),
                   CORS_CAUSE_NONE);
  ck_assert_int_eq(
      cors_browser_check_response(&req, false, 204, h + 1, 3, NULL),
      CORS_CAUSE_NONE);
  ck_assert_int_eq(
      cors_browser_check_response(&req, false, 204, h + 2, 2, NULL),
      CORS_CAUSE_HEADER_NOT_ALLOWED);
}
END_TEST

/* The Location a browser follows is the first one with a value. */
START_TEST(test_location_first_with_value) {
  cors_request req;
  request_spec spec = {"GET", SL(O), NULL, NULL, NULL};
  request_from_spec(&req, &spec);
  cors_raw_header h[] = {
      {"Location", 8, " \t", 2},
      {"Access-Control-Allow-Origin", 27, "*", 1},
      {"location", 8, " /next ", 7},
      {"Location", 8, "/later", 6},
  };
  cors_browser_verdict v;
  ck_assert_int_eq(cors_browser_check_response(&req, false, 302, h, 4, &v),
                   CORS_CAUSE_NONE);
  ck_assert(v.redirect);
  ck_assert(slice_is(v.location, "/next"));
  /* Only empty lines: an ordinary 302 response, no Location. */
  ck_assert_int_eq(cors_browser_check_response(&req, false, 302, h, 2, &v),
                   CORS_CAUSE_NONE);
  ck_assert(!v.redirect);
  ck_assert_ptr_null(v.location.ptr);
}
END_TEST

START_TEST(test_arguments) {
  cors_browser_verdict v;
  cors_raw_header h = {"Access-Control-Allow-Origin", 27, "*", 1};
  ck_assert_int_eq(cors_browser_check_response(NULL, false, 200, &h, 1, &v),
                   CORS_CAUSE_NETWORK_ERROR);
  ck_assert(!v.allowed);
  cors_request req;
  request_spec spec = {"GET", SL(O), NULL, NULL, NULL};
  request_from_spec(&req, &spec);
  ck_assert_int_eq(cors_browser_check_response(&req, false, 200, NULL, 1, &v),
                   CORS_CAUSE_NETWORK_ERROR);
  ck_assert_int_eq(cors_browser_check_response(&req, false, 200, NULL, 0, &v),
                   CORS_CAUSE_MISSING_ALLOW_ORIGIN);
  ck_assert_int_eq(cors_browser_check_response(&req, false, 200, &h, 1, NULL),
                   CORS_CAUSE_NONE);
  /* A header whose value pointer is NULL counts as empty. */
  cors_raw_header empty = {"Access-Control-Allow-Origin", 27, NULL, 0};
  ck_assert_int_eq(cors_browser_check_response(&req, false, 200, &empty, 1, &v),
                   CORS_CAUSE_ORIGIN_MISMATCH);
}
END_TEST

START_TEST(test_identifiers) {
  static const char *const causes[] = {"none",
                                       "preflight-status",
                                       "preflight-redirect",
                                       "missing-allow-origin",
                                       "multiple-allow-origin",
                                       "origin-mismatch",
                                       "wildcard-with-credentials",
                                       "credentials-not-true",
                                       "method-not-allowed",
                                       "header-not-allowed",
                                       "redirect-blocked",
                                       "network-error"};
  for (size_t i = 0; i < COUNT_OF(causes); i++)
    ck_assert_str_eq(cors_cause_string((cors_cause)i), causes[i]);
  ck_assert_str_eq(cors_cause_string((cors_cause)12), "unknown");
  ck_assert_str_eq(cors_cause_string((cors_cause)-1), "unknown");
  ck_assert_str_eq(
      cors_response_warning_string(CORS_RESPONSE_WARN_MISSING_VARY_ORIGIN),
      "missing-vary-origin");
  ck_assert_str_eq(
      cors_response_warning_string(CORS_RESPONSE_WARN_MAX_AGE_CAPPED),
      "max-age-capped");
  ck_assert_str_eq(
      cors_response_warning_string(CORS_RESPONSE_WARN_ALLOW_ORIGIN_NULL),
      "allow-origin-null");
  ck_assert_str_eq(
      cors_response_warning_string(CORS_RESPONSE_WARN_AUTHORIZATION_WILDCARD),
      "authorization-wildcard");
  ck_assert_str_eq(
      cors_response_warning_string(CORS_RESPONSE_WARN_PRIVATE_NETWORK),
      "private-network");
  ck_assert_str_eq(
      cors_response_warning_string((cors_response_warning)(W_VARY | W_AGE)),
      "unknown");
  ck_assert_str_eq(cors_response_warning_string((cors_response_warning)0),
                   "unknown");
}
END_TEST

/* cors_browser_check() reads the standard where browsers are lenient: the
 * two warnings that are verdicts there. */
START_TEST(test_oracle_stays_strict) {
  static const struct {
    const char *acrh;
    const char *acrpn;
    const char *acah;
  } strict[] = {{"authorization", NULL, "*"}, {NULL, "true", "x-a"}};
  for (size_t i = 0; i < COUNT_OF(strict); i++) {
    cors_request req;
    request_spec spec = {"OPTIONS", SL(O), "GET", strict[i].acrh,
                         strict[i].acrpn};
    request_from_spec(&req, &spec);
    cors_result res;
    memset(&res, 0, sizeof res);
    res.kind = CORS_KIND_PREFLIGHT;
    res.action = CORS_ACTION_RESPOND;
    res.status = 204;
    res.headers[0] =
        (cors_header){"Access-Control-Allow-Origin", 27, O, sizeof O - 1};
    res.headers[1] = (cors_header){"Access-Control-Allow-Headers", 28,
                                   strict[i].acah, strlen(strict[i].acah)};
    res.header_count = 2;
    cors_raw_header raw[2];
    for (size_t k = 0; k < 2; k++)
      raw[k] =
          (cors_raw_header){res.headers[k].name, res.headers[k].name_len,
                            res.headers[k].value, res.headers[k].value_len};
    cors_browser_verdict v;
    ck_assert_int_eq(cors_browser_check_response(&req, false, 204, raw, 2, &v),
                     CORS_CAUSE_NONE);
    ck_assert_uint_ne(v.warnings, 0);
    const char *why = NULL;
    ck_assert(!cors_browser_check(&req, &res, false, &why));
    ck_assert_ptr_nonnull(why);
  }
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("browser_response");
  TCase *tc = tcase_create("browser_response");
  tcase_add_loop_test(tc, test_case, 0, (int)COUNT_OF(cases));
  tcase_add_test(tc, test_header_order_irrelevant);
  tcase_add_test(tc, test_location_first_with_value);
  tcase_add_test(tc, test_arguments);
  tcase_add_test(tc, test_identifiers);
  tcase_add_test(tc, test_oracle_stays_strict);
  suite_add_tcase(s, tc);
  return s;
}
