/* include/cors/cors.h: version macros and cors_version() agree; every
 * enum has a
 * static, non-NULL string, unknown values included. */
#include "common.h"

#include <stdio.h>
#include <string.h>

START_TEST(version_matches_macros) {
  const char *str = NULL;
  uint32_t num = cors_version(&str);
  ck_assert_uint_eq(num, CORS_VERSION_NUM);
  ck_assert_ptr_nonnull(str);
  ck_assert_str_eq(str, CORS_VERSION_STRING);
  ck_assert_uint_eq(cors_version(NULL), CORS_VERSION_NUM);
  char built[32];
  snprintf(built, sizeof built, "%d.%d.%d", CORS_VERSION_MAJOR,
           CORS_VERSION_MINOR, CORS_VERSION_PATCH);
  ck_assert_str_eq(built, CORS_VERSION_STRING);
  ck_assert_uint_eq(num >> 16, CORS_VERSION_MAJOR);
  ck_assert_uint_eq((num >> 8) & 0xff, CORS_VERSION_MINOR);
  ck_assert_uint_eq(num & 0xff, CORS_VERSION_PATCH);
  ck_assert(CORS_VERSION_AT_LEAST(CORS_VERSION_MAJOR, CORS_VERSION_MINOR,
                                  CORS_VERSION_PATCH));
  ck_assert(!CORS_VERSION_AT_LEAST(CORS_VERSION_MAJOR + 1, 0, 0));
  ck_assert(CORS_VERSION_AT_LEAST(0, 0, 1));
}
END_TEST

typedef const char *(*string_fn)(int);

static const char *status_str(int v) { return cors_strerror((cors_status)v); }
static const char *reason_str(int v) { return cors_reason_string((cors_reason)v); }
static const char *warning_str(int v) {
  return cors_warning_code_string((cors_warning_code)v);
}
static const char *kind_str(int v) { return cors_kind_string((cors_kind)v); }
static const char *action_str(int v) { return cors_action_string((cors_action)v); }

static const struct enum_case {
  const char *name;
  string_fn fn;
  int first, last; /* the known values */
  bool snake_case; /* stable identifiers: [a-z_-]+ */
} enum_cases[] = {
    {"cors_strerror", status_str, CORS_OK, CORS_ERR_ENVTEXT_SYNTAX, false},
    {"cors_reason_string", reason_str, CORS_REASON_NONE, CORS_REASON_MALFORMED_REQUEST, true},
    {"cors_warning_code_string", warning_str, CORS_WARN_INSECURE_ORIGIN, CORS_WARN_REGEX_TOO_BROAD, true},
    {"cors_kind_string", kind_str, CORS_KIND_NONE, CORS_KIND_ACTUAL, true},
    {"cors_action_string", action_str, CORS_ACTION_CONTINUE, CORS_ACTION_RESPOND, true},
};

static bool identifier_like(const char *s) {
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || *s == '_' || *s == '-'))
      return false;
  return true;
}

START_TEST(enum_strings) {
  const struct enum_case *c = &enum_cases[_i];
  for (int v = c->first; v <= c->last; v++) {
    const char *s = c->fn(v);
    ck_assert_msg(s && s[0], "%s(%d) is NULL or empty", c->name, v);
    if (c->snake_case)
      ck_assert_msg(identifier_like(s), "%s(%d) = '%s' is not an identifier",
                    c->name, v, s);
    for (int w = c->first; w < v; w++)
      ck_assert_msg(strcmp(s, c->fn(w)) != 0, "%s(%d) and (%d) are both '%s'",
                    c->name, v, w, s);
  }
  static const int unknown[] = {-1, 9999, 0x7fffffff};
  for (size_t i = 0; i < COUNT_OF(unknown); i++) {
    const char *s = c->fn(unknown[i]);
    ck_assert_msg(s && s[0], "%s(%d) unknown value is NULL or empty", c->name,
                  unknown[i]);
  }
  if (c->first > 0) {
    const char *s = c->fn(c->first - 1);
    ck_assert_msg(s && s[0], "%s(%d) is NULL or empty", c->name, c->first - 1);
  }
  const char *s = c->fn(c->last + 1);
  ck_assert_msg(s && s[0], "%s(%d) is NULL or empty", c->name, c->last + 1);
}
END_TEST

