/* cors_policy_dump: canonical text (same effective policy, same bytes),
 * snprintf semantics, one setting per line. */
#include <check.h>

#include <cors/cors.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct spec {
  const char *origins, *regex, *methods, *headers, *expose;
  bool credentials;
  long max_age; /* -1: none */
} spec;

static cors_policy *compile(const spec *s) {
  cors_config *cfg = cors_config_new(NULL);
  cors_error err;
  ck_assert_ptr_nonnull(cfg);
#define MUST(call) ck_assert_msg((call) == CORS_OK, "%s", err.message)
  if (s->origins)
    MUST(
        cors_config_add_origins_csv(cfg, s->origins, strlen(s->origins), &err));
  if (s->regex)
    MUST(cors_config_set_origin_regex(cfg, s->regex, strlen(s->regex), &err));
  if (s->methods)
    MUST(
        cors_config_set_methods_csv(cfg, s->methods, strlen(s->methods), &err));
  if (s->headers)
    MUST(cors_config_set_allowed_headers_csv(cfg, s->headers,
                                             strlen(s->headers), &err));
  if (s->expose)
    MUST(cors_config_set_exposed_headers_csv(cfg, s->expose, strlen(s->expose),
                                             &err));
  if (s->max_age >= 0)
    MUST(cors_config_set_max_age(cfg, s->max_age, &err));
#undef MUST
  cors_config_set_credentials(cfg, s->credentials);
  cors_policy *pol = NULL;
  ck_assert_msg(cors_policy_compile(cfg, &pol, &err) == CORS_OK, "%s",
                err.message);
  cors_config_free(cfg);
  return pol;
}

/* The whole dump as a new string. */
static char *dump(const cors_policy *pol) {
  size_t need = cors_policy_dump(pol, NULL, 0);
  char *buf = malloc(need + 1);
  ck_assert_ptr_nonnull(buf);
  ck_assert_uint_eq(cors_policy_dump(pol, buf, need + 1), need);
  ck_assert_uint_eq(strlen(buf), need);
  return buf;
}

static char *dump_spec(const spec *s) {
  cors_policy *pol = compile(s);
  char *text = dump(pol);
  cors_policy_free(pol);
  return text;
}

static const spec base = {
    "https://b.example.com, https://a.example.com, https://*.example.org",
    "^https://[a-z]+\\.example\\.net$",
    "GET, POST, PATCH",
    "Authorization, Content-Type",
    "ETag, X-Request-ID",
    true,
    600};

START_TEST(starts_with_the_format_line) {
  char *text = dump_spec(&base);
  ck_assert_msg(strncmp(text, "libcors-policy 1\n", 17) == 0, "%s", text);
  ck_assert(text[strlen(text) - 1] == '\n');
  ck_assert_ptr_nonnull(strstr(text, "\norigin: https://a.example.com\n"));
  ck_assert_ptr_nonnull(
      strstr(text, "\norigin-pattern: https://*.example.org\n"));
  ck_assert_ptr_nonnull(
      strstr(text, "\norigin-regex: ^https://[a-z]+\\.example\\.net$\n"));
  ck_assert_ptr_nonnull(strstr(text, "\ncredentials: true\n"));
  ck_assert_ptr_nonnull(strstr(text, "\nmax-age: 600\n"));
  ck_assert_ptr_nonnull(strstr(text, "\nexpose-headers: ETag, X-Request-ID\n"));
  free(text);
}
END_TEST

/* Order and duplicates in the configuration do not change the text. */
START_TEST(same_effective_policy_same_text) {
  spec other = base;
  other.origins = "https://*.example.org,https://a.example.com:443, "
                  "https://B.example.com, https://a.example.com";
  other.methods = "PATCH, post, GET, POST"; /* only the six are
                                                  upper-cased */
  other.headers = "content-type, AUTHORIZATION";
  char *a = dump_spec(&base);
  char *b = dump_spec(&other);
  ck_assert_str_eq(a, b);
  free(a);
  free(b);
}
END_TEST

typedef struct change {
  const char *name;
  spec s;
} change;

START_TEST(different_policies_differ) {
  change changes[] = {{"origin", base},  {"regex", base},
                      {"methods", base}, {"headers", base},
                      {"expose", base},  {"credentials", base},
                      {"max age", base}, {"no max age", base}};
  changes[0].s.origins = "https://a.example.com";
  changes[1].s.regex = NULL;
  changes[2].s.methods = "GET, POST";
  changes[3].s.headers = "Authorization";
  changes[4].s.expose = "X-Request-ID, ETag";
  changes[5].s.credentials = false;
  changes[6].s.max_age = 601;
  changes[7].s.max_age = -1;
  char *ref = dump_spec(&base);
  for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
    char *text = dump_spec(&changes[i].s);
    ck_assert_msg(strcmp(ref, text) != 0, "%s: same dump", changes[i].name);
    free(text);
  }
  free(ref);
}
END_TEST

START_TEST(snprintf_semantics) {
  cors_policy *pol = compile(&base);
  char *full = dump(pol);
  size_t need = strlen(full);
  char small[16];
  memset(small, 'x', sizeof small);
  ck_assert_uint_eq(cors_policy_dump(pol, small, sizeof small), need);
  ck_assert_uint_eq(strlen(small), sizeof small - 1);
  ck_assert(strncmp(small, full, sizeof small - 1) == 0);
  char one[1] = {'x'};
  ck_assert_uint_eq(cors_policy_dump(pol, one, 1), need);
  ck_assert_int_eq(one[0], '\0');
  char *exact = malloc(need);
  ck_assert_uint_eq(cors_policy_dump(pol, exact, need), need);
  ck_assert_uint_eq(strlen(exact), need - 1); /* truncated by one */
  free(exact);
  free(full);
  cors_policy_free(pol);
  char empty[4] = "abc";
  ck_assert_uint_eq(cors_policy_dump(NULL, empty, sizeof empty), 0);
  ck_assert_str_eq(empty, "");
}
END_TEST

/* A regex may hold a newline; the dump stays one setting per line. */
START_TEST(control_bytes_are_escaped) {
  spec s = base;
  s.regex = "^https://a\\.com$|\n^https://b\\.com$";
  char *text = dump_spec(&s);
  ck_assert_ptr_nonnull(strstr(text, "\\x0a"));
  size_t lines = 0;
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  char *ref = dump_spec(&base);
  size_t ref_lines = 0;
  for (const char *p = ref; *p; p++)
    ref_lines += *p == '\n';
  ck_assert_uint_eq(lines, ref_lines);
  free(text);
  free(ref);
}
END_TEST

static Suite *dump_suite(void) {
  Suite *s = suite_create("dump");
  TCase *tc = tcase_create("dump");
  tcase_add_test(tc, starts_with_the_format_line);
  tcase_add_test(tc, same_effective_policy_same_text);
  tcase_add_test(tc, different_policies_differ);
  tcase_add_test(tc, snprintf_semantics);
  tcase_add_test(tc, control_bytes_are_escaped);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(dump_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
