/* docs/semantics.md#compile-time-errors and #warnings: each malformed
 * configuration entry is refused with its
 * code, field, index and a message naming the entry; CSV setters are
 * all-or-nothing; compile warnings reach the warning handler. */
#include "common.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

typedef enum setter {
  S_ORIGIN,
  S_ORIGINS_CSV,
  S_METHOD,
  S_METHODS_CSV,
  S_HEADER,
  S_HEADERS_CSV,
  S_EXPOSED,
  S_EXPOSED_CSV,
  S_REGEX,
  S_MAX_AGE,
  S_STATUS,
  S_FAILURE_STATUS
} setter;

#define NO_INDEX LONG_MIN /* index not checked */

typedef struct error_case {
  const char *name;
  setter what;
  cors_slice input; /* text setters */
  long number;      /* number setters */
  cors_status code;
  cors_status alt_code; /* also acceptable (0: none) */
  const char *field;    /* expected field, NULL: only non-empty */
  long index;           /* expected index, or NO_INDEX */
  const char *named;    /* must appear in the message, or NULL */
  const char *hint;     /* a word the message should use (any case), or NULL */
} error_case;

/* 2,100 bytes: longer than CORS_MAX_ENTRY_LEN */
#define H100 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define LONG_HOST H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100 H100
#define TXT(w, s) w, SL(s), 0
#define NUM(w, n) w, {NULL, 0}, n