/* The names the CLI's JSON uses (docs/cors-check.md). */
START_TEST(kind_and_action_names) {
  ck_assert_str_eq(cors_kind_string(CORS_KIND_NONE), "none");
  ck_assert_str_eq(cors_kind_string(CORS_KIND_PREFLIGHT), "preflight");
  ck_assert_str_eq(cors_kind_string(CORS_KIND_ACTUAL), "actual");
  ck_assert_str_eq(cors_action_string(CORS_ACTION_RESPOND), "respond");
  ck_assert_str_eq(cors_action_string(CORS_ACTION_CONTINUE), "continue");
  ck_assert_str_eq(cors_reason_string(CORS_REASON_ORIGIN_NOT_ALLOWED),
                   "origin_not_allowed");
}
END_TEST

/* The lint identifiers of docs/lint.md, which cors-check prints and CI
 * scripts match: stable, and the retired one still named. */
START_TEST(lint_identifiers) {
  ck_assert_str_eq(cors_warning_code_string(CORS_WARN_REGEX_UNESCAPED_DOT),
                   "regex-unescaped-dot");
  ck_assert_str_eq(cors_warning_code_string(CORS_WARN_REGEX_UNANCHORED),
                   "regex-unanchored");
  ck_assert_str_eq(cors_warning_code_string(CORS_WARN_REGISTRABLE_DOMAIN),
                   "registrable-domain");
  ck_assert_str_eq(cors_warning_code_string(CORS_WARN_REGEX_TOO_BROAD),
                   "regex-too-broad");
  ck_assert_int_eq(CORS_WARN_REGISTRABLE_DOMAIN, 12);
  ck_assert_int_eq(CORS_WARN_REGEX_TOO_BROAD, 13);
  ck_assert_int_eq(CORS_ERR_PUBLIC_SUFFIX, 16);
}
END_TEST

/* The variable names of docs/semantics.md#the-environment. */
START_TEST(env_default_names) {
  static const char *const names[CORS_ENV_VAR_COUNT] = {
      "FRONTEND_ORIGINS", "ALLOW_ORIGINS_REGEX", "CORS_ALLOW_CREDENTIALS",
      "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS",
      "CORS_MAX_AGE", "CORS_ALLOW_PRIVATE_NETWORK", "CORS_DEV_DEFAULTS"};
  for (int i = 0; i < CORS_ENV_VAR_COUNT; i++) {
    const char *got = cors_env_default_name((cors_env_var)i);
    ck_assert_msg(got && strcmp(got, names[i]) == 0, "variable %d: %s", i,
                  got ? got : "(null)");
  }
  ck_assert_ptr_null(cors_env_default_name((cors_env_var)CORS_ENV_VAR_COUNT));
  ck_assert_ptr_null(cors_env_default_name((cors_env_var)-1));
}
END_TEST

START_TEST(slices_and_request_init) {
  cors_slice none = cors_slice_cstr(NULL);
  ck_assert_ptr_null(none.ptr);
  ck_assert_uint_eq(none.len, 0);
  const char *text = "abc";
  cors_slice abc = cors_slice_cstr(text);
  ck_assert_ptr_eq(abc.ptr, text);
  ck_assert_uint_eq(abc.len, 3);
  cors_slice empty = cors_slice_cstr("");
  ck_assert_ptr_nonnull(empty.ptr);
  ck_assert_uint_eq(empty.len, 0);
  cors_request req;
  memset(&req, 0x5A, sizeof req);
  cors_request_init(&req);
  ck_assert_ptr_null(req.origin.ptr);
  ck_assert_uint_eq(req.origin_count, 0);
  ck_assert_ptr_null(req.request_method.ptr);
  ck_assert_uint_eq(req.request_method_count, 0);
  ck_assert_uint_eq(req.request_headers_count, 0);
  ck_assert_ptr_null(req.request_private_network.ptr);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("strings");
  TCase *tc = tcase_create("strings");
  tcase_add_test(tc, version_matches_macros);
  tcase_add_loop_test(tc, enum_strings, 0, (int)COUNT_OF(enum_cases));
  tcase_add_test(tc, kind_and_action_names);
  tcase_add_test(tc, lint_identifiers);
  tcase_add_test(tc, env_default_names);
  tcase_add_test(tc, slices_and_request_init);
  suite_add_tcase(s, tc);
  return s;
}