static const error_case error_cases[] = {
    /* origins, one entry */
    {"origin_path", TXT(S_ORIGIN, "https://a.com/app"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com/app", "path"},
    {"origin_trailing_slash", TXT(S_ORIGIN, "https://a.com/"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com/", "slash"},
    {"origin_query", TXT(S_ORIGIN, "https://a.com?x=1"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com?x=1", "query"},
    {"origin_fragment", TXT(S_ORIGIN, "https://a.com#top"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com#top", NULL},
    {"origin_userinfo", TXT(S_ORIGIN, "https://user:pw@a.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "a.com", NULL},
    {"origin_port_too_big", TXT(S_ORIGIN, "https://a.com:70000"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com:70000", "port"},
    {"origin_port_zero", TXT(S_ORIGIN, "https://a.com:0"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com:0", "port"},
    {"origin_port_letters", TXT(S_ORIGIN, "https://a.com:abc"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com:abc", "port"},
    {"origin_port_empty", TXT(S_ORIGIN, "https://a.com:"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com:", "port"},
    {"origin_missing_scheme", TXT(S_ORIGIN, "a.example.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "a.example.com", "scheme"},
    {"origin_missing_scheme_with_port", TXT(S_ORIGIN, "example.com:3000"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "example.com:3000", NULL},
    {"origin_one_slash", TXT(S_ORIGIN, "https:/a.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https:/a.com", NULL},
    {"origin_space_inside", TXT(S_ORIGIN, "https://a .com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a .com", NULL},
    {"origin_crlf", TXT(S_ORIGIN, "https://a.com\r\n"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com", NULL},
    {"origin_nul", TXT(S_ORIGIN, "https://a.com\0.evil"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.com", NULL},
    {"origin_high_byte", TXT(S_ORIGIN, "https://b\xc3\xbc" "cher.example"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, NULL, NULL},
    {"origin_empty_host", TXT(S_ORIGIN, "https://"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, NULL, NULL},
    {"origin_wildcard_middle", TXT(S_ORIGIN, "https://a.*.example.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://a.*.example.com", NULL},
    {"origin_wildcard_glued", TXT(S_ORIGIN, "https://*example.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", NO_INDEX, "https://*example.com", NULL},
    {"origin_empty", TXT(S_ORIGIN, ""), CORS_ERR_INVALID_ORIGIN, CORS_ERR_EMPTY_VALUE, "origins", NO_INDEX, NULL, NULL},
    /* origins, CSV: the entry's index counts empty entries */
    {"origins_csv_second", TXT(S_ORIGINS_CSV, "https://a.com, https://b.com/, https://c.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", 1, "https://b.com/", "slash"},
    {"origins_csv_after_empties", TXT(S_ORIGINS_CSV, "https://a.com,, ,https://b.com/path"), CORS_ERR_INVALID_ORIGIN, 0, "origins", 3, "https://b.com/path", "path"},
    {"origins_csv_first", TXT(S_ORIGINS_CSV, "b.com, https://a.com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", 0, "b.com", NULL},
    {"origins_csv_inner_space", TXT(S_ORIGINS_CSV, "https://a.com, https://b .com"), CORS_ERR_INVALID_ORIGIN, 0, "origins", 1, "https://b .com", NULL},
    {"origins_csv_quoted", TXT(S_ORIGINS_CSV, "\"https://a.com\""), CORS_ERR_INVALID_ORIGIN, 0, "origins", 0, NULL, NULL},
    {"origins_csv_too_long_entry", TXT(S_ORIGINS_CSV, "https://a.com, https://" LONG_HOST ".com"), CORS_ERR_INVALID_ORIGIN, CORS_ERR_TOO_MANY_ENTRIES, "origins", 1, NULL, NULL},
    /* methods */
    {"method_space", TXT(S_METHOD, "GE T"), CORS_ERR_INVALID_METHOD, 0, "methods", NO_INDEX, "GE T", NULL},
    {"method_empty", TXT(S_METHOD, ""), CORS_ERR_INVALID_METHOD, CORS_ERR_EMPTY_VALUE, "methods", NO_INDEX, NULL, NULL},
    {"method_forbidden", TXT(S_METHOD, "TRACE"), CORS_ERR_FORBIDDEN_METHOD, 0, "methods", NO_INDEX, "TRACE", NULL},
    {"methods_csv_second", TXT(S_METHODS_CSV, "GET, PO ST, PUT"), CORS_ERR_INVALID_METHOD, 0, "methods", 1, "PO ST", NULL},
    {"methods_csv_forbidden", TXT(S_METHODS_CSV, "GET,,CONNECT"), CORS_ERR_FORBIDDEN_METHOD, 0, "methods", 2, "CONNECT", NULL},
    /* allowed headers */
    {"header_space", TXT(S_HEADER, "X Custom"), CORS_ERR_INVALID_HEADER, 0, "allowed_headers", NO_INDEX, "X Custom", NULL},
    {"header_colon", TXT(S_HEADER, "X-Custom:"), CORS_ERR_INVALID_HEADER, 0, "allowed_headers", NO_INDEX, "X-Custom:", NULL},
    {"header_control", TXT(S_HEADER, "X-\x01"), CORS_ERR_INVALID_HEADER, 0, "allowed_headers", NO_INDEX, NULL, NULL},
    {"header_empty", TXT(S_HEADER, ""), CORS_ERR_INVALID_HEADER, CORS_ERR_EMPTY_VALUE, "allowed_headers", NO_INDEX, NULL, NULL},
    {"headers_csv_second", TXT(S_HEADERS_CSV, "X-A, X B"), CORS_ERR_INVALID_HEADER, 0, "allowed_headers", 1, "X B", NULL},
    {"headers_csv_third", TXT(S_HEADERS_CSV, "X-A,,(X)"), CORS_ERR_INVALID_HEADER, 0, "allowed_headers", 2, "(X)", NULL},
    /* exposed headers */
    {"exposed_space", TXT(S_EXPOSED, "Bad Header"), CORS_ERR_INVALID_HEADER, 0, "exposed_headers", NO_INDEX, "Bad Header", NULL},
    {"exposed_csv_second", TXT(S_EXPOSED_CSV, "ETag, Bad Header"), CORS_ERR_INVALID_HEADER, 0, "exposed_headers", 1, "Bad Header", NULL},
    /* regex */
    {"regex_broken", TXT(S_REGEX, "https://(a"), CORS_ERR_INVALID_REGEX, 0, NULL, NO_INDEX, NULL, NULL},
    /* max age */
    {"max_age_minus_one", NUM(S_MAX_AGE, -1), CORS_ERR_INVALID_MAX_AGE, 0, NULL, NO_INDEX, NULL, NULL},
    {"max_age_very_negative", NUM(S_MAX_AGE, LONG_MIN), CORS_ERR_INVALID_MAX_AGE, 0, NULL, NO_INDEX, NULL, NULL},
    /* statuses */
    {"status_199", NUM(S_STATUS, 199), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"status_300", NUM(S_STATUS, 300), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"status_404", NUM(S_STATUS, 404), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"status_zero", NUM(S_STATUS, 0), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"status_negative", NUM(S_STATUS, -204), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"failure_199", NUM(S_FAILURE_STATUS, 199), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"failure_600", NUM(S_FAILURE_STATUS, 600), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
    {"failure_100", NUM(S_FAILURE_STATUS, 100), CORS_ERR_INVALID_STATUS, 0, NULL, NO_INDEX, NULL, NULL},
};

static cors_status apply_setter(cors_config *cfg, setter what, cors_slice in,
                                long number, cors_error *err) {
  switch (what) {
  case S_ORIGIN: return cors_config_add_origin(cfg, in.ptr, in.len, err);
  case S_ORIGINS_CSV: return cors_config_add_origins_csv(cfg, in.ptr, in.len, err);
  case S_METHOD: return cors_config_add_method(cfg, in.ptr, in.len, err);
  case S_METHODS_CSV: return cors_config_set_methods_csv(cfg, in.ptr, in.len, err);
  case S_HEADER: return cors_config_add_allowed_header(cfg, in.ptr, in.len, err);
  case S_HEADERS_CSV: return cors_config_set_allowed_headers_csv(cfg, in.ptr, in.len, err);
  case S_EXPOSED: return cors_config_add_exposed_header(cfg, in.ptr, in.len, err);
  case S_EXPOSED_CSV: return cors_config_set_exposed_headers_csv(cfg, in.ptr, in.len, err);
  case S_REGEX: return cors_config_set_origin_regex(cfg, in.ptr, in.len, err);
  case S_MAX_AGE: return cors_config_set_max_age(cfg, number, err);
  case S_STATUS: return cors_config_set_preflight_status(cfg, (int)number, err);
  case S_FAILURE_STATUS: return cors_config_set_preflight_failure_status(cfg, (int)number, err);
  }
  return CORS_ERR_INVALID_ARGUMENT;
}

static bool contains_nocase(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++) {
    size_t i = 0;
    while (i < n && p[i] &&
           (p[i] | 0x20) == (needle[i] | 0x20))
      i++;
    if (i == n)
      return true;
  }
  return false;
}

START_TEST(config_errors) {
  const error_case *c = &error_cases[_i];
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  memset(&err, 0x5A, sizeof err);
  cors_status st = apply_setter(cfg, c->what, c->input, c->number, &err);
  ck_assert_msg(st == c->code || (c->alt_code && st == c->alt_code),
                "%s: status %d (%s), want %d", c->name, (int)st,
                cors_strerror(st), (int)c->code);
  ck_assert_msg(err.code == st, "%s: err.code %d", c->name, (int)err.code);
  ck_assert_msg(memchr(err.message, '\0', sizeof err.message) != NULL &&
                    err.message[0] != '\0',
                "%s: message not a non-empty string", c->name);
  ck_assert_msg(memchr(err.field, '\0', sizeof err.field) != NULL &&
                    err.field[0] != '\0',
                "%s: field not a non-empty string", c->name);
  for (const char *p = err.message; *p; p++)
    ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f,
                  "%s: control byte in message '%s'", c->name,
                  printable(err.message, strlen(err.message)));
  if (c->field)
    ck_assert_msg(strcmp(err.field, c->field) == 0, "%s: field '%s', want '%s'",
                  c->name, err.field, c->field);
  if (c->index != NO_INDEX)
    ck_assert_msg(err.index == c->index, "%s: index %ld, want %ld", c->name,
                  err.index, c->index);
  if (c->named)
    ck_assert_msg(strstr(err.message, c->named) != NULL,
                  "%s: message '%s' does not name the entry '%s'", c->name,
                  err.message, c->named);
  if (c->hint)
    ck_assert_msg(contains_nocase(err.message, c->hint),
                  "%s: message '%s' does not say '%s'", c->name, err.message,
                  c->hint);
  /* err may be NULL: same verdict, no crash */
  cors_config *other = cors_config_new(NULL);
  cors_status st2 = apply_setter(other, c->what, c->input, c->number, NULL);
  ck_assert_msg(st2 == st, "%s: status %d with a NULL err", c->name, (int)st2);
  cors_config_free(other);
  /* the config is still usable */
  cors_policy *pol = NULL;
  ck_assert_msg(cors_policy_compile(cfg, &pol, &err) == CORS_OK,
                "%s: config unusable after a refused entry: %s", c->name,
                err.message);
  cors_policy_free(pol);
  cors_config_free(cfg);
}
END_TEST

/* Values on the edge of their range are accepted. */
START_TEST(config_boundaries_accepted) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  ck_assert_int_eq(cors_config_set_preflight_status(cfg, 200, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_preflight_status(cfg, 299, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_preflight_failure_status(cfg, 200, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_preflight_failure_status(cfg, 599, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_max_age(cfg, 0, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_max_age(cfg, 86400, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_methods_csv(cfg, "", 0, &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_allowed_headers_csv(cfg, " , ", 3, &err), CORS_OK);
  cors_config_free(cfg);
}
END_TEST

/* ---- all-or-nothing CSV ------------------------------------------------------ */

static bool origin_allowed(const cors_policy *pol, const char *origin) {
  request_spec rq = {.origin = cors_slice_cstr(origin)};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  return res.allowed;
}

static bool preflight_allowed(const cors_policy *pol, const char *method,
                              const char *headers) {
  request_spec rq = {.method = "OPTIONS", .origin = SL("https://ok.example"),
                     .acrm = method, .acrh = headers};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  return res.allowed;
}

START_TEST(csv_all_or_nothing) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  const char *origins = "https://ok.example";
  ck_assert_int_eq(cors_config_add_origins_csv(cfg, origins, strlen(origins), &err), CORS_OK);
  const char *bad_origins = "https://a.example, https://b.example/, https://c.example";
  ck_assert_int_eq(cors_config_add_origins_csv(cfg, bad_origins, strlen(bad_origins), &err),
                   CORS_ERR_INVALID_ORIGIN);
  ck_assert_int_eq(cors_config_set_methods_csv(cfg, "PUT", 3, &err), CORS_OK);
  const char *bad_methods = "DELETE, BAD METHOD";
  ck_assert_int_eq(cors_config_set_methods_csv(cfg, bad_methods, strlen(bad_methods), &err),
                   CORS_ERR_INVALID_METHOD);
  ck_assert_int_eq(cors_config_set_allowed_headers_csv(cfg, "X-Kept", 6, &err), CORS_OK);
  const char *bad_headers = "X-New, Bad Header";
  ck_assert_int_eq(cors_config_set_allowed_headers_csv(cfg, bad_headers, strlen(bad_headers), &err),
                   CORS_ERR_INVALID_HEADER);
  ck_assert_int_eq(cors_config_set_exposed_headers_csv(cfg, "ETag", 4, &err), CORS_OK);
  const char *bad_exposed = "X-Other, Bad Header";
  ck_assert_int_eq(cors_config_set_exposed_headers_csv(cfg, bad_exposed, strlen(bad_exposed), &err),
                   CORS_ERR_INVALID_HEADER);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  cors_config_free(cfg);

  ck_assert_msg(origin_allowed(pol, "https://ok.example"), "earlier origin lost");
  ck_assert_msg(!origin_allowed(pol, "https://a.example"),
                "entry before the bad one was added");
  ck_assert_msg(!origin_allowed(pol, "https://c.example"),
                "entry after the bad one was added");
  ck_assert_msg(preflight_allowed(pol, "PUT", NULL), "earlier method list lost");
  ck_assert_msg(!preflight_allowed(pol, "DELETE", NULL),
                "refused method list partly applied");
  ck_assert_msg(preflight_allowed(pol, "PUT", "x-kept"), "earlier header list lost");
  ck_assert_msg(!preflight_allowed(pol, "PUT", "x-new"),
                "refused header list partly applied");
  request_spec rq = {.origin = SL("https://ok.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(header_equals(&res, "Access-Control-Expose-Headers", "ETag"),
                "refused exposed list partly applied");
  cors_policy_free(pol);
}
END_TEST

/* Lists are bounded (CORS_MAX_LIST_ENTRIES). */
START_TEST(list_entry_limit) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  char name[32];
  for (int i = 0; i < CORS_MAX_LIST_ENTRIES; i++) {
    int n = snprintf(name, sizeof name, "X-H%d", i);
    ck_assert_msg(cors_config_add_allowed_header(cfg, name, (size_t)n, &err) == CORS_OK,
                  "header %d refused: %s", i, err.message);
  }
  int n = snprintf(name, sizeof name, "X-H%d", CORS_MAX_LIST_ENTRIES);
  ck_assert_int_eq(cors_config_add_allowed_header(cfg, name, (size_t)n, &err),
                   CORS_ERR_TOO_MANY_ENTRIES);
  ck_assert_msg(err.message[0] != '\0', "no message");
  cors_config_free(cfg);

  /* the CSV form: one entry too many refuses the whole list */
  static char csv[CORS_MAX_LIST_ENTRIES * 8 + 16];
  size_t used = 0;
  for (int i = 0; i <= CORS_MAX_LIST_ENTRIES; i++)
    used += (size_t)snprintf(csv + used, sizeof csv - used, "%sM%d", i ? "," : "", i);
  cfg = cors_config_new(NULL);
  ck_assert_int_eq(cors_config_add_origin_cstr(cfg, "https://ok.example", &err), CORS_OK);
  ck_assert_int_eq(cors_config_set_methods_csv(cfg, csv, used, &err),
                   CORS_ERR_TOO_MANY_ENTRIES);
  cors_policy *pol = NULL;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  ck_assert_msg(preflight_allowed(pol, "GET", NULL), "default methods lost");
  ck_assert_msg(!preflight_allowed(pol, "M1", NULL), "refused CSV partly applied");
  cors_policy_free(pol);
  cors_config_free(cfg);
}
END_TEST

/* ---- cross-setting errors at compile time ----------------------------------- */

START_TEST(expose_wildcard_with_credentials) {
  policy_spec spec = {.origins = "https://a.example", .credentials = true,
                      .exposed_headers = "*"};
  cors_config *cfg = config_from_spec(&spec);
  cors_policy *pol = NULL;
  cors_error err;
  memset(&err, 0, sizeof err);
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err),
                   CORS_ERR_EXPOSE_WILDCARD_WITH_CREDENTIALS);
  ck_assert_msg(pol == NULL, "policy on failure");
  ck_assert_msg(contains_nocase(err.message, "credentials"),
                "message must say why: '%s'", err.message);
  cors_config_free(cfg);

  spec.credentials = false;
  pol = policy_from_spec(&spec);
  request_spec rq = {.origin = SL("https://a.example")};
  cors_result res;
  evaluate_spec(pol, &rq, &res);
  ck_assert_msg(header_equals(&res, "Access-Control-Expose-Headers", "*"),
                "ACEH * without credentials");
  cors_policy_free(pol);
}
END_TEST

/* ---- warnings ------------------------------------------------------------------ */

typedef struct warning_case {
  const char *name;
  policy_spec spec;
  cors_warning_code code;
  bool expected;
  long index; /* NO_INDEX: not checked */
  const char *field;
} warning_case;

static const warning_case warning_cases[] = {
    {"insecure_origin", {.origins = "https://a.example, http://b.example", .credentials = true},
     CORS_WARN_INSECURE_ORIGIN, true, 1, "origins"},
    {"insecure_pattern", {.origins = "http://*.example.com", .credentials = true},
     CORS_WARN_INSECURE_ORIGIN, true, 0, "origins"},
    {"loopback_not_insecure", {.origins = "http://localhost:3000, http://127.0.0.1:5173, http://[::1]:8080", .credentials = true},
     CORS_WARN_INSECURE_ORIGIN, false, NO_INDEX, NULL},
    {"insecure_localhost_lookalike", {.origins = "http://localhost.evil.example", .credentials = true},
     CORS_WARN_INSECURE_ORIGIN, true, 0, "origins"},
    {"insecure_loopback_ip_lookalike", {.origins = "http://127.0.0.1.evil.example", .credentials = true},
     CORS_WARN_INSECURE_ORIGIN, true, 0, "origins"},
    {"http_without_credentials", {.origins = "http://b.example"},
     CORS_WARN_INSECURE_ORIGIN, false, NO_INDEX, NULL},
    {"null_configured", {.origins = "https://a.example, null", .credentials = true},
     CORS_WARN_NULL_ORIGIN, true, 1, "origins"},
    {"duplicate_origin", {.origins = "https://a.example, HTTPS://A.EXAMPLE:443"},
     CORS_WARN_DUPLICATE, true, 1, "origins"},
    {"duplicate_method", {.origins = "https://a.example", .methods = "GET, POST, GET"},
     CORS_WARN_DUPLICATE, true, 2, "methods"},
    {"duplicate_header_any_case", {.origins = "https://a.example", .allowed_headers = "X-A, x-a"},
     CORS_WARN_DUPLICATE, true, 1, NULL},
    {"duplicate_pattern", {.origins = "https://*.a.example, https://*.A.example"},
     CORS_WARN_DUPLICATE, true, 1, "origins"},
    {"duplicate_null", {.origins = "null, https://a.example, null"},
     CORS_WARN_DUPLICATE, true, 2, "origins"},
    {"duplicate_star", {.origins = "*, *"},
     CORS_WARN_DUPLICATE, true, 1, "origins"},
    {"duplicate_exposed_any_case", {.origins = "https://a.example", .exposed_headers = "ETag, X-A, etag"},
     CORS_WARN_DUPLICATE, true, 2, "exposed_headers"},
    {"no_duplicate", {.origins = "https://a.example, https://b.example"},
     CORS_WARN_DUPLICATE, false, NO_INDEX, NULL},
    {"regex_unescaped_dot", {.regex = "^https://app.example\\.com$"},
     CORS_WARN_REGEX_UNESCAPED_DOT, true, NO_INDEX, NULL},
    {"regex_escaped_dot", {.regex = "^https://app\\.example\\.com$"},
     CORS_WARN_REGEX_UNESCAPED_DOT, false, NO_INDEX, NULL},
    /* Retired in 1.1: the regex is always fully matched. */
    {"regex_unanchored_not_reported", {.regex = "https://app\\.example\\.com"},
     CORS_WARN_REGEX_UNANCHORED, false, NO_INDEX, NULL},
    {"regex_anchored", {.regex = "^https://app\\.example\\.com$"},
     CORS_WARN_REGEX_UNANCHORED, false, NO_INDEX, NULL},
    {"max_age_capped", {.origins = "https://a.example", .has_max_age = true, .max_age = 7201},
     CORS_WARN_MAX_AGE_CAPPED, true, NO_INDEX, NULL},
    {"max_age_at_cap", {.origins = "https://a.example", .has_max_age = true, .max_age = 7200},
     CORS_WARN_MAX_AGE_CAPPED, false, NO_INDEX, NULL},
    {"safelisted_exposed", {.origins = "https://a.example", .exposed_headers = "ETag, Content-Type"},
     CORS_WARN_SAFELISTED_EXPOSED, true, 1, NULL},
    {"safelisted_exposed_lowercase", {.origins = "https://a.example", .exposed_headers = "cache-control"},
     CORS_WARN_SAFELISTED_EXPOSED, true, 0, NULL},
    {"not_safelisted", {.origins = "https://a.example", .exposed_headers = "ETag, X-Request-ID"},
     CORS_WARN_SAFELISTED_EXPOSED, false, NO_INDEX, NULL},
    {"star_without_authorization", {.origins = "https://a.example", .allowed_headers = "*"},
     CORS_WARN_WILDCARD_WITHOUT_AUTHORIZATION, true, NO_INDEX, NULL},
    {"star_with_authorization", {.origins = "https://a.example", .allowed_headers = "*, Authorization"},
     CORS_WARN_WILDCARD_WITHOUT_AUTHORIZATION, false, NO_INDEX, NULL},
    {"dangerous_wildcard", {.origins = "*", .credentials = true, .dangerous_wildcard = true},
     CORS_WARN_DANGEROUS_WILDCARD, true, NO_INDEX, NULL},
};

static void collect_warnings(const policy_spec *spec, warning_log *log) {
  cors_policy_free(policy_from_spec_logged(spec, log));
}

START_TEST(compile_warnings) {
  const warning_case *c = &warning_cases[_i];
  warning_log log;
  collect_warnings(&c->spec, &log);
  long at = warning_log_find(&log, c->code);
  if (!c->expected) {
    ck_assert_msg(at < 0, "%s: unexpected warning %s: %s", c->name,
                  cors_warning_code_string(c->code), log.message[at < 0 ? 0 : at]);
    return;
  }
  ck_assert_msg(at >= 0, "%s: warning %s not reported (%zu others)", c->name,
                cors_warning_code_string(c->code), log.count);
  ck_assert_msg(log.field[at][0] != '\0', "%s: warning without field", c->name);
  if (c->field)
    ck_assert_msg(strcmp(log.field[at], c->field) == 0, "%s: field '%s'",
                  c->name, log.field[at]);
  if (c->index != NO_INDEX)
    ck_assert_msg(log.index[at] == c->index, "%s: index %ld, want %ld",
                  c->name, log.index[at], c->index);
}
END_TEST

/* The seed backend's configuration is clean. */
START_TEST(seed_has_no_warnings) {
  policy_spec spec = seed_spec();
  warning_log log;
  collect_warnings(&spec, &log);
  ck_assert_msg(log.count == 0, "seed config warns: %s (%s)",
                log.count ? log.message[0] : "",
                log.count ? cors_warning_code_string(log.code[0]) : "");
}
END_TEST

/* A handler can be removed. */
START_TEST(warning_handler_removed) {
  policy_spec spec = {.origins = "null"};
  warning_log log;
  memset(&log, 0, sizeof log);
  cors_config *cfg = cors_config_new(NULL);
  cors_config_set_warning_handler(cfg, warning_log_handler, &log);
  cors_config_set_warning_handler(cfg, NULL, NULL);
  config_apply_spec(cfg, &spec);
  cors_policy *pol = NULL;
  cors_error err;
  ck_assert_int_eq(cors_policy_compile(cfg, &pol, &err), CORS_OK);
  ck_assert_msg(log.count == 0, "removed handler still called");
  cors_policy_free(pol);
  cors_config_free(cfg);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("config");
  TCase *tc = tcase_create("errors");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, config_errors, 0, (int)COUNT_OF(error_cases));
  tcase_add_test(tc, config_boundaries_accepted);
  tcase_add_test(tc, csv_all_or_nothing);
  tcase_add_test(tc, list_entry_limit);
  tcase_add_test(tc, expose_wildcard_with_credentials);
  suite_add_tcase(s, tc);

  tc = tcase_create("warnings");
  tcase_set_timeout(tc, UNIT_TIMEOUT);
  tcase_add_loop_test(tc, compile_warnings, 0, (int)COUNT_OF(warning_cases));
  tcase_add_test(tc, seed_has_no_warnings);
  tcase_add_test(tc, warning_handler_removed);
  suite_add_tcase(s, tc);
  return s;
}
